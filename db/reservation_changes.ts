/**
 * Staff moving a reservation to another slot (API.md "Back office (staff)"):
 * one transaction in the contract's lock order, the place taken in the new
 * slot with a guarded single-row UPDATE and given back in the old one.
 */
import type { Db, Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import type { ZonedNow } from "../domain/clock.ts";
import { findReservationById, type ReservationView } from "./reservations.ts";
import { slotAlternatives } from "./slots.ts";
import { type AuditActor, recordAudit } from "./audit.ts";
import { derivedStatus } from "./sql_fragments.ts";
import { beyondHorizon } from "../domain/customer_change.ts";
import { offerFreedPlaces } from "./waitlist_offers.ts";
import {
  inRetriedTransaction,
  type LockedReservation,
  type LockedSlot,
  lockReservation,
  lockSlots,
  queueMail,
  refuseUnlessReserved,
  releasePlace,
} from "./reservation_locks.ts";
import { resignReservation } from "./ticket_signing.ts";
import { together } from "./pipelined.ts";

/** Outbox kind of the "your visit has moved" mail. */
export const MOVED_MAIL = "reservation.moved";

/** Who asks, and when. */
export interface StaffChange {
  /** The principal's organization; null for the platform administrator. */
  orq: number | null;
  actor: AuditActor;
  instant: Date;
  /** The organization's wall clock at `instant`. */
  zonedNow: (orq: number) => Promise<ZonedNow>;
}

/** What a move did. */
export interface Moved {
  reservation: ReservationView;
  /** The slot it left; null when it stayed (the same slot). */
  from: number | null;
}

/**
 * Moves reservation `id` to slot `slotId`. Refusals, checked in this order:
 * the reservation (RESERVATION_NOT_FOUND, TICKET_ALREADY_VERIFIED,
 * TICKET_EXPIRED), then the target as for a booking (SLOT_NOT_FOUND also for
 * another organization's slot, SLOT_CLOSED, SLOT_IN_PAST, SLOT_FULL with
 * alternatives); no cut-off, no horizon. The same slot: unchanged.
 */
export async function moveReservation(
  db: Db,
  id: number,
  slotId: number,
  who: StaffChange,
): Promise<Moved> {
  // The organization's wall clock, read before the transaction: PGlite's
  // one connection could not serve the read while the transaction is open.
  // Staff act for their own organization (another's reservation is not
  // found in the transaction); the platform administrator's is looked up.
  let orq = who.orq;
  if (orq === null) {
    const [found] = await db.query<{ orq: number }>(
      "SELECT orq FROM ticket_reservations WHERE id = $1",
      [id],
    );
    if (!found) throw new AppError("RESERVATION_NOT_FOUND");
    orq = found.orq;
  }
  const now = await who.zonedNow(orq);
  return await withAlternativesWhenFull(
    db,
    slotId,
    now,
    () =>
      inRetriedTransaction(db, async (tx) => {
        const r = await lockReservation(tx, id, who.orq);
        refuseUnlessReserved(r);
        return await moveLocked(tx, r, slotId, who, now, null);
      }),
  );
}

/** SLOT_FULL, thrown inside the transaction; alternatives are read after it. */
class Full extends Error {}

/**
 * Runs `change` (a transaction that may end in moveLocked's SLOT_FULL) and
 * answers SLOT_FULL with alternatives for slot `slotId`, read after the
 * transaction rolled back.
 */
export async function withAlternativesWhenFull<T>(
  db: Db,
  slotId: number,
  now: ZonedNow,
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (err instanceof Full) {
      throw await fullWithAlternatives(db, slotId, now);
    }
    throw err;
  }
}

/**
 * Moves reservation `r`, RESERVED and its ticket locked by the caller, to
 * slot `slotId`: both slots locked in id order, the target refused as for a
 * booking (and, with `horizonDays`, beyond the customer's horizon), the new
 * place taken by a guarded UPDATE and the old one given back, the version
 * bumped (old QR and calendar links die), the "moved" mail queued and an
 * audit entry written. The same slot: nothing changes.
 */
