/**
 * The success page survives a reload: the booking's manage token (never the
 * code or the contact) rides in the address's fragment, `#booking=<token>`,
 * which browsers keep on reload and never send to the server; the page
 * reads the booking back with it (`POST /api/reservations/lookup`).
 */
import { lookupManaged } from "../manage/api.ts";
import type { PortalState } from "./state.ts";

const PREFIX = "#booking=";

/** Puts `token` in the address's fragment (the history entry is replaced). */
export function rememberBooking(token: string | undefined): void {
  if (!token || typeof history === "undefined") return;
  history.replaceState(
    null,
    "",
    // The search goes: a `?code=` from a mail's link is done with.
    `${location.pathname}${PREFIX}${encodeURIComponent(token)}`,
  );
}

/** Drops the fragment again ("Reserve another ticket"). */
export function forgetBooking(): void {
  if (typeof history === "undefined" || !location.hash) return;
  history.replaceState(null, "", location.pathname);
}

/**
 * Shows the success page again for the fragment's token after a reload; a
 * token that opens nothing any more is dropped.
 */
export async function restoreBooking(s: PortalState): Promise<void> {
  if (!location.hash.startsWith(PREFIX)) return;
  const token = decodeURIComponent(location.hash.slice(PREFIX.length));
  const r = await lookupManaged({ manage_token: token });
  if (!r.ok) {
    forgetBooking();
    return;
  }
  const b = r.data;
  s.ticket.value = { code: b.reservation.ticket_code, orq: b.organization.orq };
  s.email.value = b.reservation.customer_email;
  s.phone.value = b.reservation.customer_phone;
  s.slot.value = b.reservation.slot;
  s.booking.value = b;
  s.booked.value = [b];
  s.go("done");
}
