/**
 * "Manage my booking" (API.md "Customer self-service"): the booking a
 * customer's credential opens (the ticket code and the booking's email, or a
 * manage token's reservation and ticket), with the instants its cut-off and
 * the manage link's end follow from.
 */
import type { Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import type { ReservationView } from "./reservations.ts";
import {
  type LockedReservation,
  lockReservation,
} from "./reservation_locks.ts";
import { SLOT_ENDS_AT, SLOT_STARTS_AT } from "./sql_fragments.ts";

/** What a verified manage token names (lib/manage_token.ts ManageClaims). */
export interface TokenCredential {
  reservationId: number;
  ticketId: number;
}

/** The refusal of a manage token whose visit is over. */
export function linkExpired(): AppError {
  return new AppError("RESERVATION_NOT_FOUND", {
    message: "This link has expired: the visit is over.",
    details: { reason: "LINK_EXPIRED" },
  });
}

/**
 * Locks the ticket of the token's reservation and reads the reservation
 * (db/reservation_locks.ts lockReservation): unknown, cancelled, or no longer
 * of the token's ticket → RESERVATION_NOT_FOUND.
 */
export async function lockReservationOfToken(
  tx: Sql,
  cred: TokenCredential,
): Promise<LockedReservation> {
  const r = await lockReservation(tx, cred.reservationId, null);
  if (r.ticket_id !== cred.ticketId) {
    throw new AppError("RESERVATION_NOT_FOUND");
  }
  return r;
}

/** A booking as the manage page shows it. */
export interface ManagedBooking extends ReservationView {
  /** The instants its slot starts and ends. */
  starts: Date;
  ends: Date;
  timezone: string;
}

const SELECT = `SELECT r.id, t.id AS ticket_id, t.code AS ticket_code, r.orq,
    r.status, r.version, r.customer_email, r.customer_phone, r.reserved_at,
    json_build_object('id', s.id, 'date', s.date,
      'start_time', to_char(s.start_time, 'HH24:MI'),
      'end_time', to_char(s.end_time, 'HH24:MI')) AS slot,
    ${SLOT_STARTS_AT} AS starts, ${SLOT_ENDS_AT} AS ends, o.timezone
  FROM ticket_reservations r
  JOIN tickets t ON t.id = r.ticket_id
  JOIN reservation_slots s ON s.id = r.slot_id
  JOIN organizations o ON o.orq = s.orq`;

/**
 * The booking of a manage token at `instant`: unknown, cancelled or another
 * ticket's → RESERVATION_NOT_FOUND; its visit over → the same code with
 * `details.reason: LINK_EXPIRED`.
 */
export async function bookingOfToken(
  sql: Sql,
  cred: TokenCredential,
  instant: Date,
): Promise<ManagedBooking> {
  const [row] = await sql.query<ManagedBooking>(
    `${SELECT} WHERE r.id = $1 AND r.ticket_id = $2 AND r.status <> 'CANCELLED'`,
    [cred.reservationId, cred.ticketId],
  );
  if (!row) throw new AppError("RESERVATION_NOT_FOUND");
  const booking = withDates(row);
  if (booking.ends <= instant) throw linkExpired();
  return booking;
}

/**
 * The booking of ticket `code` (normalised) for `email`, in API.md's order:
 * unknown code → TICKET_NOT_FOUND; a booking with another email →
 * RESERVATION_NOT_FOUND; none → TICKET_NOT_RESERVED.
 */
export async function bookingOfCode(
  sql: Sql,
  code: string,
  email: string,
): Promise<ManagedBooking> {
  const rows = await sql.query<
    ManagedBooking & { same_email: boolean | null }
  >(
    `SELECT b.*, lower(b.customer_email) = lower($2::text) AS same_email
       FROM tickets tk
       LEFT JOIN LATERAL (${SELECT}
          WHERE r.ticket_id = tk.id AND r.status <> 'CANCELLED') b ON true
      WHERE tk.code = $1`,
    [code, email],
  );
  const row = rows[0];
  if (!row) throw new AppError("TICKET_NOT_FOUND");
  if (row.id === null) throw new AppError("TICKET_NOT_RESERVED");
  if (!row.same_email) throw new AppError("RESERVATION_NOT_FOUND");
  const { same_email: _, ...booking } = row;
  return withDates(booking);
}

function withDates(row: ManagedBooking): ManagedBooking {
  return { ...row, starts: new Date(row.starts), ends: new Date(row.ends) };
}
