/** domain/clock.ts: zonedNow across zones and DST edges, and systemClock. */
import { deepStrictEqual, ok } from "node:assert/strict";
import { systemClock, zonedNow } from "../../domain/clock.ts";

// Expected wall clocks worked out from the zones' offsets and their 2026 rules:
// Amsterdam CET +1 / CEST +2 (switches 2026-03-29 and 2026-10-25 at 01:00Z),
// New York EST -5 / EDT -4 (switches 2026-03-08 07:00Z and 2026-11-01 06:00Z),
// Auckland NZDT +13 in November, Kolkata +5:30, Kathmandu +5:45,
// Honolulu -10, Kiritimati +14, Pago Pago -11.
const zonedCases: {
  name: string;
  instant: string;
  zone: string;
  date: string;
  time: string;
}[] = [
  {
    name: "UTC reads the instant as is",
    instant: "2026-11-25T12:30:00Z",
    zone: "UTC",
    date: "2026-11-25",
    time: "12:30",
  },
  {
    name: "Auckland is already tomorrow while UTC is still today",
    instant: "2026-11-25T12:30:00Z",
    zone: "Pacific/Auckland",
    date: "2026-11-26",
    time: "01:30",
  },
  {
    name: "Auckland one minute before its midnight",
    instant: "2026-11-25T10:59:00Z",
    zone: "Pacific/Auckland",
    date: "2026-11-25",
    time: "23:59",
  },
  {
    name: "Auckland at its midnight reads 00:00, not 24:00",
    instant: "2026-11-25T11:00:00Z",
    zone: "Pacific/Auckland",
    date: "2026-11-26",
    time: "00:00",
  },
  {
    name: "Honolulu is still yesterday while UTC is already today",
    instant: "2026-11-26T05:00:00Z",
    zone: "Pacific/Honolulu",
    date: "2026-11-25",
    time: "19:00",
  },
  {
    name: "Kiritimati (+14) is two calendar days ahead of Pago Pago (-11)",
    instant: "2026-11-25T10:30:00Z",
    zone: "Pacific/Kiritimati",
    date: "2026-11-26",
    time: "00:30",
  },
  {
    name: "Pago Pago (-11)",
    instant: "2026-11-25T10:30:00Z",
    zone: "Pacific/Pago_Pago",
    date: "2026-11-24",
    time: "23:30",
  },
  {
    name: "half-hour offset (Kolkata +5:30) crosses midnight",
    instant: "2026-11-25T18:45:00Z",
    zone: "Asia/Kolkata",
    date: "2026-11-26",
    time: "00:15",
  },
  {
    name: "quarter-hour offset (Kathmandu +5:45)",
    instant: "2026-11-25T00:00:00Z",
    zone: "Asia/Kathmandu",
    date: "2026-11-25",
    time: "05:45",
  },
  {
    name: "Amsterdam winter time (+1)",
    instant: "2026-11-14T08:30:00Z",
    zone: "Europe/Amsterdam",
    date: "2026-11-14",
    time: "09:30",
  },
  {
    name: "Amsterdam summer time (+2)",
    instant: "2026-07-14T07:30:00Z",
    zone: "Europe/Amsterdam",
    date: "2026-07-14",
    time: "09:30",
  },
  {
    name: "Amsterdam last minute before spring-forward",
    instant: "2026-03-29T00:59:00Z",
    zone: "Europe/Amsterdam",
    date: "2026-03-29",
    time: "01:59",
  },
  {
    name: "Amsterdam spring-forward skips 02:00-03:00",
    instant: "2026-03-29T01:00:00Z",
    zone: "Europe/Amsterdam",
    date: "2026-03-29",
    time: "03:00",
  },
  {
    name: "Amsterdam day before spring-forward is still +1",
    instant: "2026-03-28T23:30:00Z",
    zone: "Europe/Amsterdam",
    date: "2026-03-29",
    time: "00:30",
  },
  {
    name: "Amsterdam fall-back, first 02:30 (CEST)",
    instant: "2026-10-25T00:30:00Z",
    zone: "Europe/Amsterdam",
    date: "2026-10-25",
    time: "02:30",
  },
  {
    name: "Amsterdam fall-back, second 02:30 (CET)",
    instant: "2026-10-25T01:30:00Z",
    zone: "Europe/Amsterdam",
    date: "2026-10-25",
    time: "02:30",
  },
  {
    name: "New York last minute before spring-forward",
    instant: "2026-03-08T06:59:00Z",
    zone: "America/New_York",
    date: "2026-03-08",
    time: "01:59",
  },
  {
    name: "New York spring-forward jumps to 03:00",
    instant: "2026-03-08T07:00:00Z",
    zone: "America/New_York",
    date: "2026-03-08",
    time: "03:00",
  },
  {
    name: "New York fall-back, first 01:30 (EDT)",
    instant: "2026-11-01T05:30:00Z",
    zone: "America/New_York",
    date: "2026-11-01",
    time: "01:30",
  },
  {
    name: "New York fall-back, second 01:30 (EST)",
    instant: "2026-11-01T06:30:00Z",
    zone: "America/New_York",
    date: "2026-11-01",
    time: "01:30",
  },
  {
    name: "New York is still on the previous day in the UTC small hours",
    instant: "2026-11-26T03:00:00Z",
    zone: "America/New_York",
    date: "2026-11-25",
    time: "22:00",
  },
  {
    name: "New Year in Auckland while UTC is still in the old year",
    instant: "2026-12-31T11:00:00Z",
    zone: "Pacific/Auckland",
    date: "2027-01-01",
    time: "00:00",
  },
  {
    name: "leap day in Amsterdam",
    instant: "2028-02-28T23:15:00Z",
    zone: "Europe/Amsterdam",
    date: "2028-02-29",
    time: "00:15",
  },
];

