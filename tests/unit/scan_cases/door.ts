/** Decision cases of the door: re-entry, exit, entry windows that close, and clock changes. */
import { type ScanCase, ticket, TODAY } from "../../helpers/scan_facts.ts";

const verifiedAt = new Date("2026-11-14T08:30:00Z");
/** A guest admitted at 09:30 by Jane Smith, now `inside` or out. */
function admitted(inside: boolean, over = {}) {
  return ticket({
    status: "VERIFIED",
    inside,
    verified_at: verifiedAt,
    verified_by_name: "Jane Smith",
    ...over,
  });
}
const yesterday = {
  date: "2026-11-13",
  start_time: "12:00",
  end_time: "13:00",
};

/** Re-entry, exits and the closing entry window. */
export const doorCases: ScanCase[] = [
  {
    name: "IN, outside after an exit, re-entry allowed, slot on",
    ticket: admitted(false),
    result: "GREEN",
    reason: "REENTRY",
  },
  {
    name: "IN, outside, re-entry allowed, windows do not apply",
    ticket: admitted(false),
    ctx: {
      now: { date: TODAY, time: "12:45" },
      entryOpensMinutesBefore: 0,
      entryClosesMinutesAfterStart: 10,
    },
    result: "GREEN",
    reason: "REENTRY",
  },
  {
    name: "IN, outside, re-entry forbidden",
    ticket: admitted(false),
    ctx: { allowReentry: false },
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
    message: "Verified at 09:30 by Jane Smith",
  },
  {
    name: "IN, outside, the slot has ended today",
    ticket: admitted(false),
    ctx: { now: { date: TODAY, time: "13:00" } },
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
  },
  {
    name: "IN, outside, the slot was yesterday",
    ticket: admitted(false, { slot: yesterday }),
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
  },
  {
    name: "IN, inside",
    ticket: admitted(true),
    result: "YELLOW",
    reason: "ALREADY_VERIFIED",
    message: "Verified at 09:30 by Jane Smith",
  },
  {
    name: "OUT, inside",
    ticket: admitted(true),
    ctx: { direction: "OUT" },
    result: "GREEN",
    reason: "EXIT",
  },
  {
    name: "OUT, inside, after the slot has ended (dates do not apply)",
    ticket: admitted(true, { slot: yesterday }),
    ctx: { direction: "OUT", allowReentry: false },
    result: "GREEN",
    reason: "EXIT",
  },
  {
    name: "OUT, outside already",
    ticket: admitted(false),
    ctx: { direction: "OUT" },
    result: "YELLOW",
    reason: "NOT_INSIDE",
  },
  {
    name: "OUT, RESERVED and never admitted",
    ticket: ticket(),
    ctx: { direction: "OUT" },
    result: "YELLOW",
    reason: "NOT_INSIDE",
  },
  {
    name: "OUT, unpaid",
    ticket: ticket({ status: "PENDING_PAYMENT", slot: null }),
    ctx: { direction: "OUT" },
    result: "YELLOW",
    reason: "NOT_INSIDE",
  },
  {
    name: "OUT, an unknown code",
    ticket: null,
    ctx: { direction: "OUT" },
    result: "RED",
    reason: "INVALID_TICKET",
  },
  {
    name: "OUT, another organization's guest inside",
    ticket: admitted(true, { orq: 2 }),
    ctx: { direction: "OUT" },
    result: "RED",
    reason: "INVALID_TICKET",
  },
  {
    name: "entry closes 15 minutes after the start: at 12:15",
    ticket: ticket(),
    ctx: {
      now: { date: TODAY, time: "12:15" },
      entryClosesMinutesAfterStart: 15,
    },
    result: "RED",
    reason: "TOO_LATE",
    message: "Entry closed at 12:15",
  },
  {
    name: "entry closes 15 minutes after the start: at 12:14",
    ticket: ticket(),
    ctx: {
      now: { date: TODAY, time: "12:14" },
      entryClosesMinutesAfterStart: 15,
    },
    result: "GREEN",
    reason: "VALID",
  },
  {
    name: "entry closing at the start: at the start",
    ticket: ticket(),
    ctx: {
      now: { date: TODAY, time: "12:00" },
      entryOpensMinutesBefore: 30,
      entryClosesMinutesAfterStart: 0,
    },
    result: "RED",
    reason: "TOO_LATE",
    message: "Entry closed at 12:00",
  },
  {
    name: "both windows: too early comes first",
    ticket: ticket(),
    ctx: {
      now: { date: TODAY, time: "11:00" },
      entryOpensMinutesBefore: 30,
      entryClosesMinutesAfterStart: 0,
    },
    result: "RED",
    reason: "TOO_EARLY",
    message: "Entry from 11:30",
  },
  {
    name: "the slot's end comes before a window closing later: EXPIRED",
    ticket: ticket(),
    ctx: {
      now: { date: TODAY, time: "13:00" },
      entryClosesMinutesAfterStart: 120,
    },
    result: "RED",
    reason: "EXPIRED",
  },
  {
    name: "WRONG DATE wins over a window reaching into the day before",
    ticket: ticket({
      slot: { date: "2026-11-15", start_time: "00:30", end_time: "02:00" },
    }),
    ctx: {
      now: { date: TODAY, time: "23:45" },
      entryOpensMinutesBefore: 60,
    },
    result: "RED",
    reason: "WRONG_DATE",
    message: "Reserved for Sun 15 Nov 2026, 00:30–02:00: tomorrow",
  },
  {
    name: "a window across spring-forward opens at an instant, not a wall time",
    ticket: ticket({
      slot: { date: "2026-03-29", start_time: "04:00", end_time: "05:00" },
    }),
    // 04:00 CEST − 2 h is 01:00 CET (02:00 does not exist that night).
    ctx: {
      now: { date: "2026-03-29", time: "00:59" },
      entryOpensMinutesBefore: 120,
    },
    result: "RED",
    reason: "TOO_EARLY",
    message: "Entry from 01:00",
  },
  {
    name: "a window across fall-back: the first 01:30 is still too early",
    ticket: ticket({
      slot: { date: "2026-11-01", start_time: "03:00", end_time: "04:00" },
    }),
    // 03:00 EST − 2 h is the second 01:00 (EST); 01:30 EDT comes before it.
    ctx: {
      timeZone: "America/New_York",
      now: { date: "2026-11-01", time: "01:30" },
      entryOpensMinutesBefore: 120,
    },
    result: "RED",
    reason: "TOO_EARLY",
    message: "Entry from 01:00",
  },
];
