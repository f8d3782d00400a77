import { deepStrictEqual, strictEqual } from "node:assert/strict";
import {
  expandSeries,
  isClockTime,
  type SlotSpec,
} from "../../domain/slot_series.ts";

const MORNING: [string, string] = ["09:00", "10:00"];
const NOON: [string, string] = ["12:00", "13:00"];

function dates(specs: SlotSpec[]): string[] {
  return specs.map((s) => s.date);
}

const seriesCases: {
  name: string;
  series: Parameters<typeof expandSeries>[0];
  expected: SlotSpec[];
}[] = [
  {
    name: "Monday, Wednesday, Friday of one week (2026-11-23 is a Monday)",
    series: {
      from: "2026-11-23",
      to: "2026-11-29",
      weekdays: [1, 3, 5],
      times: [MORNING],
    },
    expected: [
      { date: "2026-11-23", start_time: "09:00", end_time: "10:00" },
      { date: "2026-11-25", start_time: "09:00", end_time: "10:00" },
      { date: "2026-11-27", start_time: "09:00", end_time: "10:00" },
    ],
  },
  {
    name: "weekday 7 is Sunday, 6 is Saturday",
    series: {
      from: "2026-11-23",
      to: "2026-11-29",
      weekdays: [6, 7],
      times: [MORNING],
    },
    expected: [
      { date: "2026-11-28", start_time: "09:00", end_time: "10:00" },
      { date: "2026-11-29", start_time: "09:00", end_time: "10:00" },
    ],
  },
  {
    name: "both ends of the range are included",
    series: {
      from: "2026-11-23",
      to: "2026-11-30",
      weekdays: [1],
      times: [MORNING],
    },
    expected: [
      { date: "2026-11-23", start_time: "09:00", end_time: "10:00" },
      { date: "2026-11-30", start_time: "09:00", end_time: "10:00" },
    ],
  },
  {
    name: "a one-day range on a matching weekday",
    series: {
      from: "2026-11-26",
      to: "2026-11-26",
      weekdays: [4],
      times: [MORNING],
    },
    expected: [{ date: "2026-11-26", start_time: "09:00", end_time: "10:00" }],
  },
  {
    name: "a one-day range on another weekday",
    series: {
      from: "2026-11-26",
      to: "2026-11-26",
      weekdays: [1, 2, 3, 5, 6, 7],
      times: [MORNING],
    },
    expected: [],
  },
  {
    name: "a reversed range gives nothing",
    series: {
      from: "2026-11-30",
      to: "2026-11-23",
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      times: [MORNING],
    },
    expected: [],
  },
  {
    name: "no weekdays gives nothing",
    series: {
      from: "2026-11-23",
      to: "2026-11-29",
      weekdays: [],
      times: [MORNING],
    },
    expected: [],
  },
  {
    name: "no times gives nothing",
    series: {
      from: "2026-11-23",
      to: "2026-11-29",
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      times: [],
    },
    expected: [],
  },
  {
    name: "weekday 0 (a JavaScript Sunday) is not an ISO weekday",
    series: {
      from: "2026-11-23",
      to: "2026-11-29",
      weekdays: [0, 8],
      times: [MORNING],
    },
    expected: [],
  },
  {
    name: "several times per day, date by date in the given order",
    series: {
      from: "2026-11-28",
      to: "2026-11-29",
      weekdays: [6, 7],
      times: [NOON, MORNING],
    },
    expected: [
      { date: "2026-11-28", start_time: "12:00", end_time: "13:00" },
      { date: "2026-11-28", start_time: "09:00", end_time: "10:00" },
      { date: "2026-11-29", start_time: "12:00", end_time: "13:00" },
      { date: "2026-11-29", start_time: "09:00", end_time: "10:00" },
    ],
  },
  {
    name: "a repeated time is created once",
    series: {
      from: "2026-11-23",
      to: "2026-11-24",
      weekdays: [1, 2],
      times: [MORNING, MORNING, NOON, MORNING],
    },
    expected: [
      { date: "2026-11-23", start_time: "09:00", end_time: "10:00" },
      { date: "2026-11-23", start_time: "12:00", end_time: "13:00" },
      { date: "2026-11-24", start_time: "09:00", end_time: "10:00" },
      { date: "2026-11-24", start_time: "12:00", end_time: "13:00" },
    ],
  },
  {
    name: "the same start with another end is a duplicate (date, start)",
    series: {
      from: "2026-11-23",
      to: "2026-11-23",
      weekdays: [1],
      times: [MORNING, ["09:00", "11:00"]],
    },
    expected: [{ date: "2026-11-23", start_time: "09:00", end_time: "10:00" }],
  },
  {
    name: "a repeated weekday does not double a date",
    series: {
      from: "2026-11-23",
      to: "2026-11-29",
      weekdays: [3, 3, 3],
      times: [MORNING],
    },
    expected: [{ date: "2026-11-25", start_time: "09:00", end_time: "10:00" }],
  },
  {
    name: "a slot ending at midnight keeps 24:00",
    series: {
      from: "2026-11-27",
      to: "2026-11-27",
      weekdays: [5],
      times: [["22:00", "24:00"]],
    },
    expected: [{ date: "2026-11-27", start_time: "22:00", end_time: "24:00" }],
  },
  {
    name: "across a year end",
    series: {
      from: "2026-12-28",
      to: "2027-01-04",
      weekdays: [1],
      times: [MORNING],
    },
    expected: [
      { date: "2026-12-28", start_time: "09:00", end_time: "10:00" },
      { date: "2027-01-04", start_time: "09:00", end_time: "10:00" },
    ],
  },
  {
    name: "through a leap day",
    series: {
      from: "2028-02-27",
      to: "2028-03-01",
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      times: [MORNING],
    },
    expected: [
      { date: "2028-02-27", start_time: "09:00", end_time: "10:00" },
      { date: "2028-02-28", start_time: "09:00", end_time: "10:00" },
      { date: "2028-02-29", start_time: "09:00", end_time: "10:00" },
      { date: "2028-03-01", start_time: "09:00", end_time: "10:00" },
    ],
  },
  {
    name: "through the European DST switch (2026-03-29 is a Sunday)",
    series: {
      from: "2026-03-28",
      to: "2026-03-30",
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      times: [["02:30", "03:30"]],
    },
    expected: [
      { date: "2026-03-28", start_time: "02:30", end_time: "03:30" },
      { date: "2026-03-29", start_time: "02:30", end_time: "03:30" },
      { date: "2026-03-30", start_time: "02:30", end_time: "03:30" },
    ],
  },
];

