import { Hono } from "hono";
import type { Context } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { clientKey } from "../../lib/http.ts";
import { AppError } from "../../domain/errors.ts";
import {
  findReservationById,
  type ReservationView,
  slotInstants,
} from "../../db/reservations.ts";
import { calendarFile } from "../../lib/calendar_file.ts";
import { translatorFor } from "../../lib/catalogue.ts";
import { mailLocale } from "../../lib/mail/language.ts";
import { type QrFormat, qrPayload } from "../../lib/qr_images.ts";

/** Each version has its own URL, so a browser may keep its image for good. */
const IMMUTABLE = "private, max-age=31536000, immutable";
const CONTENT_TYPES: Record<QrFormat, string> = {
  png: "image/png",
  svg: "image/svg+xml",
};

/**
 * `/api/reservations/:id/{qr.svg,qr.png,calendar.ics}?t=<token>&v=<version>`:
 * the files of one version of a reservation, opened by its signed token
 * (lib/reservation_links.ts). No token, a wrong one, another version's or
 * a cancelled reservation → 404 RESERVATION_NOT_FOUND. Limited per client
 * address (RATE_LIMIT_LOOKUP_PER_MIN).
 */
export function reservationFileRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  /** The reservation the URL's token opens; 404 otherwise. */
  async function signedReservation(c: Context): Promise<ReservationView> {
    await deps.limits.lookup.consume(
      `lookup:${clientKey(c, deps.trustProxy)}`,
    );
    const id = smallInt(c.req.param("id"));
    const version = smallInt(c.req.query("v"));
    const token = c.req.query("t");
    // The token is checked before the database is asked anything.
    if (
      id === null || version === null || !token ||
      !(deps.links.verify(id, version, token))
    ) {
      throw new AppError("RESERVATION_NOT_FOUND");
    }
    const r = await findReservationById(deps.db, id);
    if (!r || r.version !== version) {
      throw new AppError("RESERVATION_NOT_FOUND");
    }
    return r;
  }

  for (const format of ["svg", "png"] as const) {
    app.get(`/:id/qr.${format}`, async (c) => {
      const r = await signedReservation(c);
      const image = await deps.qrImages.get(
        r,
        format,
        qrPayload(r.ticket_code, r.signed_payload),
      );
      const headers = { etag: image.etag, "cache-control": IMMUTABLE };
      if (matchesEtag(c.req.header("if-none-match"), image.etag)) {
        return c.body(null, 304, headers);
      }
      return c.body(image.body, 200, {
        ...headers,
        "content-type": CONTENT_TYPES[format],
        "content-disposition": `inline; filename="ticket-${
          r.ticket_code.slice(0, 4)
        }.${format}"`,
      });
    });
  }

  app.get("/:id/calendar.ics", async (c) => {
    const r = await signedReservation(c);
    const [at, urls, org] = await Promise.all([
      slotInstants(deps.db, r.id),
      deps.links.urls(r, deps.config.publicUrl),
      deps.orgs.get(r.orq),
    ]);
    // In the language of the reservation's mails.
    const t = translatorFor(mailLocale(r.locale, org?.locale));
    const ics = calendarFile(t, {
      reservationId: r.id,
      ticketCode: r.ticket_code,
      starts: at.starts,
      ends: at.ends,
      orgName: at.org_name,
      address: org?.address,
      reminderHoursBefore: org?.settings.reminder_hours_before,
      link: urls.png_url,
      sequence: r.version - 1,
    });
    return c.body(ics, 200, {
      "content-type": "text/calendar; charset=utf-8",
      "cache-control": "private, no-cache",
      "content-disposition": `attachment; filename="visit-${r.slot.date}.ics"`,
    });
  });

  return app;
}

/** A positive integer of at most 9 digits, or null. */
function smallInt(text: string | undefined): number | null {
  return text && /^[1-9]\d{0,8}$/.test(text) ? Number(text) : null;
}

/** Whether an `If-None-Match` header names `etag` (weak comparison, RFC 9110). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) =>
    tag.trim().replace(/^W\//, "") === etag
  );
}
