/**
 * People inside the venue now (API.md "Manager", `occupancy`): decided from
 * counted facts, no I/O.
 */

/** Entries and exits through one gate today; `gate` null = scans without one. */
export interface GateCount {
  gate: string | null;
  entries: number;
  exits: number;
}

/** The `occupancy` of the dashboard's summary and stream events. */
export interface Occupancy {
  /** Admitted today and not scanned out since. */
  inside_count: number;
  /** The organization's `max_occupancy` setting; null when none is set. */
  max_occupancy: number | null;
  /**
   * `inside_count > max_occupancy`: the setting is the number of people
   * allowed inside at once, so reaching it is fine and one more alerts.
   */
  over_max: boolean;
  gates: GateCount[];
}

/** The occupancy of `inside` people through `gates`, against `max`. */
export function occupancyOf(
  facts: { inside: number; gates: GateCount[] },
  max: number | null,
): Occupancy {
  // Never below zero, even if an exit was counted before its entry's undo.
  const inside = Math.max(0, facts.inside);
  return {
    inside_count: inside,
    max_occupancy: max,
    over_max: max !== null && inside > max,
    gates: facts.gates,
  };
}
