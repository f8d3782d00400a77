/**
 * The door's decision with no network (API.md "Offline scanning"): from a
 * signed payload, whether its signature held, the offline kit's revocations
 * and verified set, and this device's own scans, in the order of
 * validate-ticket. The rules after the signature are the online ones
 * ({@link decideScan}), fed with what the payload and the kit know.
 */
import { zonedNow } from "./clock.ts";
import {
  decideScan,
  type Direction,
  SCAN_RESULTS,
  SCAN_TITLES,
  type ScanDecision,
  type ScanReason,
} from "./scan_decision.ts";
import type { SlotTimes } from "./scan_messages.ts";
import type { SignedClaims } from "./signed_payload.ts";

/** The organization's rules the kit carries. */
export interface OfflineRules {
  orq: number;
  timezone: string;
  entry_opens_minutes_before: number | null;
  entry_closes_minutes_after_start: number | null;
  allow_reentry: boolean;
}

/** What the device knows of a ticket's door state (kit plus its own scans). */
export interface OfflineDoorState {
  /** Admitted today (the kit's verified set or this device). */
  verified: boolean;
  /** Inside now. */
  inside: boolean;
  /** When this device admitted it, if it did. */
  verifiedAt: Date | null;
  verifiedByName: string | null;
}

/** What an offline scan is decided from. */
export interface OfflineScan {
  /** The payload's claims; null for a typed or unsigned code. */
  claims: SignedClaims | null;
  /** The signature held under a trusted key of the kit. */
  signatureValid: boolean;
  /** The signature's hash is on the kit's revocation list. */
  revoked: boolean;
  state: OfflineDoorState;
  rules: OfflineRules;
  at: Date;
  direction: Direction;
}

/** An offline answer: the decision, and the stored code the payload names. */
export interface OfflineDecision extends ScanDecision {
  offline: true;
  code: string | null;
  slot: SlotTimes | null;
}

function answer(
  reason: ScanReason,
  message: string,
  code: string | null,
  slot: SlotTimes | null,
): OfflineDecision {
  const result = SCAN_RESULTS[reason];
  return {
    result,
    reason,
    title: SCAN_TITLES[reason],
    message,
    can_verify: false,
    offline: true,
    code,
    slot,
  };
}

/** A payload's slot on the venue's wall clock (an end at the next midnight reads 24:00). */
export function slotOfClaims(
  claims: SignedClaims,
  timeZone: string,
): SlotTimes {
  const start = zonedNow(new Date(claims.s * 1000), timeZone);
  const end = zonedNow(new Date(claims.e * 1000), timeZone);
  return {
    date: start.date,
    start_time: start.time,
    end_time: end.date > start.date && end.time === "00:00"
      ? "24:00"
      : end.time,
  };
}

/** GREEN / RED / YELLOW for a scan made with no network. */
export function decideOffline(scan: OfflineScan): OfflineDecision {
  const { claims } = scan;
  if (!claims) {
    return answer(
      "CANNOT_CHECK_OFFLINE",
      "Typed codes need the network: scan the ticket's QR code.",
      null,
      null,
    );
  }
  if (!scan.signatureValid) {
    return answer(
      "INVALID_TICKET",
      "This QR code is not a genuine ticket of this venue.",
      null,
      null,
    );
  }
  const slot = slotOfClaims(claims, scan.rules.timezone);
  if (scan.revoked) {
    return answer(
      "INVALID_TICKET",
      "This QR code was replaced (the visit moved or was cancelled): ask for the current one.",
      claims.c,
      slot,
    );
  }
  const decided = decideScan(
    {
      orq: claims.o,
      status: scan.state.verified ? "VERIFIED" : "RESERVED",
      slot,
      verified_at: scan.state.verifiedAt,
      verified_by_name: scan.state.verifiedByName,
      inside: scan.state.inside,
    },
    {
      orq: scan.rules.orq,
      at: scan.at,
      timeZone: scan.rules.timezone,
      entryOpensMinutesBefore: scan.rules.entry_opens_minutes_before,
      entryClosesMinutesAfterStart: scan.rules.entry_closes_minutes_after_start,
      allowReentry: scan.rules.allow_reentry,
      direction: scan.direction,
    },
  );
  return { ...decided, offline: true, code: claims.c, slot };
}
