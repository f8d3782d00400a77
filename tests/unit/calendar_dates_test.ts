/** domain/clock.ts calendar arithmetic: addDays, daysBetween, isoWeekday, isCalendarDate, isValidTimeZone. */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  addDays,
  daysBetween,
  isCalendarDate,
  isoWeekday,
  isValidTimeZone,
} from "../../domain/clock.ts";

const addDaysCases: [string, number, string][] = [
  ["2026-11-25", 0, "2026-11-25"],
  ["2026-11-25", 1, "2026-11-26"],
  ["2026-11-30", 1, "2026-12-01"],
  ["2026-01-31", 1, "2026-02-01"],
  ["2026-02-28", 1, "2026-03-01"],
  ["2026-12-31", 1, "2027-01-01"],
  ["2027-01-01", -1, "2026-12-31"],
  ["2026-03-01", -1, "2026-02-28"],
  ["2028-02-28", 1, "2028-02-29"],
  ["2028-02-29", 1, "2028-03-01"],
  ["2028-03-01", -1, "2028-02-29"],
  ["2028-02-29", 365, "2029-02-28"],
  ["2028-02-29", 1461, "2032-02-29"],
  ["2026-11-25", 89, "2027-02-22"],
  ["2026-03-28", 1, "2026-03-29"],
  ["2026-03-29", 1, "2026-03-30"],
  ["2026-10-25", 1, "2026-10-26"],
  ["2026-11-01", 7, "2026-11-08"],
];

for (const [date, days, expected] of addDaysCases) {
  Deno.test(`addDays: ${date} ${days >= 0 ? "+" : ""}${days}`, () => {
    strictEqual(addDays(date, days), expected);
  });
}

const daysBetweenCases: [string, string, number][] = [
  ["2026-11-25", "2026-11-25", 0],
  ["2026-11-25", "2026-11-26", 1],
  ["2026-11-26", "2026-11-25", -1],
  ["2026-11-30", "2026-12-01", 1],
  ["2026-12-31", "2027-01-01", 1],
  ["2026-01-01", "2027-01-01", 365],
  ["2028-01-01", "2029-01-01", 366],
  ["2028-02-28", "2028-03-01", 2],
  ["2026-02-28", "2026-03-01", 1],
  ["2026-03-28", "2026-03-30", 2],
  ["2026-10-24", "2026-10-26", 2],
  ["2026-11-25", "2027-02-22", 89],
  ["2027-02-22", "2026-11-25", -89],
];

for (const [a, b, expected] of daysBetweenCases) {
  Deno.test(`daysBetween: ${a} → ${b} is ${expected}`, () => {
    strictEqual(daysBetween(a, b), expected);
  });
}

Deno.test("daysBetween and addDays agree over two years", () => {
  const start = "2027-12-30";
  for (let n = -400; n <= 400; n++) {
    strictEqual(daysBetween(start, addDays(start, n)), n);
  }
});

const weekdayCases: [string, number][] = [
  ["2026-11-23", 1], // Monday
  ["2026-11-24", 2],
  ["2026-11-25", 3],
  ["2026-11-26", 4], // Thanksgiving 2026, a Thursday
  ["2026-11-27", 5],
  ["2026-11-28", 6],
  ["2026-11-29", 7], // Sunday is 7, not 0
  ["2026-11-30", 1],
  ["2026-01-01", 4],
  ["2026-11-01", 7],
  ["2026-12-28", 1],
  ["2027-01-04", 1],
  ["2028-02-29", 2],
  ["2000-01-01", 6],
];

for (const [date, expected] of weekdayCases) {
  Deno.test(`isoWeekday: ${date} is ${expected}`, () => {
    strictEqual(isoWeekday(date), expected);
  });
}

const calendarDateCases: [string, boolean][] = [
  ["2026-11-25", true],
  ["2026-01-01", true],
  ["2026-12-31", true],
  ["2028-02-29", true],
  ["2000-02-29", true],
  ["2026-04-30", true],
  ["2026-02-28", true],
  ["2026-02-29", false],
  ["1900-02-29", false],
  ["2026-02-30", false],
  ["2026-04-31", false],
  ["2026-01-32", false],
  ["2026-13-01", false],
  ["2026-00-10", false],
  ["2026-01-00", false],
  ["2026-1-1", false],
  ["2026-01-1", false],
  ["26-01-01", false],
  ["2026/01/01", false],
  ["2026-01-01T00:00", false],
  [" 2026-01-01", false],
  ["2026-01-01 ", false],
  ["", false],
  ["yyyy-mm-dd", false],
];

for (const [text, expected] of calendarDateCases) {
  Deno.test(`isCalendarDate: ${JSON.stringify(text)} is ${expected}`, () => {
    strictEqual(isCalendarDate(text), expected);
  });
}

const timeZoneCases: [string, boolean][] = [
  ["UTC", true],
  ["Europe/Amsterdam", true],
  ["America/New_York", true],
  ["Pacific/Auckland", true],
  ["America/Argentina/Buenos_Aires", true],
  ["America/Port-au-Prince", true],
  ["Etc/GMT+5", true],
  ["Asia/Kolkata", true],
  ["Mars/Base", false],
  ["Europe/Atlantis", false],
  ["", false],
  ["../etc", false],
  ["Europe/../etc/passwd", false],
  ["/etc/localtime", false],
  ["Europe/Amsterdam ", false],
  [" UTC", false],
  ["Europe//Amsterdam", false],
  ["Europe/Amsterdam/", false],
  ["+01:00", false],
  ["Europe/Amsterdam\n", false],
];

for (const [zone, expected] of timeZoneCases) {
  Deno.test(`isValidTimeZone: ${JSON.stringify(zone)} is ${expected}`, () => {
    strictEqual(isValidTimeZone(zone), expected);
  });
}

Deno.test({
  name: "calendar arithmetic does not depend on the server's time zone",
  ignore: Deno.permissions.querySync({ name: "run" }).state !== "granted",
  fn: async () => {
    // "today", "past" and "expired" are decided in the organization's zone,
    // never in the server's: the same answers under far-apart TZ settings.
    const module = import.meta.resolve("../../domain/clock.ts");
    const script = `
      const c = await import(${JSON.stringify(module)});
      console.log(JSON.stringify([
        c.addDays("2026-03-29", 1), c.addDays("2026-10-25", -1),
        c.addDays("2028-02-28", 1), c.daysBetween("2026-03-28", "2026-03-30"),
        c.daysBetween("2026-11-01", "2026-11-02"), c.isoWeekday("2026-11-29"),
        c.isoWeekday("2026-11-23"), c.isCalendarDate("2026-03-29"),
        c.zonedNow(new Date("2026-11-25T12:30:00Z"), "Pacific/Auckland"),
      ]));`;
    const expected = [
      "2026-03-30",
      "2026-10-24",
      "2028-02-29",
      2,
      1,
      7,
      1,
      true,
      { date: "2026-11-26", time: "01:30" },
    ];
    for (
      const tz of ["Pacific/Auckland", "America/New_York", "Pacific/Honolulu"]
    ) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["eval", "--no-config", "--no-lock", script],
        env: { TZ: tz },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      ok(out.success, `TZ=${tz}: ${stderr}`);
      deepStrictEqual(
        JSON.parse(new TextDecoder().decode(out.stdout)),
        expected,
        `TZ=${tz}`,
      );
    }
  },
});
