/**
 * The rules of an offline scan uploaded by sync (API.md "Offline scanning"):
 * which instants may still be decided, what the door's decision becomes for
 * the device (ACCEPTED, DUPLICATE, REJECTED), and which scans are conflicts.
 */
import type { TicketStatus } from "./ticket_status.ts";
import type {
  Direction,
  ScanDecision,
  ScanFacts,
  ScanResult,
} from "./scan_decision.ts";

/** What sync answers for each scan. */
export type SyncOutcome = "ACCEPTED" | "DUPLICATE" | "REJECTED";

/** Why a scan's instant cannot be decided. */
export type ScanTimeRefusal = "SCAN_TOO_OLD" | "SCAN_IN_FUTURE";

/** A scan older than this when uploaded is refused. */
export const SYNC_MAX_AGE_MS = 24 * 60 * 60_000;
/** A scan further ahead of the server's clock than this is refused. */
export const SYNC_MAX_AHEAD_MS = 5 * 60_000;
/** Scans in one upload. */
export const SYNC_MAX_SCANS = 500;

/** Null when `scannedAt` may be decided at `now`, else why not. */
export function scanTimeRefusal(
  scannedAt: Date,
  now: Date,
): ScanTimeRefusal | null {
  const age = now.getTime() - scannedAt.getTime();
  if (age > SYNC_MAX_AGE_MS) return "SCAN_TOO_OLD";
  if (-age > SYNC_MAX_AHEAD_MS) return "SCAN_IN_FUTURE";
  return null;
}

/**
 * The ticket as an offline scan is decided: an EXPIRED ticket that has its
 * reservation is decided as RESERVED, so that a scan inside its window
 * admits it (the expiry job may have run before the upload).
 */
export function offlineFacts(facts: ScanFacts): ScanFacts {
  return facts.status === "EXPIRED" && facts.slot
    ? { ...facts, status: "RESERVED" }
    : facts;
}

/** The device's outcome of the door's decision. */
export function syncOutcome(
  d: ScanDecision,
): { outcome: SyncOutcome; reason: string } {
  if (d.result === "GREEN") return { outcome: "ACCEPTED", reason: d.reason };
  if (d.reason === "ALREADY_VERIFIED") {
    return { outcome: "DUPLICATE", reason: d.reason };
  }
  return { outcome: "REJECTED", reason: d.reason };
}

/** The kinds of conflict the dashboard shows. */
export type ConflictKind = "DOUBLE_ADMISSION" | "REFUSED_ADMISSION";

/**
 * A scan the device let in (GREEN, direction IN) that the server did not
 * accept: a guest admitted twice, or a guest admitted whom the server
 * refuses. Exits and scans the device itself refused are never conflicts.
 */
export function conflictOf(
  outcome: SyncOutcome,
  offlineResult: ScanResult,
  direction: Direction,
): ConflictKind | null {
  if (direction !== "IN" || offlineResult !== "GREEN") return null;
  if (outcome === "DUPLICATE") return "DOUBLE_ADMISSION";
  if (outcome === "REJECTED") return "REFUSED_ADMISSION";
  return null;
}

/**
 * Whether a refused admission still counts the guest inside (flagged): the
 * guest went in, so the ticket is admitted on its own slot when that slot is
 * on the scan's venue date and the ticket was not admitted yet. Scans whose
 * instant cannot be decided, and tickets of other days, are only flagged.
 */
export function countsInside(
  t: { status: TicketStatus; slot_date: string | null },
  scanDate: string,
  refusal: ScanTimeRefusal | null,
): boolean {
  return refusal === null && t.slot_date === scanDate &&
    (t.status === "RESERVED" || t.status === "EXPIRED");
}
