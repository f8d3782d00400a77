/**
 * The answer of a booking of several reservations (create-group, a
 * waitlist claim): as create answers one (`reservationAnswer`), the venue's
 * `organization` block once, and each reservation with its `manage_token`.
 */
import type { AppDeps } from "../deps.ts";
import type { ReservationView } from "../../db/reservations.ts";
import { publicOrganization } from "../../lib/public_organization.ts";
import { reservationBody } from "./reservations.ts";

/** `{ organization?, reservations: [{ ...reservationBody, manage_token }] }`. */
export async function reservationsAnswer(
  deps: Pick<AppDeps, "links" | "orgs">,
  orq: number,
  reservations: ReservationView[],
  instant: Date,
) {
  const org = await deps.orgs.get(orq);
  return {
    ...(org ? { organization: publicOrganization(org) } : {}),
    reservations: await Promise.all(reservations.map(async (r) => ({
      ...reservationBody(deps.links, r),
      // Each ticket's own "manage my booking" link (lib/manage_token.ts).
      manage_token: await deps.links.manage.sign(
        { reservationId: r.id, ticketId: r.ticket_id },
        instant,
      ),
    }))),
  };
}
