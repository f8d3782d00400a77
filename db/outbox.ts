/**
 * The mail outbox (table `mail_outbox`): rows are queued in the transaction
 * that causes them (see reservations.ts) and drained by lib/mail/worker.ts.
 *
 * All timing uses the database's clock (`now()`), so several app instances
 * agree on what is due whatever their own clocks say.
 */
import type { Sql } from "./client.ts";
import { DEFAULT_SETTINGS } from "../domain/org_settings.ts";
import { SLOT_ENDS_AT, SLOT_STARTS_AT } from "./sql_fragments.ts";
import type { WaitlistMailFacts } from "./waitlist_offers.ts";

/** A row claimed for one delivery attempt. */
export interface ClaimedMail {
  /** bigserial, kept as text so both engines agree. */
  id: string;
  kind: string;
  reservation_id: number | null;
  to_address: string;
  /** Attempts including the one just claimed. */
  attempts: number;
  /** The reservation's status as the claim read it; null without one. */
  reservation_status: string | null;
  /**
   * What its confirmation says, read in the claiming statement; null when
   * the row names no reservation or the reservation is gone.
   */
  facts: ConfirmationFacts | null;
  /** A waitlist mail's own facts (db/waitlist_offers.ts); null otherwise. */
  waitlist_payload?: WaitlistMailFacts | null;
}

/** Options for {@link claimDueMail}. */
export interface ClaimOptions {
  /** Most rows to claim. */
  limit: number;
  /** How long the claim holds before another worker may take the row again. */
  leaseMs: number;
}

type ClaimRow =
  & Omit<ClaimedMail, "facts">
  & {
    [K in keyof ConfirmationFacts as `f_${K}`]: ConfirmationFacts[K] | null;
  };

/**
 * Claims up to `limit` due PENDING rows in one short statement: rows other
 * workers hold are skipped (`FOR UPDATE SKIP LOCKED`), and each claimed row
 * has its attempt counted and `next_attempt_at` pushed a lease ahead, so no
 * one else takes it while it is being sent, yet it comes back by itself if
 * this process dies mid-send.
 *
 * The same statement reads each row's {@link ConfirmationFacts} (only the
 * outbox rows are locked), so composing the mails needs no further query,
 * and the reservation's status as it is now, so a mail about a reservation
 * cancelled since it was queued is skipped rather than sent.
 */
export async function claimDueMail(
  sql: Sql,
  opts: ClaimOptions,
): Promise<ClaimedMail[]> {
  const rows = await sql.query<ClaimRow>(
    `WITH due AS (
       SELECT d.id FROM mail_outbox d
        WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
        ORDER BY d.next_attempt_at, d.id
        LIMIT $1
        FOR UPDATE OF d SKIP LOCKED),
     claimed AS (
       UPDATE mail_outbox m
          SET attempts = m.attempts + 1,
              next_attempt_at = now() + $2 * interval '1 millisecond'
         FROM due
        WHERE m.id = due.id
       RETURNING m.id, m.kind, m.reservation_id, m.to_address, m.attempts,
                 m.waitlist_payload)
     SELECT c.id::text AS id, c.kind, c.reservation_id, c.to_address,
            c.attempts, c.waitlist_payload,
            r.status AS reservation_status,
            r.id AS f_reservation_id, r.version AS f_version,
            t.code AS f_ticket_code, r.signed_payload AS f_signed_payload,
            r.customer_email AS f_customer_email, s.date AS f_date,
            to_char(s.start_time, 'HH24:MI') AS f_start_time,
            to_char(s.end_time, 'HH24:MI') AS f_end_time,
            ${SLOT_STARTS_AT} AS f_starts,
            ${SLOT_ENDS_AT} AS f_ends,
            o.timezone AS f_timezone, o.name AS f_org_name,
            o.address AS f_org_address,
            (o.settings->>'reminder_hours_before')::int AS f_reminder_hours_before,
            t.id AS f_ticket_id, r.cancelled_by AS f_cancelled_by,
            r.locale AS f_locale, o.locale AS f_org_locale
       FROM claimed c
       LEFT JOIN (ticket_reservations r
                  JOIN tickets t ON t.id = r.ticket_id
                  JOIN reservation_slots s ON s.id = r.slot_id
                  JOIN organizations o ON o.orq = s.orq)
         ON r.id = c.reservation_id
      ORDER BY c.id`,
    [opts.limit, opts.leaseMs],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    reservation_id: row.reservation_id,
    to_address: row.to_address,
    attempts: row.attempts,
    reservation_status: row.reservation_status,
    waitlist_payload: row.waitlist_payload ?? null,
    facts: row.f_reservation_id === null ? null : {
      reservation_id: row.f_reservation_id,
      version: row.f_version!,
      ticket_code: row.f_ticket_code!,
      signed_payload: row.f_signed_payload,
      customer_email: row.f_customer_email!,
      date: row.f_date!,
      start_time: row.f_start_time!,
      end_time: row.f_end_time!,
      starts: new Date(row.f_starts!),
      ends: new Date(row.f_ends!),
      timezone: row.f_timezone!,
      org_name: row.f_org_name!,
      org_address: row.f_org_address,
      reminder_hours_before: row.f_reminder_hours_before ??
        DEFAULT_SETTINGS.reminder_hours_before,
      ticket_id: row.f_ticket_id!,
      cancelled_by: row.f_cancelled_by,
      locale: row.f_locale,
      org_locale: row.f_org_locale,
    },
  }));
}

