/** Decision cases by ticket status: reserved, expired, unpaid, unknown, another organization's. */
import { type ScanCase, ticket, TODAY } from "../../helpers/scan_facts.ts";

/** Cases of every status but VERIFIED. */
export const statusCases: ScanCase[] = [
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
    message: "Reserved for Fri 20 Nov 2026, 12:00–13:00: in 6 days",
  },
  {
    name: "RESERVED for tomorrow: no grace day",
    ticket: ticket({
      slot: { date: "2026-11-15", start_time: "00:00", end_time: "01:00" },
    }),
    ctx: { now: { date: TODAY, time: "23:59" } },
    result: "RED",
    reason: "WRONG_DATE",
    message: "Reserved for Sun 15 Nov 2026, 00:00–01:00: tomorrow",
  },
  {
    name: "RESERVED for a later date, whatever the entry window",
    ticket: ticket({
      slot: { date: "2026-11-20", start_time: "18:00", end_time: "19:00" },
    }),
    ctx: { entryOpensMinutesBefore: 30 },
    result: "RED",
    reason: "WRONG_DATE",
    message: "Reserved for Fri 20 Nov 2026, 18:00–19:00: in 6 days",
  },
  {
    name: "RESERVED for an earlier date, before the expiry job ran",
    ticket: ticket({
      slot: { date: "2026-11-13", start_time: "12:00", end_time: "13:00" },
    }),
    result: "RED",
    reason: "EXPIRED",
    message: "Reserved for Fri 13 Nov 2026, 12:00–13:00: yesterday",
  },
  {
    name: "RESERVED for yesterday's slot until 24:00",
    ticket: ticket({
      slot: { date: "2026-11-13", start_time: "22:00", end_time: "24:00" },
    }),
    ctx: { now: { date: TODAY, time: "00:00" } },
    result: "RED",
    reason: "EXPIRED",
    message: "Reserved for Fri 13 Nov 2026, 22:00–24:00: yesterday",
  },
  {
    name: "RESERVED for today, at the slot's end",
    ticket: ticket(),
    ctx: { now: { date: TODAY, time: "13:00" } },
    result: "RED",
    reason: "EXPIRED",
    message: "Reserved for Sat 14 Nov 2026, 12:00–13:00: ended at 13:00 today",
  },
  {
    name: "RESERVED for today, after the slot's end",
    ticket: ticket(),
    ctx: { now: { date: TODAY, time: "17:45" } },
    result: "RED",
    reason: "EXPIRED",
    message: "Reserved for Sat 14 Nov 2026, 12:00–13:00: ended at 13:00 today",
  },
  {
    name: "EXPIRED status with its slot",
    ticket: ticket({
      status: "EXPIRED",
      slot: { date: "2026-11-13", start_time: "12:00", end_time: "13:00" },
    }),
    result: "RED",
    reason: "EXPIRED",
    message: "Reserved for Fri 13 Nov 2026, 12:00–13:00: yesterday",
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
];
