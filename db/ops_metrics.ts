/**
 * The reads behind the gauges of `GET /metrics` that look at the database
 * (lib/metrics_gauges.ts): one cheap statement each, run on every scrape.
 */
import type { Sql } from "./client.ts";
import { orgWallClock, slotEnded } from "./sql_fragments.ts";

/** The confirmation mails still waiting to go out. */
export interface OutboxBacklog {
  pending: number;
  /** Seconds since the oldest pending mail was queued; 0 when none waits. */
  oldestAgeSeconds: number;
}

/** The outbox's pending mails and the age of the oldest (database time, as queued). */
export async function outboxBacklog(sql: Sql): Promise<OutboxBacklog> {
  const [row] = await sql.query<{ pending: number; age: number }>(
    `SELECT count(*)::int AS pending,
            coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
       FROM mail_outbox WHERE status = 'PENDING'`,
  );
  return { pending: row.pending, oldestAgeSeconds: Math.max(0, row.age) };
}

/**
 * Per organization, the largest booked / capacity share among its slots of
 * today (in its zone) that have not ended at `instant`: what the dashboard's
 * "Slot capacity warning" watches. Organizations with no such slot are left
 * out. One index range (orq, date) per organization.
 */
export async function maxSlotUtilizationToday(
  sql: Sql,
  instant: Date,
): Promise<{ orq: number; utilization: number }[]> {
  return await sql.query<{ orq: number; utilization: number }>(
    `SELECT o.orq, u.utilization
       FROM organizations o
       CROSS JOIN LATERAL (
         SELECT max(s.booked_count::float8 / s.total_capacity) AS utilization
           FROM reservation_slots s
          WHERE s.orq = o.orq
            AND s.date = (${orgWallClock("$1::timestamptz")})::date
            AND NOT ${slotEnded(orgWallClock("$1::timestamptz"))}
       ) u
      WHERE u.utilization IS NOT NULL
      ORDER BY o.orq`,
    [instant.toISOString()],
  );
}
