/**
 * The raw check-in ceiling of (i): the statements of POST
 * /api/operator/check-in (db/door.ts passDoor) issued straight at PostgreSQL
 * with postgres.js, no HTTP, no framework: the ticket read (the app's
 * TICKET_SELECT; the app batches concurrent reads, this reads one code at a
 * time), the nonce's replay read (db/door_nonce.ts replayOf, imported), then
 * BEGIN; the ticket's guarded move; the slot's counts and the door event;
 * COMMIT. db/door.ts keeps the two write statements to itself, so they are
 * copied here verbatim; {@link replicaDrift} compares them with its source
 * on every run. Not issued: the live dashboard's NOTIFY, which the app
 * coalesces (one per 100 ms, outside the transaction).
 */
import type postgres from "postgres";
import { asAppSql, query as q } from "./db.ts";
import { TICKET_BY_CODE } from "./raw.ts";
import type { TicketRow } from "../db/tickets.ts";
import { replayOf } from "../db/door_nonce.ts";
import { scanAnswer } from "../db/door_answer.ts";
import { decideScan, type ScanContext } from "../domain/scan_decision.ts";
import { reservationOf } from "../db/tickets.ts";

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

// Copied from db/door.ts (see replicaDrift).
const TICKET_MOVES: Record<string, string> = {
  VALID: `
    WITH t AS (
      UPDATE tickets SET status = 'VERIFIED', verified_at = $2::timestamptz,
             verified_by = $3::int, inside = true, updated_at = $2::timestamptz
       WHERE id = $1 AND status = 'RESERVED'
       RETURNING id, verified_at, verified_by),
    r AS (
      UPDATE ticket_reservations SET status = 'VERIFIED', verified_at = $2::timestamptz,
             verified_by = $3::int, updated_at = $2::timestamptz
       WHERE ticket_id IN (SELECT id FROM t) AND status = 'RESERVED'
       RETURNING id, slot_id)
    SELECT t.verified_at, t.verified_by, st.name, r.id AS reservation_id, r.slot_id
      FROM t LEFT JOIN r ON true LEFT JOIN staff st ON st.id = t.verified_by`,
  REENTRY: `
    WITH t AS (
      UPDATE tickets SET inside = true, updated_at = $2::timestamptz
       WHERE id = $1 AND status = 'VERIFIED' AND NOT inside
       RETURNING id, verified_at, verified_by)
    SELECT t.verified_at, t.verified_by, st.name, r.id AS reservation_id, r.slot_id
      FROM t
      LEFT JOIN ticket_reservations r ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
      LEFT JOIN staff st ON st.id = t.verified_by`,
  EXIT: `
    WITH t AS (
      UPDATE tickets SET inside = false, updated_at = $2::timestamptz
       WHERE id = $1 AND status = 'VERIFIED' AND inside
       RETURNING id, verified_at, verified_by)
    SELECT t.verified_at, t.verified_by, st.name, r.id AS reservation_id, r.slot_id
      FROM t
      LEFT JOIN ticket_reservations r ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
      LEFT JOIN staff st ON st.id = t.verified_by`,
};

// Copied from db/door.ts move() (see replicaDrift).
const SLOT_AND_EVENT = `WITH s AS (
         UPDATE reservation_slots SET verified_count = verified_count + $2,
                entries_count = entries_count + $3, exits_count = exits_count + $4,
                updated_at = $5::timestamptz
          WHERE id = $1
          RETURNING id),
       e AS (
         INSERT INTO verification_events
           (orq, ticket_id, reservation_id, staff_id, kind, nonce, user_agent,
            created_at, direction, gate, answer)
         SELECT $6, $7, $8, $9, $10, $11, $12, $5::timestamptz, $13, $14, $15::text::jsonb
           FROM s
         ON CONFLICT (orq, nonce) WHERE nonce IS NOT NULL DO NOTHING
         RETURNING id)
       SELECT (SELECT count(*)::int FROM s) AS slots, (SELECT id FROM e) AS event_id`;

const SLOT_DELTAS: Record<string, [number, number, number]> = {
  VALID: [1, 1, 0],
  REENTRY: [0, 1, 0],
  EXIT: [0, 0, 1],
};
const EVENT_KINDS: Record<string, string> = {
  VALID: "VERIFIED",
  REENTRY: "REENTRY",
  EXIT: "EXIT",
};

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

/**
 * The copied statements that no longer appear in db/door.ts (whitespace
 * aside): empty while the ceiling runs the app's SQL.
 */
export async function replicaDrift(): Promise<string[]> {
  const flat = (s: string) => s.replace(/\s+/g, " ").trim();
  const source = flat(
    await Deno.readTextFile(new URL("../db/door.ts", import.meta.url)),
  );
  const copies = { ...TICKET_MOVES, SLOT_AND_EVENT };
  return Object.entries(copies)
    .filter(([, text]) => !source.includes(flat(text)))
    .map(([name]) => name);
}
