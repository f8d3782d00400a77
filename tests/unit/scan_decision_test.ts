import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  decideScan,
  type ScanContext,
  type ScanFacts,
  type ScanReason,
  type ScanResult,
} from "../../domain/scan_decision.ts";
import { zonedNow } from "../../domain/clock.ts";
import { TICKET_STATUSES } from "../../domain/ticket_status.ts";

const ORG = 1;
const TODAY = "2026-11-14";

function ticket(over: Partial<ScanFacts> = {}): ScanFacts {
  return {
    orq: ORG,
    status: "RESERVED",
    slot: { date: TODAY, start_time: "12:00", end_time: "13:00" },
    verified_at: null,
    verified_by_name: null,
    ...over,
  };
}

function ctx(over: Partial<ScanContext> = {}): ScanContext {
  return {
    orq: ORG,
    now: { date: TODAY, time: "10:00" },
    timeZone: "Europe/Amsterdam",
    entryOpensMinutesBefore: null,
    ...over,
  };
}

// API.md "POST /api/operator/validate-ticket": the titles per reason.
const TITLES: Record<ScanReason, string> = {
  VALID: "VALID TICKET",
  WRONG_DATE: "WRONG DATE",
  NO_RESERVATION: "NO RESERVATION",
  INVALID_TICKET: "INVALID TICKET",
  NOT_PAID: "NOT PAID",
  EXPIRED: "EXPIRED",
  TOO_EARLY: "TOO EARLY",
  ALREADY_VERIFIED: "ALREADY VERIFIED",
};

