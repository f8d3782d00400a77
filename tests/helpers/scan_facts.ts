/** Facts, contexts and case tables of the scan-decision unit tests. */
import type {
  ScanContext,
  ScanFacts,
  ScanReason,
  ScanResult,
} from "../../domain/scan_decision.ts";
import { zonedInstant } from "../../domain/clock.ts";

/** The organization of the scanned tickets. */
export const ORG = 1;
/** The venue's date of most scans. */
export const TODAY = "2026-11-14";

/** A RESERVED ticket of ORG for 12:00–13:00 today, with `over` on top. */
export function ticket(over: Partial<ScanFacts> = {}): ScanFacts {
  return {
    orq: ORG,
    status: "RESERVED",
    slot: { date: TODAY, start_time: "12:00", end_time: "13:00" },
    verified_at: null,
    verified_by_name: null,
    inside: false,
    ...over,
  };
}

/** A context's overrides; `now` is a wall-clock reading in the context's zone. */
export type CtxOver = Partial<ScanContext> & {
  now?: { date: string; time: string };
};

/**
 * A scan at 10:00 today in Amsterdam without entry windows, re-entry
 * allowed, with `over` on top.
 */
export function ctx(over: CtxOver = {}): ScanContext {
  const { now, ...rest } = over;
  const timeZone = rest.timeZone ?? "Europe/Amsterdam";
  const reading = now ?? { date: TODAY, time: "10:00" };
  return {
    orq: ORG,
    at: zonedInstant(reading.date, reading.time, timeZone),
    timeZone,
    entryOpensMinutesBefore: null,
    entryClosesMinutesAfterStart: null,
    allowReentry: true,
    ...rest,
  };
}

// API.md "POST /api/operator/validate-ticket": the titles per reason.
export const TITLES: Record<ScanReason, string> = {
  VALID: "VALID TICKET",
  REENTRY: "RE-ENTRY",
  EXIT: "EXIT RECORDED",
  WRONG_DATE: "WRONG DATE",
  NO_RESERVATION: "NO RESERVATION",
  INVALID_TICKET: "INVALID TICKET",
  NOT_PAID: "NOT PAID",
  EXPIRED: "EXPIRED",
  TOO_EARLY: "TOO EARLY",
  TOO_LATE: "TOO LATE",
  ALREADY_VERIFIED: "ALREADY VERIFIED",
  NOT_INSIDE: "NOT INSIDE",
  CANNOT_CHECK_OFFLINE: "CANNOT CHECK OFFLINE",
};

/** One row of a decision table: the facts, and the decision they must give. */
export interface ScanCase {
  name: string;
  ticket: ScanFacts | null;
  ctx?: CtxOver;
  result: ScanResult;
  reason: ScanReason;
  /** Exact message, where API.md or the story fixes it. */
  message?: string;
  /** Pieces the message must name, where only its content is fixed. */
  mentions?: string[];
}
