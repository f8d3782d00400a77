import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { occupancyOf } from "../../domain/occupancy.ts";

// [what, inside, max, inside_count, over_max]
const cases: [string, number, number | null, number, boolean][] = [
  ["no maximum set", 900, null, 900, false],
  ["below the maximum", 299, 300, 299, false],
  ["at the maximum: allowed", 300, 300, 300, false],
  ["one more: alert", 301, 300, 301, true],
  ["never below zero", -1, 10, 0, false],
];

for (const [what, inside, max, count, over] of cases) {
  Deno.test(`occupancy: ${what}`, () => {
    const gates = [{ gate: "North", entries: 3, exits: 1 }];
    assertEquals(occupancyOf({ inside, gates }, max), {
      inside_count: count,
      max_occupancy: max,
      over_max: over,
      gates,
    });
  });
}
