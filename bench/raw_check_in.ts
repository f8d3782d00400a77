/**
 * The raw check-in ceiling of (i): the check-in's statements issued straight
 * at PostgreSQL with postgres.js, no HTTP, no framework.
 */
import type postgres from "postgres";
import { query as q } from "./db.ts";
import { TICKET_BY_CODE } from "./raw.ts";

/** One check-in as the raw ceiling sends it. */
export interface RawCheckIn {
  code: string;
  direction: "IN" | "OUT";
  nonce: string;
  gate: string;
  staffId: number;
}

/** What it did: the answer's reason and whether it recorded the passage. */
export interface RawCheckInResult {
  reason: string;
  recorded: boolean;
}

const ADMIT = `WITH t AS (
    UPDATE tickets SET status = 'VERIFIED', verified_at = $2::timestamptz,
           verified_by = $3::int, inside = true, updated_at = $2::timestamptz
     WHERE id = $1 AND status = 'RESERVED'
     RETURNING id, orq, verified_at),
  r AS (
    UPDATE ticket_reservations SET status = 'VERIFIED', verified_at = $2::timestamptz,
           verified_by = $3::int, updated_at = $2::timestamptz
     WHERE ticket_id IN (SELECT id FROM t) AND status = 'RESERVED'
     RETURNING id, slot_id),
  s AS (
    UPDATE reservation_slots SET verified_count = verified_count + 1,
           entries_count = entries_count + 1, updated_at = $2::timestamptz
     WHERE id IN (SELECT slot_id FROM r)
     RETURNING id),
  e AS (
    INSERT INTO verification_events
      (orq, ticket_id, reservation_id, staff_id, kind, nonce, direction, gate, created_at)
    SELECT t.orq, t.id, r.id, $3::int, 'VERIFIED', $4::text, 'IN', $5::text, $2::timestamptz
      FROM t CROSS JOIN r
    ON CONFLICT (orq, nonce) WHERE nonce IS NOT NULL DO NOTHING
    RETURNING id)
  SELECT (SELECT id FROM e) AS event_id FROM t`;

const PASS = `WITH t AS (
    UPDATE tickets SET inside = $6::boolean, updated_at = $2::timestamptz
     WHERE id = $1 AND status = 'VERIFIED' AND inside <> $6::boolean
     RETURNING id, orq),
  r AS (
    SELECT id, slot_id FROM ticket_reservations WHERE ticket_id IN (SELECT id FROM t)),
  s AS (
    UPDATE reservation_slots
       SET entries_count = entries_count + CASE WHEN $6::boolean THEN 1 ELSE 0 END,
           exits_count = exits_count + CASE WHEN $6::boolean THEN 0 ELSE 1 END,
           updated_at = $2::timestamptz
     WHERE id IN (SELECT slot_id FROM r)
     RETURNING id),
  e AS (
    INSERT INTO verification_events
      (orq, ticket_id, reservation_id, staff_id, kind, nonce, direction, gate, created_at)
    SELECT t.orq, t.id, r.id, $3::int,
           CASE WHEN $6::boolean THEN 'REENTRY' ELSE 'EXIT' END, $4::text,
           CASE WHEN $6::boolean THEN 'IN' ELSE 'OUT' END, $5::text, $2::timestamptz
      FROM t CROSS JOIN r
    ON CONFLICT (orq, nonce) WHERE nonce IS NOT NULL DO NOTHING
    RETURNING id)
  SELECT (SELECT id FROM e) AS event_id FROM t`;

/** The nonce's replay read, the ticket read, then the guarded write. */
export async function rawCheckIn(
  sql: postgres.Sql,
  req: RawCheckIn,
): Promise<RawCheckInResult> {
  const [replay, tickets] = await Promise.all([
    q(sql, "SELECT id FROM verification_events WHERE orq = 1 AND nonce = $1", [
      req.nonce,
    ]),
    q<{ id: number; status: string; inside: boolean }>(sql, TICKET_BY_CODE, [
      req.code,
    ]),
  ]);
  const t = tickets[0];
  if (replay.length || !t) return { reason: "REPLAY", recorded: false };
  const instant = new Date();
  const args = [t.id, instant, req.staffId, req.nonce, req.gate];
  if (req.direction === "IN" && t.status === "RESERVED") {
    const rows = await sql.begin((tx) => q(tx, ADMIT, args));
    return { reason: "VALID", recorded: rows.length === 1 };
  }
  const entering = req.direction === "IN";
  const rows = await sql.begin((tx) => q(tx, PASS, [...args, entering]));
  return {
    reason: entering ? "REENTRY" : "EXIT",
    recorded: rows.length === 1,
  };
}
