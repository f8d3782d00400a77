/**
 * What changes to a reservation share, by staff or by the customer
 * (db/reservation_changes.ts, db/reservation_cancel.ts,
 * db/customer_changes.ts): finding the reservation for a principal's
 * organization or a ticket code, locking it in the contract's order (its ticket, then
 * slots by id), the refusals by status, and a
 * retry of a transaction the database chose as a deadlock victim.
 */
import { retryConflicts } from "./conflicts.ts";
import type { Db, Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import { derivedStatus } from "./sql_fragments.ts";

/** A reservation row as the staff changes read it (under the ticket's lock). */
export interface LockedReservation {
  id: number;
  ticket_id: number;
  slot_id: number;
  orq: number;
  status: string;
  version: number;
  customer_email: string;
  ticket_status: string;
}

/** A locked slot with the facts a move or cancel needs. */
export interface LockedSlot {
  id: number;
  orq: number;
  date: string;
  start_time: string;
  end_time: string;
  status: string;
  total_capacity: number;
  booked_count: number;
  held_count: number;
  /** Whether it has ended at the organization's wall clock given. */
  ended: boolean;
}

/**
 * Locks the ticket of reservation `id` (FOR UPDATE) and reads the
 * reservation again under that lock. `orq` null: any organization (the
 * platform administrator). Unknown, another organization's or cancelled →
 * RESERVATION_NOT_FOUND.
 */
export async function lockReservation(
  tx: Sql,
  id: number,
  orq: number | null,
): Promise<LockedReservation> {
  // The ticket first (the lock order), then the reservation as committed.
  const [ticket] = await tx.query<{ id: number; status: string }>(
    `SELECT t.id, t.status FROM tickets t
      WHERE t.id = (SELECT ticket_id FROM ticket_reservations
                     WHERE id = $1 AND ($2::int IS NULL OR orq = $2::int))
        FOR UPDATE`,
    [id, orq],
  );
  if (!ticket) throw new AppError("RESERVATION_NOT_FOUND");
  const [row] = await tx.query<LockedReservation>(
    `SELECT r.id, r.ticket_id, r.slot_id, r.orq, r.status, r.version,
            r.customer_email, $2::text AS ticket_status
       FROM ticket_reservations r
      WHERE r.id = $1`,
    [id, ticket.status],
  );
  if (!row || row.status === "CANCELLED") {
    throw new AppError("RESERVATION_NOT_FOUND");
  }
  return row;
}

/**
 * Locks the ticket `code` (FOR UPDATE) and reads its reservation that is not
 * cancelled under that lock: the customer's credential, checked in API.md's
 * order. Unknown code → TICKET_NOT_FOUND; a reservation with another email
 * (compared case-insensitively) → RESERVATION_NOT_FOUND; none → 409
 * TICKET_NOT_RESERVED.
 */
export async function lockReservationOfTicket(
  tx: Sql,
  code: string,
  email: string,
): Promise<LockedReservation> {
  const [ticket] = await tx.query<{ id: number; status: string }>(
    "SELECT id, status FROM tickets WHERE code = $1 FOR UPDATE",
    [code],
  );
  if (!ticket) throw new AppError("TICKET_NOT_FOUND");
  const [row] = await tx.query<LockedReservation & { same_email: boolean }>(
    `SELECT r.id, r.ticket_id, r.slot_id, r.orq, r.status, r.version,
            r.customer_email, $2::text AS ticket_status,
            lower(r.customer_email) = lower($3::text) AS same_email
       FROM ticket_reservations r
      WHERE r.ticket_id = $1 AND r.status <> 'CANCELLED'`,
    [ticket.id, ticket.status, email],
  );
  if (!row) throw new AppError("TICKET_NOT_RESERVED");
  if (!row.same_email) throw new AppError("RESERVATION_NOT_FOUND");
  const { same_email: _, ...reservation } = row;
  return reservation;
}

/**
 * Refuses a reservation staff may not move or cancel: only RESERVED ones
 * (VERIFIED → TICKET_ALREADY_VERIFIED, EXPIRED → TICKET_EXPIRED).
 */
export function refuseUnlessReserved(r: LockedReservation): void {
  if (r.status === "VERIFIED") throw new AppError("TICKET_ALREADY_VERIFIED");
  if (r.status === "EXPIRED") throw new AppError("TICKET_EXPIRED");
  if (r.status !== "RESERVED") throw new AppError("RESERVATION_NOT_FOUND");
}

/**
 * Locks slots `ids` in id order (the lock order) and reads them; `wall`
 * is the organization's wall clock (`date`, `time`) for `ended`.
 */
export async function lockSlots(
  tx: Sql,
  ids: number[],
  wall: { date: string; time: string },
): Promise<Map<number, LockedSlot>> {
  const rows = await tx.query<LockedSlot>(
    `SELECT s.id, s.orq, s.date, to_char(s.start_time, 'HH24:MI') AS start_time,
            to_char(s.end_time, 'HH24:MI') AS end_time, s.status,
            s.total_capacity, s.booked_count, s.held_count,
            (s.date + s.end_time) <= ($2::date + $3::time) AS ended
       FROM reservation_slots s
      WHERE s.id = ANY($1::int[])
      ORDER BY s.id
        FOR UPDATE`,
    [ids, wall.date, wall.time],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Gives a place of slot `id` back (booked − 1), its status derived. */
export async function releasePlace(
  tx: Sql,
  slotId: number,
  instant: Date,
): Promise<void> {
  await tx.query(
    `UPDATE reservation_slots
        SET booked_count = booked_count - 1,
            status = ${derivedStatus("(booked_count - 1)")},
            updated_at = $2
      WHERE id = $1`,
    [slotId, instant],
  );
}

/** Queues a mail of `kind` about reservation `id` to `to` (same transaction). */
export async function queueMail(
  tx: Sql,
  kind: string,
  id: number,
  to: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO mail_outbox (kind, reservation_id, to_address) VALUES ($1, $2, $3)`,
    [kind, id, to],
  );
}

/**
 * Runs `fn` in a transaction; a deadlock or serialization failure (which
 * rolled everything back) is tried again, up to 4 times in all.
 */
export async function inRetriedTransaction<T>(
  db: Db,
  fn: (tx: Sql) => Promise<T>,
): Promise<T> {
  return await retryConflicts(() => db.begin(fn), 4);
}