/**
 * Marks the claimed rows `ids` as delivered, in one statement; how many it
 * marked (rows no longer PENDING are left alone).
 */
export async function markMailSent(
  sql: Sql,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await sql.query<{ id: string }>(
    `UPDATE mail_outbox
        SET status = 'SENT', sent_at = now(), last_error = NULL
      WHERE id = ANY($1::bigint[]) AND status = 'PENDING'
     RETURNING id::text AS id`,
    [ids],
  );
  return rows.length;
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

/**
 * Marks the PENDING mails of reservation `id` SKIPPED (never to be sent), in
 * the caller's transaction; how many. A row a worker has already claimed may
 * still go out: its send is outside any transaction.
 */
export async function skipPendingMail(tx: Sql, id: number): Promise<number> {
  const rows = await tx.query<{ id: string }>(
    `UPDATE mail_outbox
        SET status = 'SKIPPED', last_error = 'Reservation cancelled'
      WHERE reservation_id = $1 AND status = 'PENDING'
     RETURNING id::text AS id`,
    [id],
  );
  return rows.length;
}

/**
 * Marks the claimed rows `ids` SKIPPED with `reason`, in one statement; how
 * many it marked (rows no longer PENDING are left alone).
 */
export async function markMailSkipped(
  sql: Sql,
  ids: readonly string[],
  reason: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await sql.query<{ id: string }>(
    `UPDATE mail_outbox SET status = 'SKIPPED', last_error = $2
      WHERE id = ANY($1::bigint[]) AND status = 'PENDING'
     RETURNING id::text AS id`,
    [ids, reason],
  );
  return rows.length;
}

/** What the confirmation mail of a reservation says. */
export interface ConfirmationFacts {
  reservation_id: number;
  /** The reservation's version its links are signed for. */
  version: number;
  ticket_code: string;
  /** The signed QR text (API.md "Offline scanning"); null before it is signed. */
  signed_payload?: string | null;
  customer_email: string;
  /** The slot's wall-clock date and times in the venue's zone. */
  date: string;
  start_time: string;
  end_time: string;
  /** The instants the slot starts and ends (its date and times in `timezone`). */
  starts: Date;
  ends: Date;
  timezone: string;
  org_name: string;
  /** The venue's postal address (may hold newlines). */
  org_address?: string | null;
  /** The venue's reminder setting (resolved against the default). */
  reminder_hours_before?: number | null;
  /** The ticket's id (the manage link names it); absent in older callers. */
  ticket_id?: number;
  /** Who cancelled the reservation, when it is cancelled. */
  cancelled_by?: string | null;
  /** The customer's language for this reservation (null: not given). */
  locale?: string | null;
  /** The venue's language: the mails' language when the customer gave none. */
  org_locale?: string | null;
}
