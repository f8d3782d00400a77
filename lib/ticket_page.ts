/**
 * The printable ticket page's URL: signed exactly as the QR and calendar
 * links (lib/reservation_links.ts), so it carries no personal data and
 * opens only the version it was made for.
 */
import type { ReservationLinks } from "./reservation_links.ts";

/** `/reserve/ticket?id=…&t=…&v=…` (absolute under `base`). */
export function ticketPageUrl(
  links: ReservationLinks,
  r: { id: number; version: number },
  base = "",
): string {
  return `${base}/reserve/ticket?id=${r.id}&t=${
    links.token(r.id, r.version)
  }&v=${r.version}`;
}

/** The captioned ticket PNG's URL, from the signed QR PNG URL of the same version. */
export function ticketPngUrl(qrPngUrl: string): string {
  return qrPngUrl.replace("/qr.png?", "/ticket.png?");
}

/** A ticket file's name without extension: `ticket-museum-of-light-2026-12-12-1400`. */
export function ticketFileStem(
  venue: string,
  slot: { date: string; start_time: string },
): string {
  const slug = venue.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
    .slice(0, 60).replace(/-+$/, "");
  const time = slot.start_time.replace(":", "");
  return `ticket-${slug ? `${slug}-` : ""}${slot.date}-${time}`;
}

/** The downloaded PNG's file name: `ticket-museum-of-light-2026-12-12-1400.png`. */
export function ticketFileName(
  venue: string,
  slot: { date: string; start_time: string },
  ext = "png",
): string {
  return `${ticketFileStem(venue, slot)}.${ext}`;
}
