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
  /** Holds of ended slots this pass took off the list (expired or not). */
  held: number;
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
    if (!locked) {
      return { locked: false, reservations: [], held: 0, tickets: [] };
    }
    // The ended slots' holds (db/migrations/0016): each locked reservation
    // still RESERVED in that slot expires; the holds of locked ones go, those
    // of reservations that no longer exist too. A reservation another
    // transaction holds keeps its hold for the next pass.
    const [done] = await tx.query<
      { held: number; expired: ExpiredReservation[] | null }
    >(
      `WITH due AS (
         SELECT h.slot_id, h.reservation_id
           FROM reservation_slots s
           JOIN organizations o ON o.orq = s.orq
           JOIN reservation_holds h ON h.slot_id = s.id
          -- The date test lets the slot index skip future days in any zone.
          WHERE s.date <= ($1::timestamptz AT TIME ZONE 'UTC')::date + 1
            AND ${slotEnded(orgWallClock("$1::timestamptz"))}
          ORDER BY h.reservation_id
          LIMIT $2),
       locked AS (
         SELECT r.id, r.slot_id, r.status FROM ticket_reservations r
          WHERE r.id IN (SELECT reservation_id FROM due)
          ORDER BY r.id
          FOR UPDATE SKIP LOCKED),
       gone AS (
         DELETE FROM reservation_holds h USING due
          WHERE h.slot_id = due.slot_id AND h.reservation_id = due.reservation_id
            AND (due.reservation_id IN (SELECT id FROM locked)
                 OR NOT EXISTS (SELECT 1 FROM ticket_reservations x
                                 WHERE x.id = due.reservation_id))
         RETURNING h.slot_id),
       r AS (
         UPDATE ticket_reservations x SET status = 'EXPIRED', updated_at = $1
           FROM locked l JOIN due ON due.reservation_id = l.id
                                 AND due.slot_id = l.slot_id
          WHERE x.id = l.id AND l.status = 'RESERVED'
         RETURNING x.id, x.ticket_id, x.slot_id, x.orq),
       t AS (
         UPDATE tickets t SET status = 'EXPIRED', updated_at = $1
           FROM r WHERE t.id = r.ticket_id AND t.status = 'RESERVED'
         RETURNING t.id),
       e AS (
         INSERT INTO verification_events
           (orq, ticket_id, reservation_id, staff_id, kind, created_at)
         SELECT orq, ticket_id, id, NULL, 'EXPIRED', $1 FROM r)
       SELECT (SELECT count(*) FROM gone)::int AS held,
              (SELECT json_agg(json_build_object('id', id, 'ticket_id', ticket_id,
                                                 'slot_id', slot_id, 'orq', orq)
                               ORDER BY id) FROM r) AS expired`,
      [req.instant, limit],
    );
    const reservations = done.expired ?? [];
    const tickets = await tx.query<{ id: number; orq: number }>(
      `UPDATE tickets SET status = 'EXPIRED', updated_at = $1
        WHERE status IN ('ACTIVATED', 'PENDING_PAYMENT') AND id IN (
          -- In the expiry index's order: ordered by id, the planner may walk
          -- every ticket instead.
          SELECT id FROM tickets
           WHERE unused AND expires_at <= $1
           ORDER BY expires_at LIMIT $2
           FOR UPDATE SKIP LOCKED)
        RETURNING id, orq`,
      [req.instant, limit],
    );
    return { locked: true, reservations, held: done.held, tickets };
  });
}
