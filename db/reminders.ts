/**
 * Reminder mails (API.md "Customer self-service", Reminders): each
 * reservation carries `reminder_due_at`, armed by the database when it is
 * booked or moved (migration 0010); a claim sets `reminder_sent_at` and
 * queues the mail in the same transaction, so each booking gets one reminder
 * however many instances run the job: a second claimer waits on the first
 * one's row locks, then finds the rows sent and takes nothing.
 */
import type { Db } from "./client.ts";
import { SLOT_STARTS_AT } from "./sql_fragments.ts";
import { REMINDER_MAIL } from "./group_mail.ts";

/** A reminder queued by a pass. */
export interface QueuedReminder {
  /** The reservation the mail is filed under (its group's first one). */
  reservation_id: number;
  orq: number;
  /** How many tickets it covers (the group's members, or 1). */
  tickets: number;
}

/**
 * Claims up to `limit` reservations whose reminder is due at `instant`
 * (locked in id order), with every member of their groups, and queues one
 * reminder per booking (a group: one, filed under its first member). A
 * reservation whose slot has already started is claimed without a mail.
 */
export async function queueDueReminders(
  db: Db,
  req: { instant: Date; limit?: number },
): Promise<{ claimed: number; queued: QueuedReminder[] }> {
  const limit = req.limit ?? 500;
  return await db.begin(async (tx) => {
    const due = await tx.query<{ id: number; group_id: string | null }>(
      `SELECT r.id, r.group_id FROM ticket_reservations r
        WHERE r.reminder_sent_at IS NULL AND r.reminder_due_at <= $1
          AND r.status = 'RESERVED'
        ORDER BY r.id
        LIMIT $2
        FOR UPDATE`,
      [req.instant, limit],
    );
    if (due.length === 0) return { claimed: 0, queued: [] };
    const groups = [
      ...new Set(due.map((d) => d.group_id).filter((g) => g !== null)),
    ];
    const claimed = await tx.query<{ id: number }>(
      `UPDATE ticket_reservations
          SET reminder_sent_at = $1
        WHERE (id = ANY($2::int[]) OR group_id = ANY($3::uuid[]))
          AND reminder_sent_at IS NULL
       RETURNING id`,
      [req.instant, due.map((d) => d.id), groups],
    );
    const queued = await tx.query<QueuedReminder>(
      `WITH booking AS (
         SELECT min(r.id) AS id, count(*)::int AS tickets
           FROM ticket_reservations r
          WHERE r.id = ANY($2::int[]) AND r.status = 'RESERVED'
          GROUP BY coalesce(r.group_id::text, r.id::text))
       INSERT INTO mail_outbox (kind, reservation_id, to_address)
       SELECT $3, r.id, r.customer_email
         FROM booking b
         JOIN ticket_reservations r ON r.id = b.id
         JOIN reservation_slots s ON s.id = r.slot_id
         JOIN organizations o ON o.orq = s.orq
        WHERE ${SLOT_STARTS_AT} > $1
       RETURNING reservation_id,
         (SELECT orq FROM ticket_reservations WHERE id = reservation_id) AS orq,
         (SELECT tickets FROM booking WHERE booking.id = reservation_id) AS tickets`,
      [req.instant, claimed.map((c) => c.id), REMINDER_MAIL],
    );
    return { claimed: claimed.length, queued };
  });
}
