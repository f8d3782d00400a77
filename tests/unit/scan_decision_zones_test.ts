/** decideScan across time zones: "today" is the venue's, computed with zonedNow. */
import { strictEqual } from "node:assert/strict";
import { decideScan, type ScanReason } from "../../domain/scan_decision.ts";
import { ORG, ticket } from "../helpers/scan_facts.ts";

const zoneCases: {
  name: string;
  zone: string;
  instant: string;
  slot: { date: string; start_time: string; end_time: string };
  reason: ScanReason;
}[] = [
  {
    name: "Auckland slot today while UTC is still yesterday",
    zone: "Pacific/Auckland",
    instant: "2026-11-25T20:30:00Z", // 2026-11-26 09:30 NZDT
    slot: { date: "2026-11-26", start_time: "09:00", end_time: "10:00" },
    reason: "VALID",
  },
  {
    name: "Auckland 01:30 on the slot's day, UTC 12:30 the day before",
    zone: "Pacific/Auckland",
    instant: "2026-11-25T12:30:00Z", // 2026-11-26 01:30 NZDT
    slot: { date: "2026-11-26", start_time: "09:00", end_time: "10:00" },
    reason: "VALID",
  },
  {
    name: "Auckland the evening before the slot's day",
    zone: "Pacific/Auckland",
    instant: "2026-11-25T10:30:00Z", // 2026-11-25 23:30 NZDT
    slot: { date: "2026-11-26", start_time: "09:00", end_time: "10:00" },
    reason: "WRONG_DATE",
  },
  {
    name: "Auckland slot has ended although UTC is still the day before",
    zone: "Pacific/Auckland",
    instant: "2026-11-25T21:00:00Z", // 2026-11-26 10:00 NZDT
    slot: { date: "2026-11-26", start_time: "09:00", end_time: "10:00" },
    reason: "EXPIRED",
  },
  {
    name: "Auckland yesterday's slot, while UTC still has that date",
    zone: "Pacific/Auckland",
    instant: "2026-11-25T12:30:00Z", // 2026-11-26 01:30 NZDT
    slot: { date: "2026-11-25", start_time: "20:00", end_time: "22:00" },
    reason: "EXPIRED",
  },
  {
    name: "Honolulu evening slot while UTC is already tomorrow",
    zone: "Pacific/Honolulu",
    instant: "2026-11-26T05:00:00Z", // 2026-11-25 19:00 HST
    slot: { date: "2026-11-25", start_time: "18:00", end_time: "20:00" },
    reason: "VALID",
  },
  {
    name:
      "Honolulu tomorrow's slot is a wrong date though UTC agrees on the day",
    zone: "Pacific/Honolulu",
    instant: "2026-11-26T05:00:00Z", // 2026-11-25 19:00 HST
    slot: { date: "2026-11-26", start_time: "10:00", end_time: "11:00" },
    reason: "WRONG_DATE",
  },
  {
    name: "Amsterdam right after spring-forward (03:30 CEST, not 02:30)",
    zone: "Europe/Amsterdam",
    instant: "2026-03-29T01:30:00Z",
    slot: { date: "2026-03-29", start_time: "02:00", end_time: "03:15" },
    reason: "EXPIRED",
  },
  {
    name: "Amsterdam slot after spring-forward is open",
    zone: "Europe/Amsterdam",
    instant: "2026-03-29T01:30:00Z", // 03:30 CEST
    slot: { date: "2026-03-29", start_time: "03:00", end_time: "04:00" },
    reason: "VALID",
  },
  {
    name: "New York second 01:30 after fall-back, slot until 02:00",
    zone: "America/New_York",
    instant: "2026-11-01T06:30:00Z", // 01:30 EST
    slot: { date: "2026-11-01", start_time: "01:00", end_time: "02:00" },
    reason: "VALID",
  },
  {
    name: "New York late evening, UTC already the next day",
    zone: "America/New_York",
    instant: "2026-11-27T03:30:00Z", // 2026-11-26 22:30 EST
    slot: { date: "2026-11-26", start_time: "22:00", end_time: "24:00" },
    reason: "VALID",
  },
];

for (const c of zoneCases) {
  Deno.test(`decideScan zones: ${c.name} → ${c.reason}`, () => {
    const d = decideScan(ticket({ slot: c.slot }), {
      orq: ORG,
      at: new Date(c.instant),
      timeZone: c.zone,
      entryOpensMinutesBefore: null,
      entryClosesMinutesAfterStart: null,
      allowReentry: true,
    });
    strictEqual(d.reason, c.reason);
  });
}

Deno.test("decideScan zones: the same instant differs by venue zone", () => {
  const instant = new Date("2026-11-25T12:30:00Z");
  const slot = { date: "2026-11-26", start_time: "09:00", end_time: "10:00" };
  const at = (zone: string) =>
    decideScan(ticket({ slot }), {
      orq: ORG,
      at: instant,
      timeZone: zone,
      entryOpensMinutesBefore: null,
      entryClosesMinutesAfterStart: null,
      allowReentry: true,
    });
  strictEqual(at("Pacific/Auckland").result, "GREEN");
  strictEqual(at("UTC").reason, "WRONG_DATE");
  strictEqual(
    at("UTC").message,
    "Reserved for Thu 26 Nov 2026, 09:00–10:00: tomorrow",
  );
});

Deno.test("decideScan zones: entry window in the venue's zone", () => {
  // Slot 18:00 in Auckland, window 30 min; 2026-11-26T04:29Z is 17:29 NZDT.
  const slot = { date: "2026-11-26", start_time: "18:00", end_time: "19:00" };
  const scan = (instant: string) =>
    decideScan(ticket({ slot }), {
      orq: ORG,
      at: new Date(instant),
      timeZone: "Pacific/Auckland",
      entryOpensMinutesBefore: 30,
      entryClosesMinutesAfterStart: null,
      allowReentry: true,
    });
  const early = scan("2026-11-26T04:29:00Z");
  strictEqual(early.reason, "TOO_EARLY");
  strictEqual(early.message, "Entry from 17:30");
  strictEqual(scan("2026-11-26T04:30:00Z").reason, "VALID");
});
