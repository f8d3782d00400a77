import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { dayTotals, slotUtilization } from "../../domain/day_totals.ts";

const slots = [
  { id: 1, total_capacity: 10, booked_count: 4, verified_count: 3 },
  { id: 2, total_capacity: 4, booked_count: 3, verified_count: 1 },
];

Deno.test("dayTotals: waiting places are expected until their slot ends, then no-shows", () => {
  deepStrictEqual(dayTotals(slots, (s) => s.id === 1), {
    total_capacity: 14,
    booked_count: 7,
    verified_count: 4,
    expected_count: 2,
    no_show_count: 1,
  });
  deepStrictEqual(dayTotals(slots, () => false).expected_count, 3);
  deepStrictEqual(dayTotals(slots, () => true).no_show_count, 3);
  deepStrictEqual(dayTotals([], () => true), {
    total_capacity: 0,
    booked_count: 0,
    verified_count: 0,
    expected_count: 0,
    no_show_count: 0,
  });
});

Deno.test("slotUtilization: booked share of capacity to 4 places", () => {
  strictEqual(slotUtilization({ booked_count: 1, total_capacity: 3 }), 0.3333);
  strictEqual(slotUtilization({ booked_count: 2, total_capacity: 3 }), 0.6667);
  strictEqual(slotUtilization({ booked_count: 3, total_capacity: 3 }), 1);
});
