/**
 * Nonces of the door (API.md "Door"): unique per organization across
 * check-in, verify, undo and sync. A repeat of the same request (same code,
 * same direction, or undo again) gets the first answer and records nothing;
 * the nonce of another request is refused.
 */
import type { Sql } from "./client.ts";
import { validationFailed } from "../domain/errors.ts";
import type { DoorAnswer } from "./door_answer.ts";

/** What a nonce was spent on: a direction, or an undo. */
export type DoorOperation = "IN" | "OUT" | "UNDO";

/** The first answer of a nonce, with the facts a caller needs. */
export interface Replay {
  answer: DoorAnswer;
  ticketId: number;
}

/** A unique violation on the nonce: the transaction rolls back, then replays. */
export class NonceTaken extends Error {}

/**
 * The answer first given to `nonce` in organization `orq`, or null when it
 * is new; 400 `fields.nonce` when it was spent on another code or operation.
 */
export async function replayOf(
  sql: Sql,
  orq: number,
  nonce: string,
  req: { code: string | null; operation: DoorOperation },
): Promise<Replay | null> {
  const rows = await sql.query<{
    kind: string;
    direction: string | null;
    answer: DoorAnswer | null;
    ticket_id: number;
    code: string;
    status: string;
    verified_at: Date | null;
    verified_by: number | null;
    name: string | null;
  }>(
    `SELECT e.kind, e.direction, e.answer, e.ticket_id, t.code, t.status,
            t.verified_at, t.verified_by, st.name
       FROM verification_events e
       JOIN tickets t ON t.id = e.ticket_id
       LEFT JOIN staff st ON st.id = t.verified_by
      WHERE e.orq = $1 AND e.nonce = $2`,
    [orq, nonce],
  );
  const e = rows[0];
  if (!e) return null;
  // Events from before directions were kept were all entries.
  const operation = e.kind === "UNDO" ? "UNDO" : e.direction ?? "IN";
  if (e.code !== req.code) {
    throw validationFailed({ nonce: "Already used for another ticket" });
  }
  if (operation !== req.operation) {
    throw validationFailed({
      nonce: `Already used for ${operation === "UNDO" ? "an undo" : operation}`,
    });
  }
  return { answer: e.answer ?? legacyAnswer(e), ticketId: e.ticket_id };
}

/** The answer of a verify-ticket event stored before answers were kept. */
function legacyAnswer(e: {
  kind: string;
  code: string;
  status: string;
  verified_at: Date | null;
  verified_by: number | null;
  name: string | null;
}): DoorAnswer {
  const first = e.kind === "VERIFIED";
  return {
    result: first ? "GREEN" : "YELLOW",
    reason: first ? "VALID" : "ALREADY_VERIFIED",
    title: first ? "VALID TICKET" : "ALREADY VERIFIED",
    message: first ? "Admitted" : "Already verified",
    ticket: { code: e.code, status: e.status as "VERIFIED" },
    reservation: null,
    customer: null,
    verified_at: e.verified_at ? new Date(e.verified_at).toISOString() : null,
    verified_by: e.verified_by ? { id: e.verified_by, name: e.name } : null,
    can_verify: first,
    checked_in: first,
  };
}
