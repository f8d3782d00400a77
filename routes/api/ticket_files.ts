/**
 * `GET /api/reservations/:id/ticket.png?t=&v=`: the downloadable ticket, a
 * QR code captioned with the venue, date, time and code, named after them
 * (`ticket-museum-of-light-2026-12-12-1400.png`). Signed and limited as the
 * QR and calendar files. The date is in the reservation's language, else
 * the venue's (as its mails).
 */
import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { AppError } from "../../domain/errors.ts";
import { qrPayload } from "../../lib/qr_images.ts";
import { openSignedReservation } from "../../lib/signed_reservation.ts";
import { ticketFileName } from "../../lib/ticket_page.ts";
import { ticketCaption, TicketImages } from "../../lib/ticket_png.ts";
import { mailLocale } from "../../lib/mail/language.ts";
import { translatorFor } from "../../lib/catalogue.ts";
import { matchesEtag } from "./reservation_files.ts";

/** The ticket PNG route, with its own cache of drawn tickets. */
export function ticketFileRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const images = new TicketImages();

  app.get("/:id/ticket.png", async (c) => {
    const r = await openSignedReservation(deps, c, c.req.param("id"));
    const org = r ? await deps.orgs.get(r.orq) : null;
    if (!r || !org) throw new AppError("RESERVATION_NOT_FOUND");
    const t = translatorFor(mailLocale(r.locale, org.locale));
    const image = await images.get(
      { id: r.id, version: r.version, locale: t.locale },
      qrPayload(r.ticket_code, r.signed_payload),
      ticketCaption(t, org.name, r),
    );
    const headers = {
      etag: image.etag,
      "cache-control": "private, max-age=31536000, immutable",
    };
    if (matchesEtag(c.req.header("if-none-match"), image.etag)) {
      return c.body(null, 304, headers);
    }
    return c.body(image.body as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      "content-type": "image/png",
      "content-disposition": `attachment; filename="${
        ticketFileName(org.name, r.slot)
      }"`,
    });
  });

  return app;
}
