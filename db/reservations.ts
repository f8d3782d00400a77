import type { Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import { reservationRefusal } from "../domain/ticket_status.ts";
import { slotRefusal } from "../domain/slot_rules.ts";
import type { ZonedNow } from "../domain/clock.ts";
import { reservationOf, type TicketRow } from "./tickets.ts";
import { slotAlternatives } from "./slots.ts";
import { SLOT_ENDS_AT, SLOT_STARTS_AT } from "./sql_fragments.ts";
import type { Placed, PlaceOutcome } from "./reservation_batches.ts";
import type { Store } from "./store.ts";

/** A reservation with its ticket code and slot, as the API shows it. */
export interface ReservationView {
  id: number;
  ticket_id: number;
  ticket_code: string;
  /** The signed QR text; null until signed (lib/qr_images.ts qrPayload). */
  signed_payload?: string | null;
  orq: number;
  status: string;
  /** Bumped when the reservation moves; its QR and calendar URLs are signed per version. */
  version: number;
  /** The customer's language (null: the venue's); read by the file routes. */
  locale?: string | null;
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
  /** The customer's language for their mails; null or absent: the venue's. */
  locale?: string | null;
}

/** The request's instant, and an organization's wall clock at that instant. */
export interface ReservationClock {
  instant: Date;
  zonedNow: (orq: number) => Promise<ZonedNow>;
  /**
   * The organization's `booking_horizon_days`, to name SLOT_BEYOND_HORIZON
   * (the place-taking statement refuses such a slot whatever this says).
   */
  horizonDays?: (orq: number) => Promise<number>;
}

/**
 * Takes a place in the slot for the ticket, or throws the contract's error.
 *
 * The place is taken first, with no read before it: one statement, shared
 * with the other requests waiting at that moment (see
 * reservation_batches.ts), finds and locks the ticket by its code, takes the
 * place with a guarded UPDATE of the slot row, marks the ticket RESERVED and
 * inserts the reservation (UNIQUE ticket_id) and its confirmation mail. Only
 * a request that gets no place reads the ticket and the slot, to say why in
 * API.md's order (ticket, then slot). A slot found full is remembered for a
 * moment, so that a rush at it is answered from that read and does not lock
 * tickets first; the read still decides.
 */
export async function createReservation(
  store: Store,
  req: ReservationRequest,
  clock: ReservationClock,
): Promise<ReservationView> {
  const full = store.fullSlots;
  if (!full.has(req.slotId)) {
    const outcome = await take(store, req, clock.instant);
    if (outcome.kind === "reserved") return viewOf(outcome, req);
  }
  const read = await judge(store, req, clock);
  if (read.refusal) {
    if (read.refusal.code === "SLOT_FULL") full.add(req.slotId);
    throw read.refusal;
  }
  // The read found room (places came back, or another instance's rush
  // ended): take it now.
  full.delete(req.slotId);
  const outcome = await take(store, req, clock.instant);
  if (outcome.kind === "reserved") return viewOf(outcome, req);
  // "refused": the ticket or the slot changed since the read, so read again
  // and say why; "full" (or nothing else wrong): others took the last places.
  const again = outcome.kind === "refused"
    ? (await judge(store, req, clock)).refusal
    : null;
  const refusal = again ??
    await withAlternatives(
      store,
      new AppError("SLOT_FULL"),
      req.slotId,
      read.now,
    );
  refusal.context.ticket_id = read.ticket.id;
  refusal.context.orq = read.ticket.orq;
  throw refusal;
}

function take(
  store: Store,
  req: ReservationRequest,
  instant: Date,
): Promise<PlaceOutcome> {
  return store.places.take(
    req.slotId,
    {
      code: req.code,
      email: req.email,
      phone: req.phone,
      locale: req.locale ?? null,
    },
    instant,
  );
}

function viewOf(placed: Placed, req: ReservationRequest): ReservationView {
  return {
    id: placed.id,
    ticket_id: placed.ticket_id,
    ticket_code: req.code,
    orq: placed.orq,
    status: "RESERVED",
    version: 1, // a new row: the column's default
    customer_email: req.email,
    customer_phone: req.phone,
    reserved_at: placed.reserved_at,
    slot: placed.slot,
    signed_payload: placed.signed_payload ?? null,
  };
}

/**
 * Reads the ticket and the slot and judges them, ticket first (API.md's
 * order). A refusal names the ticket for the failure log.
 */
async function judge(
  store: Store,
  req: ReservationRequest,
  clock: ReservationClock,
): Promise<
  | { refusal: AppError }
  | { refusal: null; ticket: TicketRow; now: ZonedNow }
> {
  const [ticket, slot] = await Promise.all([
    store.tickets.load(req.code),
    store.slots.load(req.slotId),
  ]);
  if (!ticket) return { refusal: new AppError("TICKET_NOT_FOUND") };
  const [now, horizonDays] = await Promise.all([
    clock.zonedNow(ticket.orq),
    clock.horizonDays?.(ticket.orq),
  ]);
  const refusal = reservationRefusal(
    { ...ticket, reservation: reservationOf(ticket) },
    clock.instant,
  ) ?? slotRefusal(slot, ticket.orq, now, horizonDays);
  if (refusal) {
    const err = await withAlternatives(store, refusal, req.slotId, now);
    err.context.ticket_id = ticket.id;
    err.context.orq = ticket.orq;
    return { refusal: err };
  }
  return { refusal: null, ticket, now };
}

async function withAlternatives(
  store: Store,
  err: AppError,
  slotId: number,
  now: ZonedNow,
): Promise<AppError> {
  if (err.code !== "SLOT_FULL") return err;
  const alternatives = await store.alternatives.get(
    `${slotId}|${now.date}|${now.time}`,
    () => slotAlternatives(store.db, { slotId, now }),
  );
  return new AppError("SLOT_FULL", { details: { alternatives } });
}

const VIEW_SELECT =
  `SELECT r.id, t.id AS ticket_id, t.code AS ticket_code, r.orq, r.status,
    r.version, r.customer_email, r.customer_phone, r.reserved_at, r.signed_payload,
    r.locale,
    json_build_object('id', s.id, 'date', s.date,
      'start_time', to_char(s.start_time, 'HH24:MI'),
      'end_time', to_char(s.end_time, 'HH24:MI')) AS slot
  FROM ticket_reservations r
  JOIN tickets t ON t.id = r.ticket_id
  JOIN reservation_slots s ON s.id = r.slot_id`;

/** The reservation of the ticket `code` that is not cancelled, or null. */
export async function findReservationByCode(
  sql: Sql,
  code: string,
): Promise<ReservationView | null> {
  const rows = await sql.query<ReservationView>(
    `${VIEW_SELECT} WHERE t.code = $1 AND r.status <> 'CANCELLED'`,
    [code],
  );
  return rows[0] ?? null;
}

/** The reservation `id` unless it is cancelled; else null. */
export async function findReservationById(
  sql: Sql,
  id: number,
): Promise<ReservationView | null> {
  const rows = await sql.query<ReservationView>(
    `${VIEW_SELECT} WHERE r.id = $1 AND r.status <> 'CANCELLED'`,
    [id],
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
