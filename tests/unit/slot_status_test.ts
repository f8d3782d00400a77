import { strictEqual } from "node:assert/strict";
import {
  derivedStatus,
  freePlaces,
  slotLevel,
  type SlotStatus,
} from "../../domain/slot_rules.ts";

// [status before, capacity, booked, held, status after]
const cases: [SlotStatus, number, number, number, SlotStatus][] = [
  ["ACTIVE", 10, 0, 0, "ACTIVE"],
  ["ACTIVE", 10, 9, 0, "ACTIVE"],
  ["ACTIVE", 10, 10, 0, "FULL"],
  ["ACTIVE", 10, 8, 2, "FULL"], // holds take places like bookings
  ["ACTIVE", 10, 7, 2, "ACTIVE"],
  ["FULL", 10, 10, 0, "FULL"],
  ["FULL", 11, 10, 0, "ACTIVE"], // never sticky: room again → ACTIVE
  ["FULL", 10, 5, 0, "ACTIVE"],
  ["CLOSED", 10, 0, 0, "CLOSED"], // closed stays closed
  ["CLOSED", 10, 10, 0, "CLOSED"],
];

for (const [status, capacity, booked, held, expected] of cases) {
  Deno.test(
    `derivedStatus: ${status} ${booked}+${held}/${capacity} → ${expected}`,
    () => {
      strictEqual(
        derivedStatus({
          status,
          total_capacity: capacity,
          booked_count: booked,
          held_count: held,
        }),
        expected,
      );
    },
  );
}

Deno.test("freePlaces and slotLevel count holds against capacity", () => {
  const s = {
    total_capacity: 10,
    booked_count: 4,
    held_count: 2,
    status: "ACTIVE" as const,
  };
  strictEqual(freePlaces(s), 4);
  strictEqual(slotLevel(s), "LIMITED"); // 4 of 10 free, not 6
  strictEqual(slotLevel({ ...s, held_count: 6 }), "FULL");
});
