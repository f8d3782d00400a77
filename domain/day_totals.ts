/** A day's totals on the manager's dashboard (API.md "Manager"), from its slots. */

/** The counts of one slot that the totals add up. */
export interface SlotTally {
  total_capacity: number;
  booked_count: number;
  verified_count: number;
}

/** The `totals` of `GET /api/dashboard/summary`. */
export interface DayTotals {
  total_capacity: number;
  booked_count: number;
  verified_count: number;
  /** Booked, not verified, in slots that have not ended. */
  expected_count: number;
  /** Booked, not verified, in slots that have ended. */
  no_show_count: number;
}

/**
 * The totals of a day's `slots`: booked places not yet verified are expected
 * until their slot has ended (`hasEnded`), no-shows after.
 */
export function dayTotals<S extends SlotTally>(
  slots: Iterable<S>,
  hasEnded: (slot: S) => boolean,
): DayTotals {
  const t: DayTotals = {
    total_capacity: 0,
    booked_count: 0,
    verified_count: 0,
    expected_count: 0,
    no_show_count: 0,
  };
  for (const s of slots) {
    t.total_capacity += s.total_capacity;
    t.booked_count += s.booked_count;
    t.verified_count += s.verified_count;
    const waiting = s.booked_count - s.verified_count;
    if (hasEnded(s)) t.no_show_count += waiting;
    else t.expected_count += waiting;
  }
  return t;
}

/** A slot's booked share of its capacity, 0 to 1, to 4 places. */
export function slotUtilization(
  s: { booked_count: number; total_capacity: number },
): number {
  return Math.round((s.booked_count / s.total_capacity) * 1e4) / 1e4;
}