for (const c of seriesCases) {
  Deno.test(`expandSeries: ${c.name}`, () => {
    deepStrictEqual(expandSeries(c.series), c.expected);
  });
}

Deno.test("expandSeries: every Sunday of November and December 2026", () => {
  deepStrictEqual(
    dates(expandSeries({
      from: "2026-11-01",
      to: "2026-12-31",
      weekdays: [7],
      times: [MORNING],
    })),
    [
      "2026-11-01",
      "2026-11-08",
      "2026-11-15",
      "2026-11-22",
      "2026-11-29",
      "2026-12-06",
      "2026-12-13",
      "2026-12-20",
      "2026-12-27",
    ],
  );
});

Deno.test("expandSeries: every day of 2028 twice a day is 366 × 2 slots", () => {
  const specs = expandSeries({
    from: "2028-01-01",
    to: "2028-12-31",
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    times: [MORNING, NOON],
  });
  strictEqual(specs.length, 732);
  strictEqual(specs[0].date, "2028-01-01");
  strictEqual(specs[specs.length - 1].date, "2028-12-31");
  strictEqual(new Set(specs.map((s) => `${s.date} ${s.start_time}`)).size, 732);
});

Deno.test("expandSeries: weekdays only across four weeks is 20 dates", () => {
  const specs = expandSeries({
    from: "2026-11-02", // a Monday
    to: "2026-11-29", // a Sunday
    weekdays: [1, 2, 3, 4, 5],
    times: [MORNING],
  });
  strictEqual(specs.length, 20);
  strictEqual(specs.some((s) => s.date === "2026-11-07"), false); // Saturday
  strictEqual(specs.some((s) => s.date === "2026-11-08"), false); // Sunday
});

const clockTimeCases: [string, boolean, boolean][] = [
  // text, without 24:00 allowed, with 24:00 allowed
  ["00:00", true, true],
  ["09:30", true, true],
  ["12:00", true, true],
  ["19:59", true, true],
  ["23:59", true, true],
  ["24:00", false, true],
  ["24:01", false, false],
  ["24:30", false, false],
  ["25:00", false, false],
  ["23:60", false, false],
  ["9:00", false, false],
  ["09:0", false, false],
  ["0900", false, false],
  ["09.00", false, false],
  ["09:00:00", false, false],
  ["24:00:00", false, false],
  [" 09:00", false, false],
  ["09:00 ", false, false],
  ["", false, false],
  ["ab:cd", false, false],
  ["-1:00", false, false],
];

for (const [text, plain, midnight] of clockTimeCases) {
  Deno.test(`isClockTime: ${JSON.stringify(text)}`, () => {
    strictEqual(isClockTime(text), plain, "without 24:00");
    strictEqual(isClockTime(text, false), plain, "with false");
    strictEqual(isClockTime(text, true), midnight, "with 24:00 allowed");
  });
}