const cases: {
  name: string;
  ticket: ScanFacts | null;
  ctx?: Partial<ScanContext>;
  result: ScanResult;
  reason: ScanReason;
  /** Exact message, where API.md or the story fixes it. */
  message?: string;
  /** Pieces the message must name, where only its content is fixed. */
  mentions?: string[];
}[] = [
  {
    name: "RESERVED for today, before the slot",
    ticket: ticket(),
    result: "GREEN",
    reason: "VALID",
  },
  {
    name: "RESERVED for today, just after midnight",
    ticket: ticket(),
    ctx: { now: { date: TODAY, time: "00:00" } },
    result: "GREEN",
    reason: "VALID",
  },
  {
    name: "RESERVED for today, during the slot",
    ticket: ticket(),
    ctx: { now: { date: TODAY, time: "12:30" } },
    result: "GREEN",
    reason: "VALID",
  },
  {
    name: "RESERVED for today, the last minute of the slot",
    ticket: ticket(),
    ctx: { now: { date: TODAY, time: "12:59" } },
    result: "GREEN",
    reason: "VALID",
  },
  {
    name: "RESERVED for today until 24:00, at 23:59",
    ticket: ticket({
      slot: { date: TODAY, start_time: "22:00", end_time: "24:00" },
    }),
    ctx: { now: { date: TODAY, time: "23:59" } },
    result: "GREEN",
    reason: "VALID",
  },
  {
    name: "RESERVED for a later date",
    ticket: ticket({
      slot: { date: "2026-11-20", start_time: "12:00", end_time: "13:00" },
    }),
    result: "RED",
    reason: "WRONG_DATE",
    message: "Reserved for 2026-11-20",
  },
  {
    name: "RESERVED for tomorrow: no grace day",
    ticket: ticket({
      slot: { date: "2026-11-15", start_time: "00:00", end_time: "01:00" },
    }),
    ctx: { now: { date: TODAY, time: "23:59" } },
    result: "RED",
    reason: "WRONG_DATE",
    message: "Reserved for 2026-11-15",
  },
  {
    name: "RESERVED for a later date, whatever the entry window",
    ticket: ticket({
      slot: { date: "2026-11-20", start_time: "18:00", end_time: "19:00" },
    }),
    ctx: { entryOpensMinutesBefore: 30 },
    result: "RED",
    reason: "WRONG_DATE",
    message: "Reserved for 2026-11-20",
  },
  {
    name: "RESERVED for an earlier date, before the expiry job ran",
    ticket: ticket({
      slot: { date: "2026-11-13", start_time: "12:00", end_time: "13:00" },
    }),
    result: "RED",
    reason: "EXPIRED",
    mentions: ["2026-11-13", "12:00"],
  },
  {
    name: "RESERVED for yesterday's slot until 24:00",
    ticket: ticket({
      slot: { date: "2026-11-13", start_time: "22:00", end_time: "24:00" },
    }),
    ctx: { now: { date: TODAY, time: "00:00" } },
    result: "RED",
    reason: "EXPIRED",
    mentions: ["2026-11-13", "22:00"],
  },
  {
    name: "RESERVED for today, at the slot's end",
    ticket: ticket(),
    ctx: { now: { date: TODAY, time: "13:00" } },
    result: "RED",
    reason: "EXPIRED",
    mentions: [TODAY, "12:00"],
  },
  {
    name: "RESERVED for today, after the slot's end",
    ticket: ticket(),
    ctx: { now: { date: TODAY, time: "17:45" } },
    result: "RED",
    reason: "EXPIRED",
    mentions: [TODAY, "12:00"],
  },
  {
    name: "EXPIRED status with its slot",
    ticket: ticket({
      status: "EXPIRED",
      slot: { date: "2026-11-13", start_time: "12:00", end_time: "13:00" },
    }),
    result: "RED",
    reason: "EXPIRED",
    mentions: ["2026-11-13", "12:00"],
  },
  {
    name: "EXPIRED status even though its slot is today and open",
    ticket: ticket({ status: "EXPIRED" }),
    result: "RED",
    reason: "EXPIRED",
  },
  {
    name: "EXPIRED status without a slot (product rule)",
    ticket: ticket({ status: "EXPIRED", slot: null }),
    result: "RED",
    reason: "EXPIRED",
  },
  {
    name: "ACTIVATED: no reservation",
    ticket: ticket({ status: "ACTIVATED", slot: null }),
    result: "RED",
    reason: "NO_RESERVATION",
    message: "Customer must book a time slot first",
  },
  {
    name: "RESERVED without a slot row is treated as no reservation",
    ticket: ticket({ slot: null }),
    result: "RED",
    reason: "NO_RESERVATION",
    message: "Customer must book a time slot first",
  },
  {
    name: "PENDING_PAYMENT: not paid",
    ticket: ticket({ status: "PENDING_PAYMENT", slot: null }),
    result: "RED",
    reason: "NOT_PAID",
  },
  {
    name: "unknown code",
    ticket: null,
    result: "RED",
    reason: "INVALID_TICKET",
  },
  {
    name: "another organization's RESERVED ticket for today",
    ticket: ticket({ orq: 2 }),
    result: "RED",
    reason: "INVALID_TICKET",
  },
  {
    name: "another organization's VERIFIED ticket reveals nothing",
    ticket: ticket({
      orq: 2,
      status: "VERIFIED",
      verified_at: new Date("2026-11-14T08:30:00Z"),
      verified_by_name: "Jane Smith",
    }),
    result: "RED",
    reason: "INVALID_TICKET",
  },
  {
    name: "another organization's unpaid ticket",
    ticket: ticket({ orq: 2, status: "PENDING_PAYMENT", slot: null }),
    result: "RED",
    reason: "INVALID_TICKET",
  },
  {
    name: "VERIFIED: the story's Jane Smith at 09:30 in Amsterdam (winter, +1)",
    ticket: ticket({
      status: "VERIFIED",
      verified_at: new Date("2026-11-14T08:30:00Z"),
      verified_by_name: "Jane Smith",
    }),
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
    message: "Verified at 09:30 by Jane Smith",
  },
  {
    name: "VERIFIED in Amsterdam summer time (+2)",
    ticket: ticket({
      status: "VERIFIED",
      slot: { date: "2026-07-14", start_time: "09:00", end_time: "10:00" },
      verified_at: new Date("2026-07-14T07:30:00Z"),
      verified_by_name: "Jane Smith",
    }),
    ctx: { now: { date: "2026-07-14", time: "10:00" } },
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
    message: "Verified at 09:30 by Jane Smith",
  },
  {
    name: "VERIFIED time is the venue's zone, New York (-5)",
    ticket: ticket({
      status: "VERIFIED",
      verified_at: new Date("2026-11-14T14:30:00Z"),
      verified_by_name: "Sam Lee",
    }),
    ctx: { timeZone: "America/New_York" },
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
    message: "Verified at 09:30 by Sam Lee",
  },
  {
    name: "VERIFIED time is the venue's zone, Auckland (+13)",
    ticket: ticket({
      status: "VERIFIED",
      verified_at: new Date("2026-11-13T20:30:00Z"),
      verified_by_name: "Aroha Ngata",
    }),
    ctx: { timeZone: "Pacific/Auckland" },
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
    message: "Verified at 09:30 by Aroha Ngata",
  },
  {
    name: "VERIFIED just after the venue's midnight reads 00:05, not 24:05",
    ticket: ticket({
      status: "VERIFIED",
      verified_at: new Date("2026-11-13T23:05:00Z"),
      verified_by_name: "Jane Smith",
    }),
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
    message: "Verified at 00:05 by Jane Smith",
  },
  {
    name: "VERIFIED in the afternoon uses the 24-hour clock",
    ticket: ticket({
      status: "VERIFIED",
      verified_at: new Date("2026-11-14T14:07:00Z"),
      verified_by_name: "Jane Smith",
    }),
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
    message: "Verified at 15:07 by Jane Smith",
  },
  {
    name: "VERIFIED stays YELLOW after its slot has ended",
    ticket: ticket({
      status: "VERIFIED",
      slot: { date: "2026-11-13", start_time: "12:00", end_time: "13:00" },
      verified_at: new Date("2026-11-13T11:15:00Z"),
      verified_by_name: "Jane Smith",
    }),
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
    message: "Verified at 12:15 by Jane Smith",
  },
  {
    name: "VERIFIED without the operator's name",
    ticket: ticket({
      status: "VERIFIED",
      verified_at: new Date("2026-11-14T08:30:00Z"),
    }),
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
    message: "Verified at 09:30",
  },
  {
    name: "entry window: one minute before it opens",
    ticket: ticket({
      slot: { date: TODAY, start_time: "18:00", end_time: "19:00" },
    }),
    ctx: {
      now: { date: TODAY, time: "17:29" },
      entryOpensMinutesBefore: 30,
    },
    result: "RED",
    reason: "TOO_EARLY",
    message: "Entry from 17:30",
  },
  {
    name: "entry window: hours before it opens",
    ticket: ticket({
      slot: { date: TODAY, start_time: "18:00", end_time: "19:00" },
    }),
    ctx: {
      now: { date: TODAY, time: "08:00" },
      entryOpensMinutesBefore: 30,
    },
    result: "RED",
    reason: "TOO_EARLY",
    message: "Entry from 17:30",
  },
  {
    name: "entry window: the minute it opens",
    ticket: ticket({
      slot: { date: TODAY, start_time: "18:00", end_time: "19:00" },
    }),
    ctx: {
      now: { date: TODAY, time: "17:30" },
      entryOpensMinutesBefore: 30,
    },
    result: "GREEN",
    reason: "VALID",
  },
  {
    name: "entry window: during the slot",
    ticket: ticket({
      slot: { date: TODAY, start_time: "18:00", end_time: "19:00" },
    }),
    ctx: {
      now: { date: TODAY, time: "18:45" },
      entryOpensMinutesBefore: 30,
    },
    result: "GREEN",
    reason: "VALID",
  },
  {
    name: "entry window: after the slot it is EXPIRED, not TOO_EARLY",
    ticket: ticket({
      slot: { date: TODAY, start_time: "18:00", end_time: "19:00" },
    }),
    ctx: {
      now: { date: TODAY, time: "19:00" },
      entryOpensMinutesBefore: 30,
    },
    result: "RED",
    reason: "EXPIRED",
  },
  {
    name: "entry window crossing an hour: 90 minutes before 09:15",
    ticket: ticket({
      slot: { date: TODAY, start_time: "09:15", end_time: "10:15" },
    }),
    ctx: {
      now: { date: TODAY, time: "07:44" },
      entryOpensMinutesBefore: 90,
    },
    result: "RED",
    reason: "TOO_EARLY",
    message: "Entry from 07:45",
  },
  {
    name: "entry window of zero minutes opens at the start",
    ticket: ticket({
      slot: { date: TODAY, start_time: "12:00", end_time: "13:00" },
    }),
    ctx: {
      now: { date: TODAY, time: "11:59" },
      entryOpensMinutesBefore: 0,
    },
    result: "RED",
    reason: "TOO_EARLY",
    message: "Entry from 12:00",
  },
  {
    name: "entry window reaching back before midnight is open all day",
    ticket: ticket({
      slot: { date: TODAY, start_time: "00:30", end_time: "02:00" },
    }),
    ctx: {
      now: { date: TODAY, time: "00:00" },
      entryOpensMinutesBefore: 60,
    },
    result: "GREEN",
    reason: "VALID",
  },
  {
    name: "no entry window: any time that day",
    ticket: ticket({
      slot: { date: TODAY, start_time: "18:00", end_time: "19:00" },
    }),
    ctx: { now: { date: TODAY, time: "06:00" } },
    result: "GREEN",
    reason: "VALID",
  },
];

