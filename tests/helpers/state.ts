import type { Sql } from "../../db/client.ts";

/**
 * Row counts and sums that any accepted write would change: equal before and
 * after a request means the request changed nothing.
 */
export async function stateFingerprint(
  db: Sql,
): Promise<Record<string, unknown>> {
  const [row] = await db.query(
    `SELECT (SELECT count(*)::int FROM tickets) AS tickets,
            (SELECT count(*)::int FROM tickets WHERE status <> 'ACTIVATED') AS not_activated,
            (SELECT count(*)::int FROM ticket_reservations) AS reservations,
            (SELECT coalesce(sum(booked_count), 0)::int FROM reservation_slots) AS booked,
            (SELECT count(*)::int FROM reservation_slots) AS slots,
            (SELECT count(*)::int FROM staff) AS staff,
            (SELECT coalesce(max(length(password_hash)), 0)::int FROM staff) AS secrets,
            (SELECT count(*)::int FROM organizations) AS orgs,
            (SELECT count(*)::int FROM mail_outbox) AS mails,
            (SELECT count(*)::int FROM verification_events) AS scans`,
  );
  return { ...row };
}
