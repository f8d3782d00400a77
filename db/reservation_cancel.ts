/**
 * Staff cancelling a reservation, and sending its confirmation again (API.md
 * "Back office (staff)"). A cancelled reservation stays as a row; its
 * ticket is ACTIVATED again, so it may be booked anew.
 */
import type { Db, Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import { type AuditActor, recordAudit } from "./audit.ts";
import {
  inRetriedTransaction,
  type LockedReservation,
  lockReservation,
  lockSlots,
  queueMail,
  refuseUnlessReserved,
  releasePlace,
} from "./reservation_locks.ts";
import type { StaffChange } from "./reservation_changes.ts";
import { skipPendingMail } from "./outbox.ts";
import { offerFreedPlaces } from "./waitlist_offers.ts";
import { revokeSignatures } from "./ticket_signing.ts";

/** Outbox kind of the cancellation mail. */
export const CANCELLED_MAIL = "reservation.cancelled";
/** Outbox kind of the confirmation (db/reservation_batches.ts queues it too). */
export const CONFIRMATION_MAIL = "reservation.confirmation";

/** A cancelled reservation as the answer shows it. */
export interface Cancelled {
  id: number;
  ticket_id: number;
  ticket_code: string;
  orq: number;
  status: "CANCELLED";
  customer_email: string;
  customer_phone: string;
  reserved_at: Date;
  cancelled_at: Date;
  cancelled_by: "staff" | "customer";
  slot: { id: number; date: string; start_time: string; end_time: string };
}

/**
 * Cancels RESERVED reservation `id`: its ticket's lock, then its slot's; the
 * row becomes CANCELLED (by staff), the ticket ACTIVATED, the slot's booked
 * count − 1 (status derived), its mails not yet sent are skipped (a
 * confirmation arriving after the cancellation would say the visit stands),
 * and a cancellation mail and an audit entry are written in the same
 * transaction.
 */
export async function cancelReservation(
  db: Db,
  id: number,
  who: Omit<StaffChange, "zonedNow">,
): Promise<Cancelled> {
  return await inRetriedTransaction(db, async (tx) => {
    const r = await lockReservation(tx, id, who.orq);
    refuseUnlessReserved(r);
    return await cancelLocked(tx, r, who, "staff");
  });
}

/**
 * Cancels reservation `r`, RESERVED and its ticket locked by the caller, as
 * cancelReservation describes; `by` is who cancelled (`cancelled_by`).
 */
export async function cancelLocked(
  tx: Sql,
  r: LockedReservation,
  who: { actor: AuditActor; instant: Date },
  by: "staff" | "customer",
): Promise<Cancelled> {
  const id = r.id;
  // Locked for the count change; the wall clock does not matter here.
  await lockSlots(tx, [r.slot_id], { date: "1970-01-01", time: "00:00" });
  await tx.query(
    `UPDATE ticket_reservations
        SET status = 'CANCELLED', cancelled_at = $2, cancelled_by = $3,
            updated_at = $2
      WHERE id = $1`,
    [id, who.instant, by],
  );
  await revokeSignatures(tx, [id], who.instant);
  await tx.query(
    `UPDATE tickets SET status = 'ACTIVATED', reserved_at = NULL, updated_at = $2
      WHERE id = $1`,
    [r.ticket_id, who.instant],
  );
  await releasePlace(tx, r.slot_id, who.instant);
  await offerFreedPlaces(tx, r.slot_id, who.instant); // to the waitlist first
  await skipPendingMail(tx, id);
  await queueMail(tx, CANCELLED_MAIL, id, r.customer_email);
  await recordAudit(tx, {
    orq: r.orq,
    actor: who.actor,
    action: "reservation.cancelled",
    target: { type: "reservation", id },
    before: { status: "RESERVED", cancelled_by: null },
    after: { status: "CANCELLED", cancelled_by: by },
    at: who.instant,
  });
  const [row] = await tx.query<Cancelled>(
    `SELECT r.id, r.ticket_id, t.code AS ticket_code, r.orq, r.status,
            r.customer_email, r.customer_phone, r.reserved_at,
            r.cancelled_at, r.cancelled_by,
            json_build_object('id', s.id, 'date', s.date,
              'start_time', to_char(s.start_time, 'HH24:MI'),
              'end_time', to_char(s.end_time, 'HH24:MI')) AS slot
       FROM ticket_reservations r
       JOIN tickets t ON t.id = r.ticket_id
       JOIN reservation_slots s ON s.id = r.slot_id
      WHERE r.id = $1`,
    [id],
  );
  return row;
}

/**
 * Queues the confirmation of reservation `id` again (its current version's
 * links) with an audit entry. RESERVED or VERIFIED only: EXPIRED →
 * TICKET_EXPIRED; cancelled, unknown or another organization's →
 * RESERVATION_NOT_FOUND. The reservation's organization.
 */
export async function resendConfirmation(
  db: Db,
  id: number,
  who: Omit<StaffChange, "zonedNow">,
): Promise<{ orq: number; status: string }> {
  return await inRetriedTransaction(db, async (tx) => {
    // The ticket's lock keeps a cancellation from passing in between.
    const r = await lockReservation(tx, id, who.orq);
    if (r.status === "EXPIRED") throw new AppError("TICKET_EXPIRED");
    await queueMail(tx, CONFIRMATION_MAIL, id, r.customer_email);
    await recordAudit(tx, {
      orq: r.orq,
      actor: who.actor,
      action: "reservation.resent",
      target: { type: "reservation", id },
      after: { mail: "confirmation", version: r.version },
      at: who.instant,
    });
    return { orq: r.orq, status: r.status };
  });
}
