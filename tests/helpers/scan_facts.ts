/** Facts, contexts and case tables of the scan-decision unit tests. */
import type {
  ScanContext,
  ScanFacts,
  ScanReason,
  ScanResult,
} from "../../domain/scan_decision.ts";

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
    ...over,
  };
}

/** A scan at 10:00 today in Amsterdam without an entry window, with `over` on top. */
export function ctx(over: Partial<ScanContext> = {}): ScanContext {
  return {
    orq: ORG,
    now: { date: TODAY, time: "10:00" },
    timeZone: "Europe/Amsterdam",
    entryOpensMinutesBefore: null,
    ...over,
  };
}

// API.md "POST /api/operator/validate-ticket": the titles per reason.
export const TITLES: Record<ScanReason, string> = {
  VALID: "VALID TICKET",
  WRONG_DATE: "WRONG DATE",
  NO_RESERVATION: "NO RESERVATION",
  INVALID_TICKET: "INVALID TICKET",
  NOT_PAID: "NOT PAID",
  EXPIRED: "EXPIRED",
  TOO_EARLY: "TOO EARLY",
  ALREADY_VERIFIED: "ALREADY VERIFIED",
};

/** One row of a decision table: the facts, and the decision they must give. */
export interface ScanCase {
  name: string;
  ticket: ScanFacts | null;
  ctx?: Partial<ScanContext>;
  result: ScanResult;
  reason: ScanReason;
  /** Exact message, where API.md or the story fixes it. */
  message?: string;
  /** Pieces the message must name, where only its content is fixed. */
  mentions?: string[];
}