for (const c of cases) {
  Deno.test(`decideScan: ${c.name} → ${c.result} ${c.reason}`, () => {
    const d = decideScan(c.ticket, ctx(c.ctx));
    strictEqual(d.result, c.result);
    strictEqual(d.reason, c.reason);
    strictEqual(d.title, TITLES[c.reason]);
    strictEqual(d.can_verify, c.result === "GREEN");
    if (c.message !== undefined) strictEqual(d.message, c.message);
    for (const piece of c.mentions ?? []) {
      ok(d.message.includes(piece), `"${d.message}" should name ${piece}`);
    }
    ok(d.message.length > 0, "every decision has a message for people");
  });
}

Deno.test("decideScan: the result follows the reason", () => {
  const colour: Record<ScanReason, ScanResult> = {
    VALID: "GREEN",
    ALREADY_VERIFIED: "YELLOW",
    WRONG_DATE: "RED",
    NO_RESERVATION: "RED",
    INVALID_TICKET: "RED",
    NOT_PAID: "RED",
    EXPIRED: "RED",
    TOO_EARLY: "RED",
  };
  const seen = new Set<ScanReason>();
  for (const c of cases) {
    const d = decideScan(c.ticket, ctx(c.ctx));
    strictEqual(d.result, colour[d.reason], c.name);
    seen.add(d.reason);
  }
  deepStrictEqual([...seen].sort(), Object.keys(colour).sort());
});

