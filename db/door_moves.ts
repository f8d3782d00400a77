/**
 * The write statements of one pass through the door (db/door.ts move): the
 * ticket's guarded move for each GREEN reason, then the slot's counts and the
 * door event. The raw ceiling of benchmark (i) runs them as they are.
 */
import type { PassKind } from "./door.ts";

/** The ticket's change for each GREEN reason, guarded by the state decided on. */
export const TICKET_MOVES: Record<string, string> = {
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

/** The slot's counts for each GREEN reason: verified, entries, exits. */
export const SLOT_DELTAS: Record<string, [number, number, number]> = {
  VALID: [1, 1, 0],
  REENTRY: [0, 1, 0],
  EXIT: [0, 0, 1],
};

/** The door event each GREEN reason records. */
export const EVENT_KINDS: Record<string, PassKind> = {
  VALID: "VERIFIED",
  REENTRY: "REENTRY",
  EXIT: "EXIT",
};

/**
 * The slot's counts ($1 slot, $2–$4 verified, entries, exits, $5 instant)
 * and the door event ($6–$15) of a move; no event when the slot is gone, none
 * when the nonce is already spent.
 */
export const SLOT_AND_EVENT = `WITH s AS (
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
