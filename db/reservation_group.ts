/**
 * Group bookings (API.md "Customer self-service", create-group): several
 * tickets, one slot, all or nothing in one transaction. The tickets are
 * judged by the same rules as a single booking (domain/ticket_status.ts,
 * domain/slot_rules.ts), in the order given; the places are taken with one
 * guarded UPDATE of the slot row.
 */
import { signReservation } from "./ticket_signing.ts";
import type { Db, Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import type { ZonedNow } from "../domain/clock.ts";
import { reservationRefusal } from "../domain/ticket_status.ts";
import { freePlaces, slotRefusal } from "../domain/slot_rules.ts";
import { reservationOf, TICKET_SELECT, type TicketRow } from "./tickets.ts";
import { slotAlternatives } from "./slots.ts";
import { derivedStatus, orgWallClock, slotEnded } from "./sql_fragments.ts";
import { inRetriedTransaction, lockSlots } from "./reservation_locks.ts";
import type { ReservationView } from "./reservations.ts";
import { GROUP_CONFIRMATION_MAIL } from "./group_mail.ts";

/** What the customer asked for: codes in their stored form (null: cannot be one). */
export interface GroupRequest {
  /** Normalised codes, in the order given; null for text that is no code. */
  codes: (string | null)[];
  /** The codes as typed, for `details.ticket_code` of a refusal. */
  typed: string[];
  slotId: number;
  email: string;
  phone: string;
  /** The customer's language for their mails; null or absent: the venue's. */
  locale?: string | null;
}

/** A booked group. */
export interface BookedGroup {
  group_id: string;
  orq: number;
  reservations: ReservationView[];
}

/**
 * Books every ticket of `req` in its slot, or none. Locks the tickets (by
 * id), then the slot; refusals: the first ticket refused, in the given order
 * (`details.ticket_code`), then the slot as for create (SLOT_NOT_FOUND also
 * for another organization's, SLOT_CLOSED, SLOT_IN_PAST), then SLOT_FULL
 * when fewer places are free than tickets (`available_count`, alternatives
 * with room for the group). Queues one confirmation mail for the group.
 */
export async function createGroup(
  db: Db,
  req: GroupRequest,
  clock: { instant: Date; zonedNow: (orq: number) => Promise<ZonedNow> },
): Promise<BookedGroup> {
  // The venue's wall clock, read before the transaction (PGlite has one
  // connection); the slot's organization, or the first ticket's when the
  // slot is unknown (then SLOT_NOT_FOUND is the answer anyway).
  const [org] = await db.query<{ orq: number }>(
    `SELECT orq FROM reservation_slots WHERE id = $1
     UNION ALL
     SELECT orq FROM tickets WHERE code = ANY($2::text[])
     LIMIT 1`,
    [req.slotId, req.codes.filter((c) => c !== null)],
  );
  const now = org ? await clock.zonedNow(org.orq) : null;
  try {
    return await inRetriedTransaction(
      db,
      (tx) => bookLocked(tx, req, clock.instant, now),
    );
  } catch (err) {
    if (err instanceof GroupFull && now) {
      const alternatives = await slotAlternatives(db, {
        slotId: req.slotId,
        now,
        party: req.codes.length,
      });
      throw new AppError("SLOT_FULL", {
        details: { available_count: err.available, alternatives },
      });
    }
    throw err;
  }
}

/** Too few places; the alternatives are read after the rollback. */
class GroupFull extends Error {
  constructor(readonly available: number) {
    super("SLOT_FULL");
  }
}

async function bookLocked(
  tx: Sql,
  req: GroupRequest,
  instant: Date,
  now: ZonedNow | null,
): Promise<BookedGroup> {
  const known = req.codes.filter((c): c is string => c !== null);
  await tx.query(
    "SELECT id FROM tickets WHERE code = ANY($1::text[]) ORDER BY id FOR UPDATE",
    [known],
  );
  const rows = await tx.query<TicketRow>(
    `${TICKET_SELECT} WHERE t.code = ANY($1::text[])`,
    [known],
  );
  const byCode = new Map(rows.map((t) => [t.code, t]));
  const tickets = req.codes.map((code, i) => {
    const t = code === null ? undefined : byCode.get(code);
    const refusal = t
      ? reservationRefusal({ ...t, reservation: reservationOf(t) }, instant)
      : new AppError("TICKET_NOT_FOUND");
    if (refusal) throw namingTicket(refusal, req.typed[i]);
    return t!;
  });
  const wall = now ?? { date: "1970-01-01", time: "00:00" };
  const slot = (await lockSlots(tx, [req.slotId], wall)).get(req.slotId);
  for (const [i, t] of tickets.entries()) {
    // Every ticket must be of the slot's organization; another's slot is
    // not found, as for create.
    const refusal = slotRefusal(
      slot ? { ...slot, status: slot.status as "ACTIVE" } : null,
      t.orq,
      now!,
    );
    if (refusal && refusal.code !== "SLOT_FULL") {
      throw i === 0 ? refusal : namingTicket(refusal, req.typed[i]);
    }
  }
  const available = freePlaces(slot!);
  if (slot!.status === "CLOSED") throw new AppError("SLOT_CLOSED");
  if (available < tickets.length) throw new GroupFull(Math.max(0, available));
  return await take(tx, req, tickets, instant, slot!.orq);
}

function namingTicket(err: AppError, typed: string): AppError {
  return new AppError(err.code, {
    details: { ...err.details, ticket_code: typed },
  });
}

/**
 * Takes the places with one guarded UPDATE (the CHECK and this guard agree
 * with the read under lock), marks the tickets RESERVED and inserts the
 * reservations, sharing a new group id, and the group's one mail.
 */
async function take(
  tx: Sql,
  req: GroupRequest,
  tickets: TicketRow[],
  instant: Date,
  orq: number,
): Promise<BookedGroup> {
  const n = tickets.length;
  const taken = await tx.query<{ id: number }>(
    `UPDATE reservation_slots s
        SET booked_count = booked_count + $2,
            status = ${derivedStatus(`(booked_count + $2)`)},
            updated_at = $3
       FROM organizations o
      WHERE s.id = $1 AND o.orq = s.orq AND s.status <> 'CLOSED'
        AND s.booked_count + s.held_count + $2 <= s.total_capacity
        AND NOT ${slotEnded(orgWallClock("$3::timestamptz"))}
     RETURNING s.id`,
    [req.slotId, n, instant],
  );
  if (taken.length !== 1) throw new GroupFull(0); // cannot happen under the lock
  const groupId = crypto.randomUUID();
  const ids = tickets.map((t) => t.id);
  await tx.query(
    `UPDATE tickets
        SET status = 'RESERVED', reserved_at = $2, customer_email = $3,
            customer_phone = $4, updated_at = $2
      WHERE id = ANY($1::int[])`,
    [ids, instant, req.email, req.phone],
  );
  const inserted = await tx.query<{ id: number; ticket_id: number }>(
    `INSERT INTO ticket_reservations
       (ticket_id, slot_id, orq, customer_email, customer_phone, reserved_at,
        group_id, locale)
     SELECT t, $2, $3, $4, $5, $6, $7::uuid, $8
       FROM unnest($1::int[]) WITH ORDINALITY AS x(t, ord)
      ORDER BY ord
     RETURNING id, ticket_id`,
    [
      ids,
      req.slotId,
      orq,
      req.email,
      req.phone,
      instant,
      groupId,
      req.locale ?? null,
    ],
  );
  const idOf = new Map(inserted.map((r) => [r.ticket_id, r.id]));
  await signReservation(tx, inserted.map((r) => r.id));
  // One mail for the group, filed under its first reservation.
  await tx.query(
    `INSERT INTO mail_outbox (kind, reservation_id, to_address)
     VALUES ($1, $2, $3)`,
    [GROUP_CONFIRMATION_MAIL, idOf.get(ids[0]), req.email],
  );
  const views = await tx.query<ReservationView>(
    `SELECT r.id, t.id AS ticket_id, t.code AS ticket_code, r.orq, r.status,
            r.version, r.customer_email, r.customer_phone, r.reserved_at,
            json_build_object('id', s.id, 'date', s.date,
              'start_time', to_char(s.start_time, 'HH24:MI'),
              'end_time', to_char(s.end_time, 'HH24:MI')) AS slot
       FROM ticket_reservations r
       JOIN tickets t ON t.id = r.ticket_id
       JOIN reservation_slots s ON s.id = r.slot_id
      WHERE r.group_id = $1::uuid`,
    [groupId],
  );
  const byTicket = new Map(views.map((v) => [v.ticket_id, v]));
  return {
    group_id: groupId,
    orq,
    reservations: ids.map((id) => byTicket.get(id)!),
  };
}
