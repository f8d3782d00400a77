/**
 * Undo of the door (API.md "undo-check-in"): reverts a ticket's latest door
 * event that is not undone yet, under the ticket's row lock, then the slot's
 * counts, and records an UNDO event that points at it.
 */
import type { Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import { decideScan } from "../domain/scan_decision.ts";
import { reservationOf, TICKET_SELECT, type TicketRow } from "./tickets.ts";
import { type DoorAnswer, scanAnswer } from "./door_answer.ts";
import { NonceTaken, replayOf } from "./door_nonce.ts";
import type { ContextOf, Scanner } from "./door.ts";
import type { Store } from "./store.ts";

/** How long an operator may undo their own door event. */
export const OPERATOR_UNDO_MS = 5 * 60_000;

/** What a door device sent to undo. */
export interface UndoRequest {
  code: string | null;
  nonce: string;
  userAgent: string | null;
  instant: Date;
}

/** The outcome of an undo. */
export interface Undo {
  answer: DoorAnswer;
  ticketId: number | null;
  /** The kind reverted by this request; null for a replayed nonce. */
  reverted: "VERIFIED" | "REENTRY" | "EXIT" | null;
  changed?: { orq: number; slot_id: number };
}

type DoorKind = "VERIFIED" | "REENTRY" | "EXIT";

/** The ticket's revert per kind, guarded by the state the event left. */
const TICKET_REVERTS: Record<DoorKind, string> = {
  VERIFIED: `
    WITH t AS (
      UPDATE tickets SET status = 'RESERVED', verified_at = NULL, verified_by = NULL,
             inside = false, updated_at = $2::timestamptz
       WHERE id = $1 AND status = 'VERIFIED' AND inside
       RETURNING id),
    r AS (
      UPDATE ticket_reservations SET status = 'RESERVED', verified_at = NULL,
             verified_by = NULL, updated_at = $2::timestamptz
       WHERE id = $3 AND status = 'VERIFIED' AND ticket_id IN (SELECT id FROM t)
       RETURNING id)
    SELECT (SELECT count(*)::int FROM t) + (SELECT count(*)::int FROM r) AS n`,
  REENTRY: `
    WITH t AS (
      UPDATE tickets SET inside = false, updated_at = $2::timestamptz
       WHERE id = $1 AND status = 'VERIFIED' AND inside
       RETURNING id)
    SELECT count(*)::int AS n FROM t`,
  EXIT: `
    WITH t AS (
      UPDATE tickets SET inside = true, updated_at = $2::timestamptz
       WHERE id = $1 AND status = 'VERIFIED' AND NOT inside
       RETURNING id)
    SELECT count(*)::int AS n FROM t`,
};

/** The slot's counts per kind reverted: verified, entries, exits. */
const SLOT_DELTAS: Record<DoorKind, [number, number, number]> = {
  VERIFIED: [-1, -1, 0],
  REENTRY: [0, -1, 0],
  EXIT: [0, 0, -1],
};

/**
 * Reverts the latest door event of `req.code`. 409 NOTHING_TO_UNDO when
 * there is none (or the code is not the organization's); 403 FORBIDDEN
 * unless `mayUndoAny` or the event is the caller's own and at most five
 * minutes old. Answers the validate decision after the undo.
 */
export async function undoDoor(
  store: Pick<Store, "db" | "tickets">,
  req: UndoRequest,
  who: Scanner & { mayUndoAny: boolean },
  contextOf: ContextOf,
): Promise<Undo> {
  const { db } = store;
  const row = req.code ? await store.tickets.load(req.code) : null;
  const orq = row && who.anyOrg ? row.orq : who.orq;
  const replay = () =>
    replayOf(db, orq, req.nonce, { code: req.code, operation: "UNDO" });
  const first = await replay();
  if (first) return { ...first, reverted: null };
  if (!row || row.orq !== orq) throw new AppError("NOTHING_TO_UNDO");
  const ctx = { ...await contextOf(orq), direction: "IN" as const };
  try {
    return await db.begin(async (tx) => {
      const [ticket] = await tx.query<TicketRow>(
        `${TICKET_SELECT} WHERE t.id = $1 FOR UPDATE OF t`,
        [row.id],
      );
      const last = await lastDoorEvent(tx, ticket.id);
      if (!last) throw new AppError("NOTHING_TO_UNDO");
      if (
        !who.mayUndoAny &&
        (last.staff_id !== who.staffId ||
          req.instant.getTime() - new Date(last.created_at).getTime() >
            OPERATOR_UNDO_MS)
      ) {
        throw new AppError("FORBIDDEN", {
          message: last.staff_id !== who.staffId
            ? "Only a manager may undo another person's scan."
            : "Only a manager may undo a scan older than five minutes.",
        });
      }
      const [{ n }] = await tx.query<{ n: number }>(
        TICKET_REVERTS[last.kind],
        last.kind === "VERIFIED"
          ? [ticket.id, req.instant, last.reservation_id]
          : [ticket.id, req.instant],
      );
      // A first admission reverts the ticket and its reservation.
      if (n !== (last.kind === "VERIFIED" ? 2 : 1) || last.slot_id === null) {
        // The ticket is not in the state its latest event left: nothing
        // safe to revert.
        throw new AppError("NOTHING_TO_UNDO");
      }
      const after: TicketRow = last.kind === "VERIFIED"
        ? {
          ...ticket,
          status: "RESERVED",
          verified_at: null,
          verified_by: null,
          verified_by_name: null,
          inside: false,
        }
        : { ...ticket, inside: last.kind === "EXIT" };
      const decision = decideScan(
        { ...after, slot: reservationOf(after) },
        ctx,
      );
      const answer: DoorAnswer = {
        ...scanAnswer(after, decision),
        checked_in: false,
        undone: {
          id: Number(last.id),
          kind: last.kind,
          at: new Date(last.created_at).toISOString(),
        },
      };
      const [verified, entries, exits] = SLOT_DELTAS[last.kind];
      const done = await tx.query<{ slots: number; event_id: number | null }>(
        `WITH s AS (
           UPDATE reservation_slots SET verified_count = verified_count + $2,
                  entries_count = entries_count + $3, exits_count = exits_count + $4,
                  updated_at = $5::timestamptz
            WHERE id = $1
            RETURNING id),
         e AS (
           INSERT INTO verification_events
             (orq, ticket_id, reservation_id, staff_id, kind, nonce, user_agent,
              created_at, undoes, answer)
           SELECT $6, $7, $8, $9, 'UNDO', $10, $11, $5::timestamptz, $12, $13::text::jsonb
             FROM s
           ON CONFLICT (orq, nonce) WHERE nonce IS NOT NULL DO NOTHING
           RETURNING id),
         u AS (
           UPDATE verification_events SET undone_at = $5::timestamptz
            WHERE id = $12 AND EXISTS (SELECT 1 FROM e)
            RETURNING id)
         SELECT (SELECT count(*)::int FROM s) AS slots,
                (SELECT id FROM e) AS event_id,
                (SELECT count(*)::int FROM u) AS undone`,
        [
          last.slot_id,
          verified,
          entries,
          exits,
          req.instant,
          ticket.orq,
          ticket.id,
          last.reservation_id,
          who.staffId,
          req.nonce,
          req.userAgent,
          last.id,
          JSON.stringify(answer),
        ],
      );
      if (done[0].slots !== 1) {
        throw new Error(`Slot ${last.slot_id} of ticket ${ticket.id} is gone`);
      }
      if (done[0].event_id === null) throw new NonceTaken();
      return {
        answer,
        ticketId: ticket.id,
        reverted: last.kind,
        changed: { orq: ticket.orq, slot_id: last.slot_id },
      };
    });
  } catch (err) {
    if (!(err instanceof NonceTaken)) throw err;
    const again = await replay();
    if (again) return { ...again, reverted: null };
    throw err;
  }
}

/** The ticket's latest entry, re-entry or exit that is not undone. */
async function lastDoorEvent(sql: Sql, ticketId: number) {
  const rows = await sql.query<{
    id: number;
    kind: DoorKind;
    staff_id: number | null;
    created_at: Date;
    reservation_id: number | null;
    slot_id: number | null;
  }>(
    `SELECT e.id, e.kind, e.staff_id, e.created_at, e.reservation_id, r.slot_id
       FROM verification_events e
       LEFT JOIN ticket_reservations r ON r.id = e.reservation_id
      WHERE e.ticket_id = $1 AND e.kind IN ('VERIFIED', 'REENTRY', 'EXIT')
        AND e.undone_at IS NULL
      ORDER BY e.id DESC LIMIT 1`,
    [ticketId],
  );
  return rows[0] ?? null;
}
