/**
 * The mail outbox (table `mail_outbox`): rows are queued in the transaction
 * that causes them (see reservations.ts) and drained by lib/mail/worker.ts.
 *
 * All timing uses the database's clock (`now()`), so several app instances
 * agree on what is due whatever their own clocks say.
 */
import type { Sql } from "./client.ts";

/** A row claimed for one delivery attempt. */
export interface ClaimedMail {
  /** bigserial, kept as text so both engines agree. */
  id: string;
  kind: string;
  reservation_id: number | null;
  to_address: string;
  /** Attempts including the one just claimed. */
  attempts: number;
}

/** Options for {@link claimDueMail}. */
export interface ClaimOptions {
  /** Most rows to claim. */
  limit: number;
  /** How long the claim holds before another worker may take the row again. */
  leaseMs: number;
}

/**
 * Claims up to `limit` due PENDING rows in one short statement: rows other
 * workers hold are skipped (`FOR UPDATE SKIP LOCKED`), and each claimed row
 * has its attempt counted and `next_attempt_at` pushed a lease ahead, so no
 * one else takes it while it is being sent, yet it comes back by itself if
 * this process dies mid-send.
 */
export async function claimDueMail(
  sql: Sql,
  opts: ClaimOptions,
): Promise<ClaimedMail[]> {
  return await sql.query<ClaimedMail>(
    `WITH due AS (
       SELECT id FROM mail_outbox
        WHERE status = 'PENDING' AND next_attempt_at <= now()
        ORDER BY next_attempt_at, id
        LIMIT $1
        FOR UPDATE SKIP LOCKED)
     UPDATE mail_outbox m
        SET attempts = m.attempts + 1,
            next_attempt_at = now() + $2 * interval '1 millisecond'
       FROM due
      WHERE m.id = due.id
     RETURNING m.id::text AS id, m.kind, m.reservation_id, m.to_address,
               m.attempts`,
    [opts.limit, opts.leaseMs],
  );
}

/** Marks a claimed row as delivered. */
export async function markMailSent(sql: Sql, id: string): Promise<void> {
  await sql.query(
    `UPDATE mail_outbox
        SET status = 'SENT', sent_at = now(), last_error = NULL
      WHERE id = $1::bigint AND status = 'PENDING'`,
    [id],
  );
}

/**
 * Records a failed attempt: the row is due again after `retryInMs`, or
 * becomes FAILED when `final` (no more attempts, or a permanent refusal).
 * Returns when it is next due (null when FAILED).
 */
export async function markMailFailed(
  sql: Sql,
  id: string,
  failure: { error: string; retryInMs: number; final: boolean },
): Promise<Date | null> {
  const rows = await sql.query<{ next_attempt_at: Date | null }>(
    `UPDATE mail_outbox
        SET status = CASE WHEN $4 THEN 'FAILED' ELSE 'PENDING' END,
            last_error = $2,
            next_attempt_at = now() + $3 * interval '1 millisecond'
      WHERE id = $1::bigint AND status = 'PENDING'
     RETURNING CASE WHEN status = 'FAILED' THEN NULL ELSE next_attempt_at END
               AS next_attempt_at`,
    [id, failure.error.slice(0, 2000), failure.retryInMs, failure.final],
  );
  return rows[0]?.next_attempt_at ?? null;
}

/** What the confirmation mail of a reservation says. */
export interface ConfirmationFacts {
  reservation_id: number;
  ticket_code: string;
  customer_email: string;
  /** The slot's wall-clock date and times in the venue's zone. */
  date: string;
  start_time: string;
  end_time: string;
  timezone: string;
  org_name: string;
}

/** The facts of reservation `id` for its confirmation mail, or null. */
export async function confirmationFacts(
  sql: Sql,
  id: number,
): Promise<ConfirmationFacts | null> {
  const rows = await sql.query<ConfirmationFacts>(
    `SELECT r.id AS reservation_id, t.code AS ticket_code, r.customer_email,
            s.date, to_char(s.start_time, 'HH24:MI') AS start_time,
            to_char(s.end_time, 'HH24:MI') AS end_time,
            o.timezone, o.name AS org_name
       FROM ticket_reservations r
       JOIN tickets t ON t.id = r.ticket_id
       JOIN reservation_slots s ON s.id = r.slot_id
       JOIN organizations o ON o.orq = s.orq
      WHERE r.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
