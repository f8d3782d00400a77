/**
 * The raw check-in ceiling of (i): the statements of POST
 * /api/operator/check-in (db/door.ts passDoor) issued straight at PostgreSQL
 * with postgres.js, no HTTP, no framework: the ticket read (the app's
 * TICKET_SELECT; the app batches concurrent reads, this reads one code at a
 * time), the nonce's replay read (db/door_nonce.ts replayOf, imported), then
 * BEGIN; the ticket's guarded move; the slot's counts and the door event
 * (db/door_moves.ts, imported); COMMIT: one transaction per check-in, as
 * db/door.ts applies a move alone. The app instead applies the moves that
 * arrive together in one transaction (db/door_batches.ts) and reads a nonce
 * only when its write was refused. Not issued: the live dashboard's NOTIFY,
 * which the app coalesces (one per 100 ms, outside the transaction).
 */
import type postgres from "postgres";
import { asAppSql, query as q } from "./db.ts";
import { TICKET_BY_CODE } from "./raw.ts";
import type { TicketRow } from "../db/tickets.ts";
import { replayOf } from "../db/door_nonce.ts";
import { scanAnswer } from "../db/door_answer.ts";
import { decideScan, type ScanContext } from "../domain/scan_decision.ts";
import { reservationOf } from "../db/tickets.ts";
import {
  EVENT_KINDS,
  SLOT_AND_EVENT,
  SLOT_DELTAS,
  TICKET_MOVES,
} from "../db/door_moves.ts";

/** One check-in as the raw ceiling sends it. */
export interface RawCheckIn {
  code: string;
  direction: "IN" | "OUT";
  nonce: string;
  gate: string;
  staffId: number;
  /** The organization's zone (the decision picks the statement). */
  timeZone: string;
}

/** What it did: the decision's reason and whether it recorded the passage. */
export interface RawCheckInResult {
  reason: string;
  recorded: boolean;
}

/**
 * One check-in, as passDoor runs it for a GREEN scan: the reads, the
 * decision (which picks the move), then the transaction.
 */
export async function rawCheckIn(
  sql: postgres.Sql,
  req: RawCheckIn,
): Promise<RawCheckInResult> {
  const [ticket] = await q<TicketRow>(sql, TICKET_BY_CODE, [req.code]);
  if (!ticket) return { reason: "INVALID_TICKET", recorded: false };
  const first = await replayOf(asAppSql(sql), ticket.orq, req.nonce, {
    code: req.code,
    operation: req.direction,
  });
  if (first) return { reason: first.answer.reason, recorded: false };
  const instant = new Date();
  const ctx: ScanContext = {
    orq: ticket.orq,
    at: instant,
    timeZone: req.timeZone,
    entryOpensMinutesBefore: null,
    entryClosesMinutesAfterStart: null,
    allowReentry: true,
    direction: req.direction,
  };
  const decision = decideScan({ ...ticket, slot: reservationOf(ticket) }, ctx);
  const move = TICKET_MOVES[decision.reason];
  if (!move) return { reason: decision.reason, recorded: false };
  const kind = EVENT_KINDS[decision.reason];
  return await sql.begin(async (tx) => {
    const [moved] = await q<{
      verified_at: Date;
      verified_by: number;
      name: string | null;
      reservation_id: number;
      slot_id: number;
    }>(
      tx,
      move,
      kind === "VERIFIED"
        ? [ticket.id, instant, req.staffId]
        : [ticket.id, instant],
    );
    if (!moved) return { reason: decision.reason, recorded: false };
    const after: TicketRow = {
      ...ticket,
      status: "VERIFIED",
      verified_at: moved.verified_at,
      verified_by: moved.verified_by,
      verified_by_name: moved.name,
      inside: kind !== "EXIT",
      reservation_id: moved.reservation_id,
      slot_id: moved.slot_id,
    };
    const passed = {
      ...scanAnswer(after, decision),
      checked_in: kind !== "EXIT",
    };
    const answer = req.direction === "OUT"
      ? { ...passed, checked_out: true }
      : passed;
    const [verified, entries, exits] = SLOT_DELTAS[decision.reason];
    const [done] = await q<{ slots: number; event_id: number | null }>(
      tx,
      SLOT_AND_EVENT,
      [
        moved.slot_id,
        verified,
        entries,
        exits,
        instant,
        ticket.orq,
        ticket.id,
        moved.reservation_id,
        req.staffId,
        kind,
        req.nonce,
        null,
        req.direction,
        req.gate,
        JSON.stringify(answer),
      ],
    );
    return {
      reason: decision.reason,
      recorded: done.slots === 1 && done.event_id !== null,
    };
  });
}
