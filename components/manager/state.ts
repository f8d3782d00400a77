/**
 * The dashboard's arithmetic, shared by the server's first render and the
 * browser: live changes applied to a day's slots, totals by the venue's clock.
 */
import type { DashboardSlot, DashboardSummary, SlotChange } from "./api.ts";
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
 * `summary` with a slot's committed counts from a live event; the same
 * object when the slot is not one of this day's.
 */
export function applyChange(
  summary: DashboardSummary,
  change: SlotChange,
): DashboardSummary {
  if (change.date !== summary.date) return summary;
  const i = summary.slots.findIndex((s) => s.id === change.id);
  if (i < 0) return summary;
  const old = summary.slots[i];
  const slot: DashboardSlot = {
    ...old,
    booked_count: change.booked_count,
    verified_count: change.verified_count,
    utilization: slotUtilization({
      booked_count: change.booked_count,
      total_capacity: old.total_capacity,
    }),
  };
  const slots = summary.slots.slice();
  slots[i] = slot;
  return { ...summary, slots };
}

/** `part / whole` as a fraction, 0 when `whole` is 0. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
