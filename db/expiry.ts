import type { Db } from "./client.ts";
import { orgWallClock, slotEnded } from "./sql_fragments.ts";

// Any fixed number: the advisory lock that lets one instance expire at a time.
const EXPIRY_LOCK = 4_015_002;

/** A reservation that became EXPIRED. */
export interface ExpiredReservation {
  id: number;
  ticket_id: number;
  slot_id: number;
  orq: number;
}

/** What one pass changed; `locked` is false when another instance held the lock. */
export interface ExpiryPass {
  locked: boolean;
  reservations: ExpiredReservation[];
  /** Unreserved tickets past their own `expires_at`. */
  tickets: { id: number; orq: number }[];
}

/**
 * One transaction under a transaction-level advisory lock (so instances that
 * run it at the same moment take turns and the loser skips): RESERVED
 * reservations whose slot has ended at `instant` on their organization's wall
 * clock become EXPIRED with their ticket, each with an EXPIRED verification
 * event; ACTIVATED and PENDING_PAYMENT tickets whose `expires_at` has passed
 * become EXPIRED. At most `limit` of each per pass.
 */
export async function expireDue(
  db: Db,
  req: { instant: Date; limit?: number },
): Promise<ExpiryPass> {
  const limit = req.limit ?? 1000;
  return await db.begin(async (tx) => {
    const [{ locked }] = await tx.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_xact_lock($1) AS locked",
      [EXPIRY_LOCK],
    );
    if (!locked) return { locked: false, reservations: [], tickets: [] };
    const reservations = await tx.query<ExpiredReservation>(
      `WITH due AS (
         SELECT r.id
           FROM reservation_slots s
           JOIN organizations o ON o.orq = s.orq
           JOIN ticket_reservations r ON r.slot_id = s.id AND r.status = 'RESERVED'
          -- The date test lets the slot index skip future days in any zone.
          WHERE s.date <= ($1::timestamptz AT TIME ZONE 'UTC')::date + 1
            AND ${slotEnded(orgWallClock("$1::timestamptz"))}
          ORDER BY r.id
          LIMIT $2
          FOR UPDATE OF r SKIP LOCKED),
       r AS (
         UPDATE ticket_reservations x SET status = 'EXPIRED', updated_at = $1
           FROM due WHERE x.id = due.id AND x.status = 'RESERVED'
         RETURNING x.id, x.ticket_id, x.slot_id, x.orq),
       t AS (
         UPDATE tickets t SET status = 'EXPIRED', updated_at = $1
           FROM r WHERE t.id = r.ticket_id AND t.status = 'RESERVED'
         RETURNING t.id),
       e AS (
         INSERT INTO verification_events
           (orq, ticket_id, reservation_id, staff_id, kind, created_at)
         SELECT orq, ticket_id, id, NULL, 'EXPIRED', $1 FROM r)
       SELECT id, ticket_id, slot_id, orq FROM r ORDER BY id`,
      [req.instant, limit],
    );
    const tickets = await tx.query<{ id: number; orq: number }>(
      `UPDATE tickets SET status = 'EXPIRED', updated_at = $1
        WHERE status IN ('ACTIVATED', 'PENDING_PAYMENT') AND id IN (
          SELECT id FROM tickets
           WHERE unused AND expires_at <= $1
           ORDER BY id LIMIT $2
           FOR UPDATE SKIP LOCKED)
        RETURNING id, orq`,
      [req.instant, limit],
    );
    return { locked: true, reservations, tickets };
  });
}
