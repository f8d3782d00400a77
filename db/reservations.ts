import type { Db, Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import { reservationRefusal } from "../domain/ticket_status.ts";
import { slotRefusal } from "../domain/slot_rules.ts";
import type { ZonedNow } from "../domain/clock.ts";
import { loadTicketByCode, reservationOf, type TicketRow } from "./tickets.ts";
import {
  alternativeSlots,
  loadSlot,
  SLOT_ENDS_AT,
  SLOT_STARTS_AT,
  type SlotRow,
} from "./slots.ts";
import { memoPer } from "./batch_loader.ts";
import { TtlCache } from "../lib/ttl_cache.ts";
import { ReservationBatcher } from "./reservation_batches.ts";

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

/** The request's instant, and an organization's wall clock at that instant. */
export interface ReservationClock {
  instant: Date;
  zonedNow: (orq: number) => Promise<ZonedNow>;
}

/**
 * Takes a place in the slot for the ticket, or throws the contract's error.
 *
 * Checks run as API.md orders them (ticket, then slot) on a plain read first,
 * so most refusals cost no write. Then one statement, shared with the other
 * requests waiting at that moment (see reservation_batches.ts), locks the
 * ticket, takes the place with a guarded UPDATE of the slot row, marks the
 * ticket RESERVED and inserts the reservation (UNIQUE ticket_id) and its
 * confirmation mail.
 */
export async function createReservation(
  db: Db,
  req: ReservationRequest,
  clock: ReservationClock,
): Promise<ReservationView> {
  const read = await judge(db, req, clock);
  if (read.refusal) throw read.refusal;
  const { ticket, slot, now } = read;
  const outcome = await memoPer(batchers, db, () => new ReservationBatcher(db))
    .take(req.slotId, {
      ticketId: ticket.id,
      orq: ticket.orq,
      email: req.email,
      phone: req.phone,
    }, { instant: clock.instant, now });
  if (outcome.kind !== "reserved") {
    // "refused": the ticket or the slot changed since the read, so read again
    // and say why; "full" (or nothing else wrong): others took the last places.
    const again = outcome.kind === "refused"
      ? (await judge(db, req, clock)).refusal
      : null;
    const refusal = again ??
      await withAlternatives(db, new AppError("SLOT_FULL"), req.slotId, now);
    refusal.context.ticket_id = ticket.id;
    throw refusal;
  }
  return {
    id: outcome.id,
    ticket_id: ticket.id,
    ticket_code: ticket.code,
    orq: ticket.orq,
    status: "RESERVED",
    customer_email: req.email,
    customer_phone: req.phone,
    reserved_at: outcome.reserved_at,
    slot: {
      id: slot.id,
      date: slot.date,
      start_time: slot.start_time,
      end_time: slot.end_time,
    },
  };
}

const batchers = new WeakMap<Db, ReservationBatcher>();

/**
 * Reads the ticket and the slot and judges them, ticket first (API.md's
 * order). A refusal names the ticket for the failure log.
 */
async function judge(
  db: Db,
  req: ReservationRequest,
  clock: ReservationClock,
): Promise<
  | { refusal: AppError }
  | { refusal: null; ticket: TicketRow; slot: SlotRow; now: ZonedNow }
> {
  const [ticket, slot] = await Promise.all([
    loadTicketByCode(db, req.code),
    loadSlot(db, req.slotId),
  ]);
  if (!ticket) return { refusal: new AppError("TICKET_NOT_FOUND") };
  const now = await clock.zonedNow(ticket.orq);
  const refusal = reservationRefusal(
    { ...ticket, reservation: reservationOf(ticket) },
    clock.instant,
  ) ?? slotRefusal(slot, ticket.orq, now);
  if (refusal) {
    const err = await withAlternatives(db, refusal, req.slotId, now);
    err.context.ticket_id = ticket.id;
    return { refusal: err };
  }
  return { refusal: null, ticket, slot: slot!, now };
}

async function withAlternatives(
  sql: Sql,
  err: AppError,
  slotId: number,
  now: ZonedNow,
): Promise<AppError> {
  if (err.code !== "SLOT_FULL") return err;
  const alternatives = await memoPer(
    alternativeCaches,
    sql,
    () => new TtlCache<Alternative[]>(1000),
  ).get(
    `${slotId}|${now.date}|${now.time}`,
    async () =>
      (await alternativeSlots(sql, { slotId, now })).map((s) => ({
        id: s.id,
        date: s.date,
        start_time: s.start_time,
        end_time: s.end_time,
        available_count: s.available_count,
      })),
  );
  return new AppError("SLOT_FULL", { details: { alternatives } });
}

type Alternative = Pick<
  SlotRow,
  "id" | "date" | "start_time" | "end_time" | "available_count"
>;
/*
 * Alternatives of a full slot are kept a second: when hundreds are turned
 * away from one slot at once they all get the same suggestions (the
 * suggested slots are checked again when booked).
 */
const alternativeCaches = new WeakMap<Sql, TtlCache<Alternative[]>>();

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
    `SELECT ${SLOT_STARTS_AT} AS starts,
            ${SLOT_ENDS_AT} AS ends,
            o.timezone, o.name AS org_name
       FROM ticket_reservations r
       JOIN reservation_slots s ON s.id = r.slot_id
       JOIN organizations o ON o.orq = s.orq
      WHERE r.id = $1`,
    [reservationId],
  );
  return rows[0];
}
