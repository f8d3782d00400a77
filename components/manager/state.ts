/**
 * The dashboard's arithmetic, shared by the server's first render and the
 * browser: live changes applied to a day's slots, totals by the venue's clock.
 */
import type { DashboardSlot, DashboardSummary, SlotChange } from "./api.ts";

/** The venue's wall clock: `YYYY-MM-DD` and `HH:MM`. */
export interface VenueNow {
  date: string;
  time: string;
}

/** Where a slot stands on the venue's clock. */
export type Phase = "ended" | "now" | "upcoming";

/** A slot of `date` against `now` (an end of `24:00` never passes that day). */
export function slotPhase(
  slot: Pick<DashboardSlot, "start_time" | "end_time">,
  date: string,
  now: VenueNow,
): Phase {
  if (date !== now.date) return date < now.date ? "ended" : "upcoming";
  if (slot.end_time <= now.time) return "ended";
  return slot.start_time <= now.time ? "now" : "upcoming";
}

/** The day's totals, as `GET /api/dashboard/summary` counts them. */
export function totalsOf(
  summary: DashboardSummary,
  now: VenueNow,
): DashboardSummary["totals"] {
  const t = {
    total_capacity: 0,
    booked_count: 0,
    verified_count: 0,
    expected_count: 0,
    no_show_count: 0,
  };
  for (const s of summary.slots) {
    t.total_capacity += s.total_capacity;
    t.booked_count += s.booked_count;
    t.verified_count += s.verified_count;
    const waiting = s.booked_count - s.verified_count;
    if (slotPhase(s, summary.date, now) === "ended") {
      t.no_show_count += waiting;
    } else t.expected_count += waiting;
  }
  return t;
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
    utilization: Math.round((change.booked_count / old.total_capacity) * 1e4) /
      1e4,
  };
  const slots = summary.slots.slice();
  slots[i] = slot;
  return { ...summary, slots };
}

/** `part / whole` as a fraction, 0 when `whole` is 0. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
