/**
 * The body of the door's answers (API.md "validate-ticket" and "Door"): the
 * decision with the ticket as it is after the request. Check-in keeps it as
 * the first answer of its nonce, so it is built here, beside the writes.
 */
import type { Direction, ScanDecision } from "../domain/scan_decision.ts";
import { reservationOf, type TicketRow } from "./tickets.ts";

/** The validate-ticket body of API.md; customer contact only on GREEN and YELLOW. */
export function scanAnswer(t: TicketRow | null, d: ScanDecision) {
  return {
    result: d.result,
    reason: d.reason,
    title: d.title,
    message: d.message,
    ticket: t ? { code: t.code, status: t.status } : null,
    reservation: t ? reservationOf(t) : null,
    customer: t && d.result !== "RED"
      ? { email: t.customer_email, phone: t.customer_phone }
      : null,
    verified_at: t?.verified_at ? new Date(t.verified_at).toISOString() : null,
    verified_by: t?.verified_by
      ? { id: t.verified_by, name: t.verified_by_name }
      : null,
    can_verify: d.can_verify,
  };
}

/** A validate-ticket body. */
export type ScanAnswer = ReturnType<typeof scanAnswer>;

/** The check-in body: the decision plus whether this guest passed. */
export type DoorAnswer = ScanAnswer & {
  checked_in: boolean;
  checked_out?: boolean;
  /** Undo only: the door event it reverted. */
  undone?: { id: number; kind: string; at: string };
};

/** The answer to a pass in `direction`; `passed` when the guest went through. */
export function passAnswer(
  t: TicketRow | null,
  d: ScanDecision,
  direction: Direction,
  passed: boolean,
): DoorAnswer {
  return direction === "OUT"
    ? { ...scanAnswer(t, d), checked_in: false, checked_out: passed }
    : { ...scanAnswer(t, d), checked_in: passed };
}
