import { AppError } from "./errors.ts";
import type { ZonedNow } from "./clock.ts";
import { slotHasEnded } from "./slot_end.ts";
import { beyondHorizon } from "./customer_change.ts";

/** Slot statuses as stored. */
export type SlotStatus = "ACTIVE" | "FULL" | "CLOSED";

/** The calendar's colours: green, yellow, gray. */
export type SlotLevel = "AVAILABLE" | "LIMITED" | "FULL";

/**
 * A slot's calendar level (API.md): AVAILABLE when more than half is free,
 * LIMITED from half down to the last free place, FULL when none is left or the
 * slot is not ACTIVE.
 */
export function slotLevel(
  slot: {
    total_capacity: number;
    booked_count: number;
    held_count: number;
    status: SlotStatus;
  },
): SlotLevel {
  const free = freePlaces(slot);
  if (slot.status !== "ACTIVE" || free <= 0) return "FULL";
  return free * 2 > slot.total_capacity ? "AVAILABLE" : "LIMITED";
}

/** Places neither booked nor held (API.md "Slots, holds and cancellations"). */
export function freePlaces(
  slot: { total_capacity: number; booked_count: number; held_count: number },
): number {
  return slot.total_capacity - slot.booked_count - slot.held_count;
}

/**
 * A slot's status after its counts or capacity changed: CLOSED stays CLOSED,
 * otherwise FULL when no place is free and ACTIVE when one is (never sticky).
 */
export function derivedStatus(
  slot: {
    status: SlotStatus;
    total_capacity: number;
    booked_count: number;
    held_count: number;
  },
): SlotStatus {
  if (slot.status === "CLOSED") return "CLOSED";
  return freePlaces(slot) <= 0 ? "FULL" : "ACTIVE";
}

const RANK: Record<SlotLevel, number> = { FULL: 0, LIMITED: 1, AVAILABLE: 2 };

/** A date's level: that of its best slot. */
export function dateLevel(levels: SlotLevel[]): SlotLevel {
  let best: SlotLevel = "FULL";
  for (const l of levels) if (RANK[l] > RANK[best]) best = l;
  return best;
}

/** Facts about a slot needed to decide whether a place can be taken. */
export interface SlotFacts {
  orq: number;
  date: string;
  end_time: string;
  status: SlotStatus;
  total_capacity: number;
  booked_count: number;
  held_count: number;
}

/**
 * Why a place in `slot` cannot be taken by a ticket of `orq`, or null.
 * Order: not found (or another organization's), closed, ended, beyond the
 * customer's horizon of `horizonDays` (when given), full.
 */
export function slotRefusal(
  slot: SlotFacts | null,
  orq: number,
  now: ZonedNow,
  horizonDays?: number,
): AppError | null {
  if (!slot || slot.orq !== orq) return new AppError("SLOT_NOT_FOUND");
  if (slot.status === "CLOSED") return new AppError("SLOT_CLOSED");
  if (slotHasEnded(slot, now)) return new AppError("SLOT_IN_PAST");
  if (
    horizonDays !== undefined && beyondHorizon(slot.date, now.date, horizonDays)
  ) {
    return new AppError("SLOT_BEYOND_HORIZON");
  }
  if (slot.status === "FULL" || freePlaces(slot) <= 0) {
    return new AppError("SLOT_FULL");
  }
  return null;
}
