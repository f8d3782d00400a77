/**
 * The dashboard's arithmetic, shared by the server's first render and the
 * browser: live changes applied to a day's slots, totals by the venue's clock.
 */
import type { DashboardSlot, DashboardSummary, LiveChange } from "./api.ts";
import type { ZonedNow } from "../../domain/clock.ts";
import { slotHasEnded } from "../../domain/slot_end.ts";
import { dayTotals, slotUtilization } from "../../domain/day_totals.ts";

/** Where a slot stands on the venue's clock. */
export type Phase = "ended" | "now" | "upcoming";

/** A slot of `date` against `now` (an end of `24:00` never passes that day). */
export function slotPhase(
  slot: Pick<DashboardSlot, "start_time" | "end_time">,
  date: string,
  now: ZonedNow,
): Phase {
  if (slotHasEnded({ date, end_time: slot.end_time }, now)) return "ended";
  if (date !== now.date) return "upcoming";
  return slot.start_time <= now.time ? "now" : "upcoming";
}

/** The day's totals, as `GET /api/dashboard/summary` counts them. */
export function totalsOf(
  summary: DashboardSummary,
  now: ZonedNow,
): DashboardSummary["totals"] {
  return dayTotals(
    summary.slots,
    (s) => slotHasEnded({ date: summary.date, end_time: s.end_time }, now),
  );
}

/**
 * `summary` with a live event applied: a slot's committed counts, or its
 * removal; the same object when the slot is not one of this day's.
 */
export function applyChange(
  summary: DashboardSummary,
  change: LiveChange,
): DashboardSummary {
  const i = summary.slots.findIndex((s) => s.id === change.slot.id);
  if ("deleted" in change) {
    if (i < 0) return summary;
    return { ...summary, slots: summary.slots.filter((_, k) => k !== i) };
  }
  const c = change.slot;
  if (c.date !== summary.date || i < 0) return summary;
  const slot: DashboardSlot = {
    ...summary.slots[i],
    status: c.status,
    total_capacity: c.total_capacity,
    booked_count: c.booked_count,
    held_count: c.held_count,
    verified_count: c.verified_count,
    entries: c.entries,
    exits: c.exits,
    utilization: slotUtilization(c),
  };
  const slots = summary.slots.slice();
  slots[i] = slot;
  return { ...summary, slots };
}

/** Today's `summary` with the occupancy an event carried (if any). */
export function applyOccupancy(
  summary: DashboardSummary,
  change: LiveChange,
): DashboardSummary {
  return change.occupancy
    ? { ...summary, occupancy: change.occupancy }
    : summary;
}

/** A slot that is sold out: every place booked (or held). */
export function soldOut(
  s: Pick<DashboardSlot, "booked_count" | "held_count" | "total_capacity">,
): boolean {
  return s.booked_count + s.held_count >= s.total_capacity;
}

/** `part / whole` as a fraction, 0 when `whole` is 0. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
