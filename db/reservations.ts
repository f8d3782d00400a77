import type { Db, Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import { reservationRefusal } from "../domain/ticket_status.ts";
import { slotRefusal } from "../domain/slot_rules.ts";
import type { ZonedNow } from "../domain/clock.ts";
import {
  findTicketSummary,
  loadTicketByCode,
  reservationOf,
  type TicketRow,
} from "./tickets.ts";
import { alternativeSlots, findSlot, loadSlot, type SlotRow } from "./slots.ts";
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
 * so most refusals cost no write. Then one transaction (shared with the other
 * requests for the same slot that are waiting, see reservation_batches.ts)
 * locks the ticket, takes the place with a guarded UPDATE of the slot row,
 * marks the ticket RESERVED and inserts the reservation (UNIQUE ticket_id)
 * and its confirmation mail.
 */
export async function createReservation(
  db: Db,
  req: ReservationRequest,
  clock: ReservationClock & { timeZoneOf: (orq: number) => Promise<string> },
): Promise<ReservationView> {
  const [ticket, slot] = await Promise.all([
    loadTicketByCode(db, req.code),
    loadSlot(db, req.slotId),
  ]);
  if (!ticket) throw new AppError("TICKET_NOT_FOUND");
  try {
    return await placeFor(db, req, clock, ticket, slot);
  } catch (err) {
    // The failure log names the ticket (story: reservation.failed).
    if (err instanceof AppError) err.context.ticket_id = ticket.id;
    throw err;
  }
}

async function placeFor(
  db: Db,
  req: ReservationRequest,
  clock: ReservationClock & { timeZoneOf: (orq: number) => Promise<string> },
  ticket: TicketRow,
  slot: SlotRow | null,
): Promise<ReservationView> {
  const ticketRefusal = reservationRefusal(
    { ...ticket, reservation: reservationOf(ticket) },
    clock.instant,
  );
  if (ticketRefusal) throw ticketRefusal;
  const now = clock.zoned(await clock.timeZoneOf(ticket.orq));
  const refusal = slotRefusal(slot, ticket.orq, now);
  if (refusal) throw await withAlternatives(db, refusal, req.slotId, now);

  const outcome = await batcherFor(db).take(req.slotId, {
    ticketId: ticket.id,
    orq: ticket.orq,
    email: req.email,
    phone: req.phone,
  }, { instant: clock.instant, now });
  if (outcome.kind === "full") {
    throw await withAlternatives(
      db,
      new AppError("SLOT_FULL"),
      req.slotId,
      now,
    );
  }
  if (outcome.kind === "refused") {
    // The ticket or the slot changed since the read: say how it stands now.
    throw await explainConflict(db, req, clock, now);
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
      id: slot!.id,
      date: slot!.date,
      start_time: slot!.start_time,
      end_time: slot!.end_time,
    },
  };
}

const batchers = new WeakMap<Db, ReservationBatcher>();

/** The process's one batcher for `db`. */
function batcherFor(db: Db): ReservationBatcher {
  let b = batchers.get(db);
  if (!b) {
    b = new ReservationBatcher(db);
    batchers.set(db, b);
  }
  return b;
}

async function explainConflict(
  db: Db,
  req: ReservationRequest,
  clock: ReservationClock,
  now: ZonedNow,
): Promise<AppError> {
  const [ticket, slot] = await Promise.all([
    findTicketSummary(db, req.code),
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
  const alternatives = await alternativesCache(sql).get(
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
const alternativeCaches = new WeakMap<Sql, TtlCache<Alternative[]>>();

/**
 * Alternatives of a full slot, kept a second: when hundreds are turned away
 * from one slot at once they all get the same suggestions (the suggested
 * slots are checked again when booked).
 */
function alternativesCache(sql: Sql): TtlCache<Alternative[]> {
  let cache = alternativeCaches.get(sql);
  if (!cache) {
    cache = new TtlCache(1000);
    alternativeCaches.set(sql, cache);
  }
  return cache;
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
