/** Decision cases of VERIFIED tickets and of entry windows. */
import { type ScanCase, ticket, TODAY } from "../../helpers/scan_facts.ts";

/** VERIFIED tickets and entry windows. */
export const verifiedAndWindowCases: ScanCase[] = [
  {
    name: "VERIFIED: the story's Jane Smith at 09:30 in Amsterdam (winter, +1)",
    ticket: ticket({
      status: "VERIFIED",
      inside: true,
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
      inside: true,
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
      inside: true,
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
      inside: true,
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
      inside: true,
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
      inside: true,
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
      inside: true,
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
      inside: true,
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
