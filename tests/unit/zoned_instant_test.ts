/** zonedInstant: a venue's wall-clock time as an instant, across clock changes. */
import { strictEqual } from "node:assert/strict";
import { zonedInstant, zoneOffsetMinutes } from "../../domain/clock.ts";

const cases: [string, string, string, string, string][] = [
  [
    "winter Amsterdam",
    "2026-11-14",
    "12:00",
    "Europe/Amsterdam",
    "2026-11-14T11:00:00.000Z",
  ],
  [
    "summer Amsterdam",
    "2026-07-14",
    "12:00",
    "Europe/Amsterdam",
    "2026-07-14T10:00:00.000Z",
  ],
  [
    "24:00 is the next midnight",
    "2026-11-14",
    "24:00",
    "UTC",
    "2026-11-15T00:00:00.000Z",
  ],
  [
    "Auckland, a day ahead of UTC",
    "2026-11-26",
    "09:00",
    "Pacific/Auckland",
    "2026-11-25T20:00:00.000Z",
  ],
  [
    "a time skipped by spring-forward reads as after it",
    "2026-03-29",
    "02:30",
    "Europe/Amsterdam",
    "2026-03-29T01:30:00.000Z",
  ],
  [
    "a time read twice at fall-back is its first reading",
    "2026-11-01",
    "01:30",
    "America/New_York",
    "2026-11-01T05:30:00.000Z",
  ],
  [
    "just after fall-back",
    "2026-11-01",
    "02:00",
    "America/New_York",
    "2026-11-01T07:00:00.000Z",
  ],
];

for (const [name, date, time, zone, iso] of cases) {
  Deno.test(`zonedInstant: ${name}`, () => {
    strictEqual(zonedInstant(date, time, zone).toISOString(), iso);
  });
}

Deno.test("zoneOffsetMinutes: a zone's offset at an instant", () => {
  strictEqual(
    zoneOffsetMinutes(new Date("2026-11-14T11:00:00Z"), "Europe/Amsterdam"),
    60,
  );
  strictEqual(
    zoneOffsetMinutes(new Date("2026-07-14T11:00:00Z"), "America/New_York"),
    -240,
  );
  strictEqual(
    zoneOffsetMinutes(new Date("2026-07-14T11:00:00Z"), "Asia/Kolkata"),
    330,
  );
});
