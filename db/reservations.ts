import type { Db, Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import { reservationRefusal } from "../domain/ticket_status.ts";
import { slotRefusal } from "../domain/slot_rules.ts";
import type { ZonedNow } from "../domain/clock.ts";
import { findTicketByCode, reservationOf } from "./tickets.ts";
import { alternativeSlots, findSlot } from "./slots.ts";

/** A reservation with its ticket code and slot, as the API shows it. */
export interface ReservationView {
  id: number;
  ticket_id: number;
  ticket_code: string;
  orq: number;
  status: string;
  customer_email: string;
  customer_phone: string;
  reserved_at: Date;
  slot: { id: number; date: string; start_time: string; end_time: string };
}

/** What a customer asked for. */
export interface ReservationRequest {
  code: string;
  slotId: number;
  email: string;
  phone: string;
}

/** Clock readings the rules need: the instant and the organization's wall clock. */
export interface ReservationClock {
  instant: Date;
  zoned: (timeZone: string) => ZonedNow;
}

interface Loaded {
  id: number;
  reserved_at: Date;
}

/**
 * Takes a place in the slot for the ticket, or throws the contract's error.
 *
 * Checks run as API.md orders them (ticket, then slot) on a plain read first,
 * so most refusals cost no write. Then one transaction: the ticket moves
 * ACTIVATED → RESERVED under its row lock, the reservation (UNIQUE ticket_id)
 * and its confirmation mail are inserted, and last the slot's counter grows
 * under a guarded UPDATE, so the hot slot row stays locked only for that
 * statement and the commit.
 */
export async function createReservation(
  db: Db,
  req: ReservationRequest,
  clock: ReservationClock & { timeZoneOf: (orq: number) => Promise<string> },
): Promise<ReservationView> {
  const [ticket, slot] = await Promise.all([
    findTicketByCode(db, req.code),
    findSlot(db, req.slotId),
  ]);
  if (!ticket) throw new AppError("TICKET_NOT_FOUND");
  const ticketRefusal = reservationRefusal(
    { ...ticket, reservation: reservationOf(ticket) },
    clock.instant,
  );
  if (ticketRefusal) throw ticketRefusal;
  const now = clock.zoned(await clock.timeZoneOf(ticket.orq));
  const refusal = slotRefusal(slot, ticket.orq, now);
  if (refusal) throw await withAlternatives(db, refusal, req.slotId, now);

  try {
    const loaded = await db.begin(async (tx) => {
      const t = await tx.query<{ id: number }>(
        `UPDATE tickets SET status = 'RESERVED', reserved_at = $2,
                customer_email = $3, customer_phone = $4, updated_at = $2
          WHERE id = $1 AND status = 'ACTIVATED'
          RETURNING id`,
        [ticket.id, clock.instant, req.email, req.phone],
      );
      if (t.length === 0) throw new RetryCheck();
      const r = await tx.query<Loaded>(
        `WITH r AS (
           INSERT INTO ticket_reservations
             (ticket_id, slot_id, orq, customer_email, customer_phone, reserved_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, reserved_at, customer_email),
         m AS (
           INSERT INTO mail_outbox (kind, reservation_id, to_address)
           SELECT 'reservation.confirmation', id, customer_email FROM r)
         SELECT id, reserved_at FROM r`,
        [
          ticket.id,
          req.slotId,
          ticket.orq,
          req.email,
          req.phone,
          clock.instant,
        ],
      );
      const s = await tx.query(
        `UPDATE reservation_slots
            SET booked_count = booked_count + 1, updated_at = $4,
                status = CASE WHEN booked_count + 1 >= total_capacity THEN 'FULL' ELSE status END
          WHERE id = $1 AND orq = $2 AND status = 'ACTIVE'
            AND booked_count < total_capacity
            AND (date > $3::date OR (date = $3::date AND end_time > $5::time))
          RETURNING id`,
        [req.slotId, ticket.orq, now.date, clock.instant, now.time],
      );
      if (s.length === 0) throw new RetryCheck();
      return r[0];
    });
    return {
      id: loaded.id,
      ticket_id: ticket.id,
      ticket_code: ticket.code,
      orq: ticket.orq,
      status: "RESERVED",
      customer_email: req.email,
      customer_phone: req.phone,
      reserved_at: loaded.reserved_at,
      slot: {
        id: slot!.id,
        date: slot!.date,
        start_time: slot!.start_time,
        end_time: slot!.end_time,
      },
    };
  } catch (err) {
    // Someone else changed the ticket or took the last place since the read:
    // read again and give the reason as it stands now.
    if (err instanceof RetryCheck || isUniqueViolation(err)) {
      throw await explainConflict(db, req, clock, now);
    }
    throw err;
  }
}

class RetryCheck extends Error {}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "23505";
}

