/** The "manage my booking" API (API.md "Customer self-service") as the page calls it. */
import {
  type ApiResult,
  type Booking,
  postJson,
  type Venue,
} from "../portal/api.ts";

/** Why a booking can no longer be changed online. */
export type ChangeRefusal =
  | "TICKET_ALREADY_VERIFIED"
  | "TICKET_EXPIRED"
  | "CHANGE_CUTOFF_PASSED";

/** `POST /api/reservations/lookup`: the booking in full. */
export interface ManagedBooking extends Booking {
  organization: Venue;
  manage_token: string;
  manage: {
    timezone: string;
    starts_at: string;
    ends_at: string;
    change_cutoff: string | null;
    changeable: boolean;
    refusal: ChangeRefusal | null;
    horizon_date: string;
  };
}

/** The customer's credential: the manage link's token, or code and email. */
export type Credential =
  | { manage_token: string }
  | { ticket_code: string; customer_email: string };

/** The booking for a credential. */
export function lookupManaged(
  cred: Credential,
): Promise<ApiResult<ManagedBooking>> {
  return postJson("/api/reservations/lookup", cred);
}

/** Moves the booking of `token` to `slotId`. */
export function rescheduleManaged(
  token: string,
  slotId: number,
): Promise<ApiResult<Booking>> {
  return postJson("/api/reservations/reschedule", {
    manage_token: token,
    slot_id: slotId,
  });
}

/** Cancels the booking of `token`. */
export function cancelManaged(
  token: string,
): Promise<ApiResult<{ ticket: { code: string } }>> {
  return postJson("/api/reservations/cancel", { manage_token: token });
}

/** Queues the confirmation mail of ticket `code` again. */
export function resendMail(code: string): Promise<ApiResult<unknown>> {
  return postJson("/api/reservations/resend", { ticket_code: code });
}