export async function moveLocked(
  tx: Sql,
  r: LockedReservation,
  slotId: number,
  who: { actor: AuditActor; instant: Date },
  now: ZonedNow,
  horizonDays: number | null,
): Promise<Moved> {
  const id = r.id;
  if (r.slot_id === slotId) {
    return { reservation: (await findReservationById(tx, id))!, from: null };
  }
  const slots = await lockSlots(tx, [r.slot_id, slotId], now);
  const target = slots.get(slotId);
  refuseTarget(
    target,
    r.orq,
    horizonDays === null ? null : {
      today: now.date,
      days: horizonDays,
    },
  );
  // With both slots locked, the statements that need no answer from one
  // another go together (db/pipelined.ts): the locks are held for fewer
  // round trips. A refusal rolls all of it back.
  const [taken] = await together([
    tx.query<{ id: number }>(
      `UPDATE reservation_slots
          SET booked_count = booked_count + 1,
              status = ${derivedStatus("(booked_count + 1)")},
              updated_at = $2
        WHERE id = $1 AND status <> 'CLOSED'
          AND booked_count + held_count < total_capacity
          AND NOT ((date + end_time) <= ($3::date + $4::time))
       RETURNING id`,
      [slotId, who.instant, now.date, now.time],
    ),
    releasePlace(tx, r.slot_id, who.instant),
    tx.query(
      `UPDATE ticket_reservations
          SET slot_id = $2, version = version + 1, updated_at = $3
        WHERE id = $1`,
      [id, slotId, who.instant],
    ),
  ]);
  if (taken.length !== 1) throw new Full(); // the guard agrees with the read
  const old = slots.get(r.slot_id)!;
  await together([
    (async () => {
      await offerFreedPlaces(tx, r.slot_id, who.instant); // to the waitlist first
      await queueMail(tx, MOVED_MAIL, id, r.customer_email);
    })(),
    // The old QR's signature is revoked; the new slot gets a new one.
    resignReservation(tx, [id], who.instant),
    recordAudit(tx, {
      orq: r.orq,
      actor: who.actor,
      action: "reservation.moved",
      target: { type: "reservation", id },
      before: { ...slotFacts(old), version: r.version },
      after: { ...slotFacts(target!), version: r.version + 1 },
      at: who.instant,
    }),
  ]);
  return {
    reservation: (await findReservationById(tx, id))!,
    from: r.slot_id,
  };
}

function slotFacts(s: LockedSlot) {
  return {
    slot_id: s.id,
    date: s.date,
    start_time: s.start_time,
    end_time: s.end_time,
  };
}

/**
 * The target's refusal as for a booking (domain/slot_rules.ts order), with
 * the customer's horizon before a full slot's alternatives.
 */
function refuseTarget(
  s: LockedSlot | undefined,
  orq: number,
  horizon: { today: string; days: number } | null,
): asserts s is LockedSlot {
  if (!s || s.orq !== orq) throw new AppError("SLOT_NOT_FOUND");
  if (s.status === "CLOSED") throw new AppError("SLOT_CLOSED");
  if (s.ended) throw new AppError("SLOT_IN_PAST");
  if (horizon && beyondHorizon(s.date, horizon.today, horizon.days)) {
    throw new AppError("SLOT_BEYOND_HORIZON");
  }
  if (s.booked_count + s.held_count >= s.total_capacity) throw new Full();
}

/** SLOT_FULL with up to 5 bookable slots nearest in time, as create answers. */
async function fullWithAlternatives(
  db: Db,
  slotId: number,
  now: ZonedNow,
): Promise<AppError> {
  const alternatives = await slotAlternatives(db, { slotId, now });
  return new AppError("SLOT_FULL", { details: { alternatives } });
}
