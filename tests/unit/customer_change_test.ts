import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  beyondHorizon,
  changeCutoff,
  cutoffRefusal,
  horizonDate,
} from "../../domain/customer_change.ts";

const starts = new Date("2026-11-27T12:00:00Z");

Deno.test("the cut-off is the start minus the hours of elapsed time; null never allows", () => {
  assertEquals(
    changeCutoff(starts, 24)?.toISOString(),
    "2026-11-26T12:00:00.000Z",
  );
  assertEquals(changeCutoff(starts, 0)?.toISOString(), starts.toISOString());
  assertEquals(changeCutoff(starts, null), null);
});

Deno.test("a change is allowed strictly before the cut-off", () => {
  const before = new Date("2026-11-26T11:59:59.999Z");
  const at = new Date("2026-11-26T12:00:00.000Z");
  assertEquals(cutoffRefusal(before, starts, 24), null);
  const refusal = cutoffRefusal(at, starts, 24);
  assertEquals(refusal?.code, "CHANGE_CUTOFF_PASSED");
  assertEquals(refusal?.status, 409);
  assertEquals(refusal?.details, { cutoff: "2026-11-26T12:00:00.000Z" });
  assertEquals(cutoffRefusal(before, starts, null)?.details, { cutoff: null });
});

Deno.test("the horizon: today + N − 1 is the last bookable date", () => {
  assertEquals(horizonDate("2026-11-26", 1), "2026-11-26");
  assertEquals(horizonDate("2026-12-31", 2), "2027-01-01");
  assertEquals(beyondHorizon("2026-11-27", "2026-11-26", 2), false);
  assertEquals(beyondHorizon("2026-11-28", "2026-11-26", 2), true);
  assertEquals(beyondHorizon("2026-11-25", "2026-11-26", 1), false);
});
