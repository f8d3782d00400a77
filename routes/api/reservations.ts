import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { clientKey, parseWith, readJson } from "../../lib/http.ts";
import { AppError } from "../../domain/errors.ts";
import { normalizeEmail, normalizePhone } from "../../domain/contact.ts";
import { maskEmail, maskPhone } from "../../domain/contact_mask.ts";
import { normalizeTicketCode } from "../../domain/ticket_code.ts";
import {
  createReservation,
  findReservationByCode,
  type ReservationView,
} from "../../db/reservations.ts";
import type { ReservationLinks } from "../../lib/reservation_links.ts";
import { qrPayload } from "../../lib/qr_images.ts";
import { reservationFileRoutes } from "./reservation_files.ts";
import { logEvent } from "../../lib/log.ts";
import { codeOrNotFound } from "../../lib/ticket_check.ts";
import { announceBooked, recordBookingFailure } from "./booking_outcome.ts";
import { anyJson, ticketCodeField } from "./fields.ts";
import { withNationalPhone } from "../../lib/national_phone.ts";
import { ticketPageUrl } from "../../lib/ticket_page.ts";
import {
  type PublicOrganization,
  publicOrganization,
} from "../../lib/public_organization.ts";
import { DEFAULT_SETTINGS } from "../../domain/org_settings.ts";
import { LOCALES } from "../../domain/locale.ts";

/** Body of `POST /api/reservations/create`. */
export const createBody = z.strictObject({
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
          message:
            "Use international format (e.g. +31 6 1234 5678), or a number of the venue's country",
        });
        return z.NEVER;
      }
      return phone;
    },
  ),
  /** The customer's language (API.md): their mails are written in it. */
  locale: z.enum(LOCALES).optional(),
});

/** Query of `GET /api/reservations/lookup`. */
export const lookupQuery = z.object({ code: ticketCodeField });

/**
 * The 201 body of API.md for a reservation, with its signed QR and
 * calendar URLs; `masked`: the contact as a ticket code alone may read it.
 */
export function reservationBody(
  links: ReservationLinks,
  r: ReservationView,
  opts: { masked?: boolean; organization?: PublicOrganization } = {},
) {
  const urls = links.urls(r);
  return {
    ...(opts.organization ? { organization: opts.organization } : {}),
    reservation: {
      id: r.id,
      ticket_code: r.ticket_code,
      status: r.status,
      customer_email: opts.masked
        ? maskEmail(r.customer_email)
        : r.customer_email,
      customer_phone: opts.masked
        ? maskPhone(r.customer_phone)
        : r.customer_phone,
      reserved_at: new Date(r.reserved_at).toISOString(),
      slot: r.slot,
    },
    qr: {
      payload: qrPayload(r.ticket_code, r.signed_payload),
      svg_url: urls.svg_url,
      png_url: urls.png_url,
    },
    calendar_url: urls.calendar_url,
    ticket_url: ticketPageUrl(links, r),
  };
}

/**
 * {@link reservationBody} with the venue's `organization` block (API.md
 * "Organization settings"), read through the organization cache.
 */
export async function reservationAnswer(
  deps: Pick<AppDeps, "links" | "orgs">,
  r: ReservationView,
  opts: { masked?: boolean } = {},
) {
  const org = await deps.orgs.get(r.orq);
  return reservationBody(deps.links, r, {
    ...opts,
    ...(org ? { organization: publicOrganization(org) } : {}),
  });
}

/** `/api/reservations`: create, look up, and the QR and calendar files. */
export function reservationRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/create", async (c) => {
    const { r, instant } = await bookReservation(
      deps,
      clientKey(c, deps.trustProxy),
      await readJson(c, anyJson),
    );
    c.set("orq", r.orq);
    return c.json({
      ...await reservationAnswer(deps, r),
      // The success page's "manage my booking" link (lib/manage_token.ts).
      manage_token: await deps.links.manage.sign(
        { reservationId: r.id, ticketId: r.ticket_id },
        instant,
      ),
    }, 201);
  });

  // "Show my QR again": a code alone never reveals the contact (masked),
  // and nothing here logs it.
  app.get("/lookup", async (c) => {
    await deps.limits.lookup.consume(
      `lookup:${clientKey(c, deps.trustProxy)}`,
    );
    const q = parseWith(lookupQuery, c.req.query());
    const code = normalizeTicketCode(q.code);
    const r = code ? await findReservationByCode(deps.db, code) : null;
    if (!r) throw new AppError("RESERVATION_NOT_FOUND");
    return c.json(await reservationAnswer(deps, r, { masked: true }));
  });

  app.route("/", reservationFileRoutes(deps));

  return app;
}

/**
 * Books `raw` (create's body, also what the portal's form posts) for
 * `client`: the rate limit, the body's rules, the transaction, its events,
 * metrics and cache upkeep, as API.md says; the reservation, or the refusal
 * thrown (logged as `reservation.failed` once ticket and slot were asked for).
 */
export async function bookReservation(
  deps: AppDeps,
  client: string,
  raw: unknown,
): Promise<{ r: ReservationView; instant: Date }> {
  let asked: { at: Date; slotId: number } | null = null;
  try {
    await deps.limits.reserve.consume(`reserve:${client}`);
    const body = parseWith(createBody, await withNationalPhone(deps, raw));
    const code = codeOrNotFound(body.ticket_code);
    const instant = deps.clock();
    asked = { at: instant, slotId: body.slot_id };
    const r = await createReservation(deps.store, {
      code,
      slotId: body.slot_id,
      email: body.customer_email,
      phone: body.customer_phone,
      locale: body.locale ?? null,
    }, {
      instant,
      zonedNow: (orq) => deps.zonedNow(orq, instant),
      horizonDays: async (orq) =>
        (await deps.orgs.get(orq))?.settings.booking_horizon_days ??
          DEFAULT_SETTINGS.booking_horizon_days,
    });
    logEvent("reservation.created", {
      ticket_id: r.ticket_id,
      reservation_id: r.id,
      slot_id: r.slot.id,
      customer_email: r.customer_email,
      timestamp: instant.toISOString(),
    });
    announceBooked(deps, r.orq, r.slot.id, 1);
    return { r, instant };
  } catch (err) {
    recordBookingFailure(
      deps,
      err,
      asked,
      (e) => e.context.ticket_id ?? null,
    );
    throw err;
  }
}
