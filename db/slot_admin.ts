/**
 * The back office's slot changes (API.md "Back office (staff)"): capacity and
 * status, and removal. Each runs in one transaction that locks the slot row,
 * decides, makes one guarded single-row change and writes its audit entry.
 */
import type { Db, Sql } from "./client.ts";
import type { AuditActor } from "./audit.ts";
import { recordAudit } from "./audit.ts";
import { AppError } from "../domain/errors.ts";
import { derivedStatus, type SlotStatus } from "../domain/slot_rules.ts";
import { changedFields } from "../domain/audit_diff.ts";
import { SLOT_ITEM_COLUMNS, type SlotListItem } from "./slot_list.ts";
import {
  dropWaiting,
  lockWaitlistSlot,
  offerFreedPlaces,
} from "./waitlist_offers.ts";

/** A slot row as the back office reads it under its lock. */
interface LockedSlot {
  id: number;
  orq: number;
  date: string;
  start_time: string;
  end_time: string;
  total_capacity: number;
  booked_count: number;
  held_count: number;
  status: SlotStatus;
}

const LOCKED_COLUMNS =
  `id, orq, date, to_char(start_time, 'HH24:MI') AS start_time,
  to_char(end_time, 'HH24:MI') AS end_time, total_capacity, booked_count,
  held_count, status`;

/**
 * Locks slot `id` of `orq` (an `orq` of null: any organization, for the
 * platform administrator); 404 SLOT_NOT_FOUND when it is missing or another
 * organization's.
 */
async function lockSlot(
  tx: Sql,
  id: number,
  orq: number | null,
): Promise<LockedSlot> {
  const [slot] = await tx.query<LockedSlot>(
    `SELECT ${LOCKED_COLUMNS} FROM reservation_slots WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!slot || (orq !== null && slot.orq !== orq)) {
    throw new AppError("SLOT_NOT_FOUND");
  }
  return slot;
}

/** What `PATCH /api/reservation-slots/:id` asks for. */
export interface SlotChange {
  total_capacity?: number;
  /** `ACTIVE` means "not closed": FULL or ACTIVE follows from the counts. */
  status?: "ACTIVE" | "CLOSED";
}

/**
 * Changes capacity and/or status of slot `id`: 409 CAPACITY_BELOW_BOOKED
 * (with the counts) when the new capacity is below booked + held. The status
 * is derived from the counts unless the slot is (or becomes) CLOSED. Returns
 * the slot as this change left it.
 */
export async function updateSlot(
  db: Db,
  req: {
    id: number;
    orq: number | null;
    change: SlotChange;
    actor: AuditActor;
    instant: Date;
  },
): Promise<{ orq: number; changed: boolean; slot: SlotListItem }> {
  return await db.begin(async (tx) => {
    const before = await lockSlot(tx, req.id, req.orq);
    const capacity = req.change.total_capacity ?? before.total_capacity;
    if (capacity < before.booked_count + before.held_count) {
      throw new AppError("CAPACITY_BELOW_BOOKED", {
        details: {
          booked_count: before.booked_count,
          held_count: before.held_count,
        },
      });
    }
    const wanted = req.change.status ??
      (before.status === "CLOSED" ? "CLOSED" : "ACTIVE");
    const status = derivedStatus({
      ...before,
      status: wanted,
      total_capacity: capacity,
    });
    const diff = changedFields(
      { total_capacity: before.total_capacity, status: before.status },
      { total_capacity: capacity, status },
    );
    if (Object.keys(diff.after).length === 0) {
      const [slot] = await tx.query<SlotListItem>(
        `SELECT ${SLOT_ITEM_COLUMNS} FROM reservation_slots s WHERE s.id = $1`,
        [req.id],
      );
      return { orq: before.orq, changed: false, slot };
    }
    // Guarded as every capacity move is: the counts cannot have moved under
    // the lock, but the guard and the CHECK keep it true regardless.
    const [updated] = await tx.query<SlotListItem>(
      `UPDATE reservation_slots s
          SET total_capacity = $2, status = $3, updated_at = $4
        WHERE s.id = $1 AND s.booked_count + s.held_count <= $2
        RETURNING ${SLOT_ITEM_COLUMNS}`,
      [req.id, capacity, status, req.instant],
    );
    if (!updated) {
      throw new AppError("CAPACITY_BELOW_BOOKED", {
        details: {
          booked_count: before.booked_count,
          held_count: before.held_count,
        },
      });
    }
    // More room goes to the waitlist first; closing ends its holds and entries.
    await offerFreedPlaces(tx, req.id, req.instant);
    const [slot] = await tx.query<SlotListItem>(
      `SELECT ${SLOT_ITEM_COLUMNS} FROM reservation_slots s WHERE s.id = $1`,
      [updated.id],
    );
    await recordAudit(tx, {
      orq: before.orq,
      actor: req.actor,
      action: "slot.updated",
      target: { type: "slot", id: req.id },
      before: diff.before,
      after: diff.after,
      at: req.instant,
    });
    return { orq: before.orq, changed: true, slot };
  });
}

/**
 * Deletes slot `id` when nothing is booked or held (409
 * SLOT_HAS_RESERVATIONS otherwise), its cancelled reservations first (their
 * mails and verification rows cascade); the audit entry keeps the record.
 * Returns the slot's orq.
 */
export async function deleteSlot(
  db: Db,
  req: { id: number; orq: number | null; actor: AuditActor; instant: Date },
): Promise<{ orq: number }> {
  return await db.begin(async (tx) => {
    const slot = await lockSlot(tx, req.id, req.orq);
    if (slot.booked_count + slot.held_count > 0) {
      throw new AppError("SLOT_HAS_RESERVATIONS", {
        details: {
          booked_count: slot.booked_count,
          held_count: slot.held_count,
        },
      });
    }
    // Its waitlist goes with it (entries cascade); each waiting entry is told.
    const listed = await lockWaitlistSlot(tx, req.id);
    if (listed) await dropWaiting(tx, listed, null, "deleted", req.instant);
    await tx.query(
      `DELETE FROM ticket_reservations WHERE slot_id = $1 AND status = 'CANCELLED'`,
      [req.id],
    );
    await tx.query(
      `DELETE FROM reservation_slots
        WHERE id = $1 AND booked_count = 0 AND held_count = 0`,
      [req.id],
    );
    await recordAudit(tx, {
      orq: slot.orq,
      actor: req.actor,
      action: "slot.deleted",
      target: { type: "slot", id: req.id },
      before: {
        date: slot.date,
        start_time: slot.start_time,
        end_time: slot.end_time,
        total_capacity: slot.total_capacity,
        status: slot.status,
      },
      after: null,
      at: req.instant,
    });
    return { orq: slot.orq };
  });
}
