import type { Sql } from "./client.ts";

/** The two counts of the reservation conversion rate. */
export interface ConversionCounts {
  /** Tickets that have a reservation (RESERVED, VERIFIED, or EXPIRED after one). */
  reserved: number;
  /**
   * Tickets that could be reserved at some point: ACTIVATED or any later
   * status, or paid (`activated_at`), or holding a reservation. Unpaid
   * tickets and tickets that expired unpaid do not count.
   */
  eligible: number;
}

/**
 * Reservation conversion of `orq`, all time. The app does not store the
 * customers' ticket checks, so "tickets validated" of the story's formula is
 * read as "tickets that were eligible for a reservation".
 */
export async function conversionCounts(
  sql: Sql,
  orq: number,
): Promise<ConversionCounts> {
  const [row] = await sql.query<ConversionCounts>(
    `SELECT count(r.id)::int AS reserved, count(*)::int AS eligible
       FROM tickets t
       LEFT JOIN ticket_reservations r
         ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
      WHERE t.orq = $1
        AND (t.status IN ('ACTIVATED', 'RESERVED', 'VERIFIED')
             OR t.activated_at IS NOT NULL OR r.id IS NOT NULL)`,
    [orq],
  );
  return row;
}