async function explainConflict(
  db: Db,
  req: ReservationRequest,
  clock: ReservationClock,
  now: ZonedNow,
): Promise<AppError> {
  const [ticket, slot] = await Promise.all([
    findTicketByCode(db, req.code),
    findSlot(db, req.slotId),
  ]);
  if (!ticket) return new AppError("TICKET_NOT_FOUND");
  const t = reservationRefusal(
    { ...ticket, reservation: reservationOf(ticket) },
    clock.instant,
  );
  if (t) return t;
  const s = slotRefusal(slot, ticket.orq, now) ?? new AppError("SLOT_FULL");
  return await withAlternatives(db, s, req.slotId, now);
}

async function withAlternatives(
  sql: Sql,
  err: AppError,
  slotId: number,
  now: ZonedNow,
): Promise<AppError> {
  if (err.code !== "SLOT_FULL") return err;
  const alternatives = await alternativeSlots(sql, { slotId, now });
  return new AppError("SLOT_FULL", {
    details: {
      alternatives: alternatives.map((s) => ({
        id: s.id,
        date: s.date,
        start_time: s.start_time,
        end_time: s.end_time,
        available_count: s.available_count,
      })),
    },
  });
}

const VIEW_SELECT =
  `SELECT r.id, t.id AS ticket_id, t.code AS ticket_code, r.orq, r.status,
    r.customer_email, r.customer_phone, r.reserved_at,
    json_build_object('id', s.id, 'date', s.date,
      'start_time', to_char(s.start_time, 'HH24:MI'),
      'end_time', to_char(s.end_time, 'HH24:MI')) AS slot
  FROM ticket_reservations r
  JOIN tickets t ON t.id = r.ticket_id
  JOIN reservation_slots s ON s.id = r.slot_id`;

/** The reservation of the ticket `code`, or null. */
export async function findReservationByCode(
  sql: Sql,
  code: string,
): Promise<ReservationView | null> {
  const rows = await sql.query<ReservationView>(
    `${VIEW_SELECT} WHERE t.code = $1`,
    [code],
  );
  return rows[0] ?? null;
}

/** The reservation `id` when `code` is its ticket's code (the credential); else null. */
export async function findReservationWithCredential(
  sql: Sql,
  id: number,
  code: string,
): Promise<ReservationView | null> {
  const rows = await sql.query<ReservationView>(
    `${VIEW_SELECT} WHERE r.id = $1 AND t.code = $2`,
    [id, code],
  );
  return rows[0] ?? null;
}

/** The instants a reservation's slot starts and ends, in its organization's zone. */
export async function slotInstants(
  sql: Sql,
  reservationId: number,
): Promise<{ starts: Date; ends: Date; timezone: string; org_name: string }> {
  const rows = await sql.query<
    { starts: Date; ends: Date; timezone: string; org_name: string }
  >(
    `SELECT (s.date + s.start_time) AT TIME ZONE o.timezone AS starts,
            (s.date + s.end_time) AT TIME ZONE o.timezone AS ends,
            o.timezone, o.name AS org_name
       FROM ticket_reservations r
       JOIN reservation_slots s ON s.id = r.slot_id
       JOIN organizations o ON o.orq = s.orq
      WHERE r.id = $1`,
    [reservationId],
  );
  return rows[0];
}
