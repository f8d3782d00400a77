/**
 * The tickets a group's mail lists (its confirmation and its reminder): the
 * reservations that still share the group of the mail's reservation. The
 * slot and venue are the same for all of them, so only what differs per
 * ticket is read; the rest comes from the claimed row's facts.
 */
import type { Sql } from "./client.ts";
import type { ConfirmationFacts } from "./outbox.ts";

/** Outbox kind of the reminder mail (db/reminders.ts queues it). */
export const REMINDER_MAIL = "reservation.reminder";
/** Outbox kind of a group's confirmation (db/reservation_group.ts). */
export const GROUP_CONFIRMATION_MAIL = "reservation.group_confirmation";

/** Kinds whose mail lists every ticket of the reservation's group. */
export const GROUP_MAIL_KINDS: readonly string[] = [
  GROUP_CONFIRMATION_MAIL,
  REMINDER_MAIL,
];

/**
 * The facts of each ticket a mail of `kind` about `facts`' reservation
 * lists, in booking order: its group's members not cancelled (itself alone
 * without a group); null for kinds about one ticket.
 */
export async function groupMailMembers(
  sql: Sql,
  kind: string,
  facts: ConfirmationFacts,
): Promise<ConfirmationFacts[] | null> {
  if (!GROUP_MAIL_KINDS.includes(kind)) return null;
  const rows = await sql.query<
    {
      reservation_id: number;
      version: number;
      ticket_code: string;
      ticket_id: number;
      signed_payload: string | null;
    }
  >(
    `SELECT r.id AS reservation_id, r.version, t.code AS ticket_code,
            t.id AS ticket_id, r.signed_payload
       FROM ticket_reservations a
       JOIN ticket_reservations r
         ON r.id = a.id
         OR (r.group_id = a.group_id AND r.slot_id = a.slot_id
             AND r.status <> 'CANCELLED')
       JOIN tickets t ON t.id = r.ticket_id
      WHERE a.id = $1
      ORDER BY r.id`,
    [facts.reservation_id],
  );
  return rows.map((r) => ({ ...facts, ...r }));
}