for (const c of zonedCases) {
  Deno.test(`zonedNow: ${c.name}`, () => {
    deepStrictEqual(zonedNow(new Date(c.instant), c.zone), {
      date: c.date,
      time: c.time,
    });
  });
}

Deno.test("zonedNow: one instant gives each zone its own reading", () => {
  // The formatter cache must key on the zone, not hand back the first one.
  const instant = new Date("2026-11-25T12:30:00Z");
  deepStrictEqual(
    ["UTC", "Pacific/Auckland", "America/New_York", "UTC"].map((z) =>
      zonedNow(instant, z)
    ),
    [
      { date: "2026-11-25", time: "12:30" },
      { date: "2026-11-26", time: "01:30" },
      { date: "2026-11-25", time: "07:30" },
      { date: "2026-11-25", time: "12:30" },
    ],
  );
});

Deno.test("zonedNow: readings of other minutes in between change nothing", () => {
  // A rescan reads the minute of its verification between two readings of
  // "now"; more minutes than the memory holds must still read correctly.
  const now = new Date("2026-11-25T12:30:00Z");
  const first = zonedNow(now, "Europe/Amsterdam");
  first.time = "changed by the caller";
  const earlier = Array.from(
    { length: 1_100 },
    (_, i) =>
      zonedNow(new Date(now.getTime() - (i + 1) * 60_000), "Europe/Amsterdam")
        .time,
  );
  deepStrictEqual(earlier.slice(0, 2), ["13:29", "13:28"]);
  deepStrictEqual(earlier[1_099], "19:10");
  deepStrictEqual(zonedNow(now, "Europe/Amsterdam"), {
    date: "2026-11-25",
    time: "13:30",
  });
});

Deno.test("zonedNow: seconds are truncated, not rounded", () => {
  deepStrictEqual(zonedNow(new Date("2026-11-25T12:30:59.999Z"), "UTC"), {
    date: "2026-11-25",
    time: "12:30",
  });
});

Deno.test("zonedNow: an unknown zone throws", () => {
  let threw = false;
  try {
    zonedNow(new Date("2026-11-25T12:30:00Z"), "Mars/Base");
  } catch {
    threw = true;
  }
  ok(threw);
});

Deno.test("systemClock: returns the current instant", () => {
  const before = Date.now();
  const now = systemClock().getTime();
  const after = Date.now();
  ok(before <= now && now <= after);
});
