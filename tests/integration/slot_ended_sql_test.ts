/**
 * "The slot has ended" has one rule in TypeScript (domain slotHasEnded) and
 * one in SQL (db/sql_fragments.ts slotEnded): both must answer alike, from a
 * wall clock given as parameters or read from an instant in the
 * organization's zone, on both engines.
 */
import { deepStrictEqual } from "node:assert/strict";
import fc from "fast-check";
import { testEachEngine } from "../helpers/server.ts";
import type { Sql } from "../../db/client.ts";
import {
  orgWallClock,
  slotEnded,
  wallClockOf,
} from "../../db/sql_fragments.ts";
import { addDays, zonedNow } from "../../domain/clock.ts";
import { slotHasEnded } from "../../domain/slot_end.ts";

interface Case {
  date: string;
  end_time: string;
  timezone: string;
  instant: Date;
}

const ZONES = [
  "UTC",
  "Europe/Amsterdam",
  "America/New_York",
  "Pacific/Auckland",
  "Asia/Kathmandu", // +05:45
];

/** Each case's answer by the SQL rule: from the instant, from the parameters. */
async function bySql(
  sql: Sql,
  cases: Case[],
): Promise<{ at_instant: boolean; at_clock: boolean }[]> {
  const clocks = cases.map((c) => zonedNow(c.instant, c.timezone));
  const rows = await sql.query<
    { i: number; at_instant: boolean; at_clock: boolean }
  >(
    `SELECT s.i, ${
      slotEnded(orgWallClock("s.instant::timestamptz"))
    } AS at_instant,
            ${slotEnded(wallClockOf("s.now_date", "s.now_time"))} AS at_clock
       FROM unnest($1::date[], $2::time[], $3::text[], $4::text[],
                   $5::text[], $6::text[])
            WITH ORDINALITY
            AS s(date, end_time, timezone, instant, now_date, now_time, i),
            LATERAL (SELECT s.timezone) AS o(timezone)
      ORDER BY s.i`,
    [
      cases.map((c) => c.date),
      cases.map((c) => c.end_time),
      cases.map((c) => c.timezone),
      cases.map((c) => c.instant.toISOString()),
      clocks.map((n) => n.date),
      clocks.map((n) => n.time),
    ],
  );
  return rows.map(({ at_instant, at_clock }) => ({ at_instant, at_clock }));
}

/** Each case's answer by the TypeScript rule, twice (as bySql gives it). */
function byDomain(cases: Case[]): { at_instant: boolean; at_clock: boolean }[] {
  return cases.map((c) => {
    const ended = slotHasEnded(c, zonedNow(c.instant, c.timezone));
    return { at_instant: ended, at_clock: ended };
  });
}

/** Slots ending around `instant` on the zone's wall clock, 24:00 included. */
function around(instant: string, timezone: string): Case[] {
  const at = new Date(instant);
  const { date } = zonedNow(at, timezone);
  const out: Case[] = [];
  for (const d of [addDays(date, -1), date, addDays(date, 1)]) {
    for (
      const end of ["00:01", "01:59", "02:00", "02:30", "03:00", "24:00"]
    ) {
      for (const minutes of [-61, -1, 0, 1, 30, 61]) {
        out.push({
          date: d,
          end_time: end,
          timezone,
          instant: new Date(at.getTime() + minutes * 60_000),
        });
      }
    }
  }
  return out;
}

testEachEngine("slotEnded in SQL agrees with slotHasEnded", async (s) => {
  // Daylight saving starts and ends in Amsterdam and New York, midnight in
  // Kathmandu, and a second past a minute (the wall clock reads minutes).
  const fixed = [
    ...around("2026-03-29T01:00:00Z", "Europe/Amsterdam"),
    ...around("2026-10-25T01:00:00Z", "Europe/Amsterdam"),
    ...around("2026-03-08T07:00:00Z", "America/New_York"),
    ...around("2026-11-01T06:00:00Z", "America/New_York"),
    ...around("2026-11-25T18:15:00Z", "Asia/Kathmandu"),
    ...around("2026-11-26T00:00:59Z", "UTC"),
  ];
  deepStrictEqual(await bySql(s.db, fixed), byDomain(fixed));

  const minute = fc.integer({ min: 0, max: 24 * 60 }).map((m) =>
    `${String(Math.floor(m / 60)).padStart(2, "0")}:${
      String(m % 60).padStart(2, "0")
    }`
  );
  const oneCase: fc.Arbitrary<Case> = fc.record({
    instant: fc.date({
      min: new Date("2026-01-01T00:00:00Z"),
      max: new Date("2027-12-31T00:00:00Z"),
      noInvalidDate: true,
    }),
    timezone: fc.constantFrom(...ZONES),
    days: fc.integer({ min: -1, max: 1 }),
    end_time: minute,
  }).map(({ instant, timezone, days, end_time }) => ({
    date: addDays(zonedNow(instant, timezone).date, days),
    end_time,
    timezone,
    instant,
  }));
  await fc.assert(
    fc.asyncProperty(
      fc.array(oneCase, { minLength: 1, maxLength: 200 }),
      async (cases) => {
        deepStrictEqual(await bySql(s.db, cases), byDomain(cases));
      },
    ),
    { numRuns: 10 },
  );
});
