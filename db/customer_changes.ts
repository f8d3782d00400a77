/**
 * The customer's own changes (API.md "Customer self-service"): reschedule,
 * cancel and resend, with the ticket code and the booking's email as the
 * credential. The staff's move and cancel do the work (moveLocked,
 * cancelLocked); this adds the credential, the cut-off and the horizon.
 */
import type { Db, Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import type { ZonedNow } from "../domain/clock.ts";
import type { OrgSettings } from "../domain/org_settings.ts";
import { cutoffRefusal, horizonDate } from "../domain/customer_change.ts";
import type { AuditActor } from "./audit.ts";
import { SLOT_ENDS_AT, SLOT_STARTS_AT } from "./sql_fragments.ts";
import {
  linkExpired,
  lockReservationOfToken,
  type TokenCredential,
} from "./manage_booking.ts";
import {
  inRetriedTransaction,
  type LockedReservation,
  lockReservationOfTicket,
  refuseUnlessReserved,
} from "./reservation_locks.ts";
import {
  type Moved,
  moveLocked,
  withAlternativesWhenFull,
} from "./reservation_changes.ts";
import type { Store } from "./store.ts";
import { type TicketKey, ticketKey } from "./ticket_keys.ts";
import {
  type Cancelled,
  cancelLocked,
  resendConfirmation,
} from "./reservation_cancel.ts";

/** The customer as the audit log names them. */
export const CUSTOMER: AuditActor = { kind: "customer", id: null, name: null };

/**
 * The customer's credential: a ticket code (normalised) and an email, or
 * what a verified manage token names (lib/manage_token.ts).
 */
export type CustomerCredential =
  | { code: string; email: string }
  | TokenCredential;

/** When the customer asks, and their venue's clock and settings. */
export interface CustomerClock {
  instant: Date;
  zonedNow: (orq: number) => Promise<ZonedNow>;
  settings: (orq: number) => Promise<OrgSettings>;
}

/**
 * Moves the booking of the credential's ticket to slot `slotId`. Refusals
 * in API.md's order: the credential (TICKET_NOT_FOUND, RESERVATION_NOT_FOUND,
 * TICKET_NOT_RESERVED), TICKET_EXPIRED, TICKET_ALREADY_VERIFIED,
 * CHANGE_CUTOFF_PASSED, then the target (SLOT_NOT_FOUND, SLOT_CLOSED,
 * SLOT_IN_PAST, SLOT_BEYOND_HORIZON, SLOT_FULL with alternatives). The same
 * slot: unchanged. With `store`, the ticket is read with the others of its
 * moment and the move goes with them (db/reschedule_batches.ts); what that
 * does not move (any refusal included) goes the single path below.
 */
export async function rescheduleByCustomer(
  db: Db,
  cred: CustomerCredential,
  slotId: number,
  clock: CustomerClock,
  store?: Pick<Store, "moves" | "ticketKeys">,
): Promise<Moved> {
  const ticket = await ticketOf(db, cred, store);
  const orq = ticket.orq;
  const [now, settings] = await Promise.all([
    clock.zonedNow(orq),
    clock.settings(orq),
  ]);
  if (store && settings.change_cutoff_hours !== null) {
    const moved = await store.moves.move({
      cred,
      ticketId: ticket.id,
      code: ticket.code,
      orq,
      slotId,
      instant: clock.instant,
      wall: now,
      cutoffHours: settings.change_cutoff_hours,
      lastDate: horizonDate(now.date, settings.booking_horizon_days),
    });
    if (moved) return moved;
  }
  const who = { actor: CUSTOMER, instant: clock.instant };
  return await withAlternativesWhenFull(
    db,
    slotId,
    now,
    () =>
      inRetriedTransaction(db, async (tx) => {
        const r = await lockChangeable(tx, cred, clock.instant, settings);
        return await moveLocked(
          tx,
          r,
          slotId,
          who,
          now,
          settings.booking_horizon_days,
        );
      }),
  );
}

/**
 * Cancels the booking of the credential's ticket (`cancelled_by:
 * customer`): the same refusals as rescheduleByCustomer up to the cut-off.
 */
export async function cancelByCustomer(
  db: Db,
  cred: CustomerCredential,
  clock: CustomerClock,
  store?: Pick<Store, "ticketKeys">,
): Promise<Cancelled> {
  const { orq } = await ticketOf(db, cred, store);
  const settings = await clock.settings(orq);
  const who = { actor: CUSTOMER, instant: clock.instant };
  return await inRetriedTransaction(db, async (tx) => {
    const r = await lockChangeable(tx, cred, clock.instant, settings);
    return await cancelLocked(tx, r, who, "customer");
  });
}

/**
 * Queues the confirmation of ticket `code`'s booking again, to the email it
 * was booked with. Unknown → TICKET_NOT_FOUND; no booking →
 * TICKET_NOT_RESERVED; then as the staff's resend (EXPIRED → TICKET_EXPIRED).
 */
export async function resendByCustomer(
  db: Db,
  code: string,
  instant: Date,
): Promise<{ orq: number; reservationId: number }> {
  const [row] = await db.query<{ reservation_id: number | null }>(
    `SELECT r.id AS reservation_id
       FROM tickets t
       LEFT JOIN ticket_reservations r
         ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
      WHERE t.code = $1`,
    [code],
  );
  if (!row) throw new AppError("TICKET_NOT_FOUND");
  if (row.reservation_id === null) throw new AppError("TICKET_NOT_RESERVED");
  const r = await resendConfirmation(db, row.reservation_id, {
    orq: null,
    actor: CUSTOMER,
    instant,
  });
  return { orq: r.orq, reservationId: row.reservation_id };
}

/**
 * The credential's ticket (its id, code and organization), read before the
 * transaction (PGlite's one connection could not serve the venue's clock
 * while it is open).
 */
async function ticketOf(
  db: Db,
  cred: CustomerCredential,
  store?: Pick<Store, "ticketKeys">,
): Promise<TicketKey> {
  const byCode = "code" in cred;
  const [t] = store
    ? [await store.ticketKeys.load(ticketKey(cred))]
    : await db.query<TicketKey>(
      `SELECT id, code, orq FROM tickets WHERE ${byCode ? "code" : "id"} = $1`,
      [byCode ? cred.code : cred.ticketId],
    );
  if (!t) {
    throw new AppError(byCode ? "TICKET_NOT_FOUND" : "RESERVATION_NOT_FOUND");
  }
  return t;
}

/**
 * The credential's reservation, its ticket locked, refused unless RESERVED
 * and before the cut-off (its current slot's start − change_cutoff_hours).
 */
async function lockChangeable(
  tx: Sql,
  cred: CustomerCredential,
  instant: Date,
  settings: OrgSettings,
): Promise<LockedReservation> {
  const r = "code" in cred
    ? await lockReservationOfTicket(tx, cred.code, cred.email)
    : await lockReservationOfToken(tx, cred);
  const [slot] = await tx.query<{ starts: Date; ends: Date }>(
    `SELECT ${SLOT_STARTS_AT} AS starts, ${SLOT_ENDS_AT} AS ends
       FROM reservation_slots s JOIN organizations o ON o.orq = s.orq
      WHERE s.id = $1`,
    [r.slot_id],
  );
  // A manage link lasts until the visit's end.
  if (!("code" in cred) && new Date(slot.ends) <= instant) throw linkExpired();
  if (r.status === "EXPIRED") throw new AppError("TICKET_EXPIRED");
  refuseUnlessReserved(r);
  const refusal = cutoffRefusal(
    instant,
    new Date(slot.starts),
    settings.change_cutoff_hours,
  );
  if (refusal) throw refusal;
  return r;
}
