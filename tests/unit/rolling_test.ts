import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  quantile,
  RollingCounts,
  RollingHistogram,
} from "../../lib/rolling.ts";

const BOUNDS = [0.01, 0.1, 1, 5];

Deno.test("rolling counts: only the last 15 minutes", () => {
  let now = Date.parse("2026-11-26T10:00:30Z");
  const c = new RollingCounts(() => now);
  c.add("SLOT_FULL");
  c.add("CREATED", 3);
  now += 10 * 60_000;
  c.add("SLOT_FULL");
  assertEquals(c.totals(), { SLOT_FULL: 2, CREATED: 3 });
  now += 5 * 60_000; // the first minute's bucket is now 15 minutes old
  assertEquals(c.totals(), { SLOT_FULL: 1 });
  now += 60 * 60_000;
  assertEquals(c.totals(), {});
  c.add("CREATED");
  assertEquals(c.totals(), { CREATED: 1 });
});

Deno.test("rolling histogram: count, mean and P95 of the window", () => {
  let now = 0;
  const h = new RollingHistogram(() => now, BOUNDS);
  assertEquals(h.summary(), { count: 0, mean: null, p95: null });
  for (let i = 0; i < 95; i++) h.observe(0.005);
  for (let i = 0; i < 5; i++) h.observe(2);
  const s = h.summary();
  assertEquals(s.count, 100);
  assertEquals(Math.round(s.mean! * 1e6) / 1e6, 0.10475);
  assertEquals(s.p95, 0.01); // the 95th of 100 is the last fast one
  now += 16 * 60_000;
  assertEquals(h.summary().count, 0);
});

Deno.test("quantile: interpolates inside its bucket, caps at the last bound", () => {
  const near = (x: number) => Math.round(x * 1e9) / 1e9;
  assertEquals(near(quantile(0.5, BOUNDS, [0, 10, 0, 0, 0])), 0.055);
  assertEquals(quantile(0.95, BOUNDS, [0, 0, 0, 0, 4]), 5);
  assertEquals(near(quantile(0.95, BOUNDS, [0, 0, 20, 0, 0])), 0.955);
});
