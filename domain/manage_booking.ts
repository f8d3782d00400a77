/**
 * What the "manage my booking" page may offer (API.md "Customer
 * self-service"): whether the booking can still be changed online, until
 * when, and if not, why, in the refusal codes reschedule and cancel would
 * answer.
 */
import { changeCutoff } from "./customer_change.ts";

/** Why a booking can no longer be changed by its customer. */
export type ChangeRefusal =
  | "TICKET_ALREADY_VERIFIED"
  | "TICKET_EXPIRED"
  | "CHANGE_CUTOFF_PASSED";

/** The change window of a booking. */
export interface ChangeWindow {
  /** The last instant (exclusive) of changes; null: never online. */
  cutoff: Date | null;
  /** Null while changes are possible. */
  refusal: ChangeRefusal | null;
}

/**
 * The change window of a booking in `status` whose slot starts at `starts`,
 * at `now`, under `change_cutoff_hours` = `hours`: the same checks, in the
 * same order, as the customer's reschedule and cancel.
 */
export function changeWindow(
  status: string,
  starts: Date,
  hours: number | null,
  now: Date,
): ChangeWindow {
  const cutoff = changeCutoff(starts, hours);
  if (status === "EXPIRED") return { cutoff, refusal: "TICKET_EXPIRED" };
  if (status === "VERIFIED") {
    return { cutoff, refusal: "TICKET_ALREADY_VERIFIED" };
  }
  const open = cutoff !== null && now.getTime() < cutoff.getTime();
  return { cutoff, refusal: open ? null : "CHANGE_CUTOFF_PASSED" };
}
