/**
 * The "manage my booking" link of a customer mail:
 * `${PUBLIC_URL}/reserve/manage?token=<manage token>` (lib/manage_token.ts).
 */
import type { ConfirmationFacts } from "../../db/outbox.ts";
import type { ReservationLinks } from "../reservation_links.ts";
import { type Clock, systemClock } from "../../domain/clock.ts";

/** Path of the manage page. */
export const MANAGE_PATH = "/reserve/manage";

/** The manage page's URL for a token, under `base` (PUBLIC_URL or ""). */
export function managePageUrl(base: string, token: string): string {
  return `${base}${MANAGE_PATH}?token=${encodeURIComponent(token)}`;
}

/**
 * The manage link of the reservation a mail is about, or null when the
 * facts do not name its ticket.
 */
export async function manageLinkOf(
  deps: { links: ReservationLinks; publicUrl: string; clock?: Clock },
  facts: Pick<ConfirmationFacts, "reservation_id" | "ticket_id">,
): Promise<string | null> {
  if (facts.ticket_id === undefined) return null;
  const token = await deps.links.manage.sign(
    { reservationId: facts.reservation_id, ticketId: facts.ticket_id },
    (deps.clock ?? systemClock)(),
  );
  return managePageUrl(deps.publicUrl, token);
}