Deno.test("decideScan: only RESERVED may come out GREEN", () => {
  for (const status of TICKET_STATUSES) {
    const d = decideScan(
      ticket({
        status,
        verified_at: new Date("2026-11-14T08:30:00Z"),
        verified_by_name: "Jane Smith",
      }),
      ctx(),
    );
    strictEqual(d.result === "GREEN", status === "RESERVED", status);
    strictEqual(d.can_verify, status === "RESERVED", status);
  }
});

Deno.test("decideScan: the answer has exactly the contract's fields", () => {
  deepStrictEqual(
    Object.keys(decideScan(ticket(), ctx())).sort(),
    ["can_verify", "message", "reason", "result", "title"],
  );
});

// Time-zone edges: "today" is the venue's, computed with zonedNow.
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
      now: zonedNow(new Date(c.instant), c.zone),
      timeZone: c.zone,
      entryOpensMinutesBefore: null,
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
      now: zonedNow(instant, zone),
      timeZone: zone,
      entryOpensMinutesBefore: null,
    });
  strictEqual(at("Pacific/Auckland").result, "GREEN");
  strictEqual(at("UTC").reason, "WRONG_DATE");
  strictEqual(at("UTC").message, "Reserved for 2026-11-26");
});

Deno.test("decideScan zones: entry window in the venue's zone", () => {
  // Slot 18:00 in Auckland, window 30 min; 2026-11-26T04:29Z is 17:29 NZDT.
  const slot = { date: "2026-11-26", start_time: "18:00", end_time: "19:00" };
  const scan = (instant: string) =>
    decideScan(ticket({ slot }), {
      orq: ORG,
      now: zonedNow(new Date(instant), "Pacific/Auckland"),
      timeZone: "Pacific/Auckland",
      entryOpensMinutesBefore: 30,
    });
  const early = scan("2026-11-26T04:29:00Z");
  strictEqual(early.reason, "TOO_EARLY");
  strictEqual(early.message, "Entry from 17:30");
  strictEqual(scan("2026-11-26T04:30:00Z").reason, "VALID");
});
