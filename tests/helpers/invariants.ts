import type { Sql } from "../../db/client.ts";

/**
 * The capacity model's invariants (API.md "Slots, holds and cancellations"),
 * as rows that break them: empty when the database is consistent.
 * - a slot's booked count is its reservations that are not cancelled, and
 *   never more than its capacity;
 * - a ticket has at most one reservation that is not cancelled, and a
 *   RESERVED ticket exactly one;
 * - every booking has its confirmation mail (a group: one for all).
 */
export async function brokenInvariants(db: Sql): Promise<string[]> {
  const rows = await db.query<{ broken: string }>(
    `SELECT 'slot ' || s.id || ': booked ' || s.booked_count || ', reservations ' || coalesce(r.n, 0)
            || ', capacity ' || s.total_capacity AS broken
       FROM reservation_slots s
       LEFT JOIN (SELECT slot_id, count(*)::int AS n FROM ticket_reservations
                   WHERE status <> 'CANCELLED' GROUP BY slot_id) r ON r.slot_id = s.id
      WHERE s.booked_count <> coalesce(r.n, 0) OR s.booked_count > s.total_capacity
     UNION ALL
     SELECT 'ticket ' || ticket_id || ': ' || count(*) || ' live reservations'
       FROM ticket_reservations WHERE status <> 'CANCELLED'
      GROUP BY ticket_id HAVING count(*) > 1
     UNION ALL
     SELECT 'ticket ' || t.id || ': RESERVED without one live reservation'
       FROM tickets t
      WHERE t.status = 'RESERVED'
        AND (SELECT count(*) FROM ticket_reservations r
              WHERE r.ticket_id = t.id AND r.status <> 'CANCELLED') <> 1
     UNION ALL
     SELECT 'reservation ' || r.id || ': no confirmation mail'
       FROM ticket_reservations r
      WHERE NOT EXISTS (SELECT 1 FROM mail_outbox m WHERE m.reservation_id = r.id)
        -- A group's one confirmation is filed under one of its members.
        AND NOT EXISTS (SELECT 1 FROM mail_outbox m
                          JOIN ticket_reservations g ON g.id = m.reservation_id
                         WHERE r.group_id IS NOT NULL AND g.group_id = r.group_id)`,
  );
  return rows.map((r) => r.broken);
}
