import { Hono } from "hono";
import { z } from "zod";
import QRCode from "qrcode";
import { createEvent } from "ics";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { clientKey, parseWith, readJson } from "../../lib/http.ts";
import { AppError } from "../../domain/errors.ts";
import { normalizeEmail, normalizePhone } from "../../domain/contact.ts";
import {
  formatTicketCode,
  normalizeTicketCode,
} from "../../domain/ticket_code.ts";
import {
  createReservation,
  findReservationByCode,
  findReservationWithCredential,
  type ReservationView,
  slotInstants,
} from "../../db/reservations.ts";
import { logEvent } from "../../lib/log.ts";
import { codeOrNotFound, ticketCodeField } from "./tickets.ts";

const createBody = z.strictObject({
  ticket_code: ticketCodeField,
  slot_id: z.int().positive().max(2_147_483_647),
  customer_email: z.string().max(254, "At most 254 characters").transform(
    (v, ctx) => {
      const email = normalizeEmail(v);
      if (!email) {
        ctx.addIssue({ code: "custom", message: "Not a valid email address" });
        return z.NEVER;
      }
      return email;
    },
  ),
  customer_phone: z.string().max(40, "Too long for a phone number").transform(
    (v, ctx) => {
      const phone = normalizePhone(v);
      if (!phone) {
        ctx.addIssue({
          code: "custom",
          message: "Use international format, e.g. +31 6 1234 5678",
        });
        return z.NEVER;
      }
      return phone;
    },
  ),
});

const credentialQuery = z.object({ code: z.string().max(200).optional() });

/** The QR payload of a ticket: its code in groups of four. */
export function qrPayload(code: string): string {
  return formatTicketCode(code);
}

/** The 201 body of API.md for a reservation, with credentialed links. */
export function reservationBody(r: ReservationView) {
  const cred = `?code=${encodeURIComponent(r.ticket_code)}`;
  const base = `/api/reservations/${r.id}`;
  return {
    reservation: {
      id: r.id,
      ticket_code: r.ticket_code,
      status: r.status,
      customer_email: r.customer_email,
      customer_phone: r.customer_phone,
      reserved_at: new Date(r.reserved_at).toISOString(),
      slot: r.slot,
    },
    qr: {
      payload: qrPayload(r.ticket_code),
      svg_url: `${base}/qr.svg${cred}`,
      png_url: `${base}/qr.png${cred}`,
    },
    calendar_url: `${base}/calendar.ics${cred}`,
  };
}

/** `/api/reservations`: create, look up, and the QR and calendar files. */
export function reservationRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/create", async (c) => {
    await deps.limits.reserve.consume(
      `reserve:${clientKey(c, deps.trustProxy)}`,
    );
    const body = await readJson(c, createBody);
    const code = codeOrNotFound(body.ticket_code);
    const instant = deps.clock();
    try {
      const r = await createReservation(deps.db, {
        code,
        slotId: body.slot_id,
        email: body.customer_email,
        phone: body.customer_phone,
      }, {
        instant,
        zonedNow: (orq) => deps.zonedNow(orq, instant),
      });
      logEvent("reservation.created", {
        ticket_id: r.ticket_id,
        reservation_id: r.id,
        slot_id: r.slot.id,
        customer_email: r.customer_email,
        timestamp: instant.toISOString(),
      });
      c.set("orq", r.orq);
      deps.onReservation?.();
      deps.caches.availability.clear(`${r.orq}|`);
      deps.live?.changed(r.orq, r.slot.id, "reservation");
      return c.json(reservationBody(r), 201);
    } catch (err) {
      if (err instanceof AppError) {
        logEvent("reservation.failed", {
          ticket_id: err.context.ticket_id ?? null,
          slot_id: body.slot_id,
          reason: err.code,
          timestamp: instant.toISOString(),
        });
      }
      throw err;
    }
  });

  app.get("/lookup", async (c) => {
    const q = parseWith(z.object({ code: ticketCodeField }), c.req.query());
    const code = normalizeTicketCode(q.code);
    const r = code ? await findReservationByCode(deps.db, code) : null;
    if (!r) throw new AppError("RESERVATION_NOT_FOUND");
    return c.json(reservationBody(r));
  });

  /** The reservation `:id` when `?code=` is its ticket's code; 404 otherwise. */
  async function credentialed(id: string, typed: string | undefined) {
    const n = /^\d{1,9}$/.test(id) ? Number(id) : NaN;
    const code = typed ? normalizeTicketCode(typed) : null;
    const r = code && Number.isFinite(n)
      ? await findReservationWithCredential(deps.db, n, code)
      : null;
    if (!r) throw new AppError("RESERVATION_NOT_FOUND");
    return r;
  }

  app.get("/:id/qr.svg", async (c) => {
    const q = parseWith(credentialQuery, c.req.query());
    const r = await credentialed(c.req.param("id"), q.code);
    const svg = await QRCode.toString(qrPayload(r.ticket_code), {
      type: "svg",
      errorCorrectionLevel: "M",
      margin: 2,
    });
    return c.body(svg, 200, {
      "content-type": "image/svg+xml",
      "cache-control": "private, max-age=3600",
      "content-disposition": `inline; filename="ticket-${
        r.ticket_code.slice(0, 4)
      }.svg"`,
    });
  });

  app.get("/:id/qr.png", async (c) => {
    const q = parseWith(credentialQuery, c.req.query());
    const r = await credentialed(c.req.param("id"), q.code);
    const png = await QRCode.toBuffer(qrPayload(r.ticket_code), {
      type: "png",
      errorCorrectionLevel: "M",
      margin: 2,
      width: 512,
    });
    return c.body(new Uint8Array(png), 200, {
      "content-type": "image/png",
      "cache-control": "private, max-age=3600",
      "content-disposition": `inline; filename="ticket-${
        r.ticket_code.slice(0, 4)
      }.png"`,
    });
  });

  app.get("/:id/calendar.ics", async (c) => {
    const q = parseWith(credentialQuery, c.req.query());
    const r = await credentialed(c.req.param("id"), q.code);
    const t = await slotInstants(deps.db, r.id);
    const ics = calendarFile(deps.config, {
      reservationId: r.id,
      ticketCode: r.ticket_code,
      starts: t.starts,
      ends: t.ends,
      orgName: t.org_name,
    });
    return c.body(ics, 200, {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="visit-${r.slot.date}.ics"`,
    });
  });

  return app;
}

/**
 * The reservation as an iCalendar event (its slot's instants in UTC). Pure:
 * the route reads the instants with `slotInstants`, the confirmation mail
 * gets them with its claimed outbox row.
 */
export function calendarFile(
  config: Pick<AppDeps["config"], "publicUrl">,
  v: {
    reservationId: number;
    ticketCode: string;
    starts: Date | string;
    ends: Date | string;
    orgName: string;
  },
): string {
  const link = `${config.publicUrl}/reserve?code=${
    encodeURIComponent(v.ticketCode)
  }`;
  const { error, value } = createEvent({
    uid: `reservation-${v.reservationId}@timed-entry`,
    start: new Date(v.starts).getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: new Date(v.ends).getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: `Visit: ${v.orgName}`,
    description: `Ticket ${
      formatTicketCode(v.ticketCode)
    }. Show the QR code at the entrance.\n${link}`,
    url: link,
    status: "CONFIRMED",
    productId: "timed-entry",
  });
  if (error || !value) throw error ?? new Error("Cannot build calendar file");
  return value;
}
