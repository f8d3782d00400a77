import { zonedInstant, type ZonedNow, zonedNow } from "./clock.ts";
import type { TicketStatus } from "./ticket_status.ts";
import { slotHasEnded } from "./slot_end.ts";
import {
  expiredMessage,
  reservedFor,
  type SlotTimes,
  wrongDateMessage,
} from "./scan_messages.ts";

/** The operator's colours. */
export type ScanResult = "GREEN" | "RED" | "YELLOW";

/** Which way a guest passes the door. */
export type Direction = "IN" | "OUT";

/** The RED reasons: verify-ticket answers each as a 409 error code (API.md). */
export const RED_REASONS = [
  "WRONG_DATE",
  "NO_RESERVATION",
  "INVALID_TICKET",
  "NOT_PAID",
  "EXPIRED",
  "TOO_EARLY",
  "TOO_LATE",
] as const;

/** Every reason a scan can come out with, in the contract's order. */
export const SCAN_REASONS = [
  "VALID",
  "REENTRY",
  "EXIT",
  ...RED_REASONS,
  "ALREADY_VERIFIED",
  "NOT_INSIDE",
  "CANNOT_CHECK_OFFLINE",
] as const;

/** Why the scan came out as it did (API.md). */
export type ScanReason = typeof SCAN_REASONS[number];

/** The title people read for each reason (API.md "Titles"). */
export const SCAN_TITLES: Readonly<Record<ScanReason, string>> = Object.freeze(
  {
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
  },
);

/** The colour of each reason. */
export const SCAN_RESULTS: Readonly<Record<ScanReason, ScanResult>> = Object
  .freeze({
    VALID: "GREEN",
    REENTRY: "GREEN",
    EXIT: "GREEN",
    WRONG_DATE: "RED",
    NO_RESERVATION: "RED",
    INVALID_TICKET: "RED",
    NOT_PAID: "RED",
    EXPIRED: "RED",
    TOO_EARLY: "RED",
    TOO_LATE: "RED",
    ALREADY_VERIFIED: "YELLOW",
    NOT_INSIDE: "YELLOW",
    CANNOT_CHECK_OFFLINE: "YELLOW",
  });

/** What the scanner needs to know about a ticket. */
export interface ScanFacts {
  orq: number;
  status: TicketStatus;
  slot: SlotTimes | null;
  verified_at: Date | null;
  verified_by_name: string | null;
  /** A VERIFIED ticket's guest is inside (admitted, not scanned out since). */
  inside: boolean;
}

/** The decision, with the story's title and message. */
export interface ScanDecision {
  result: ScanResult;
  reason: ScanReason;
  title: string;
  message: string;
  can_verify: boolean;
}

/** The organization's rules and the moment of a scan, for {@link decideScan}. */
export interface ScanContext {
  /** The operator's organization; other organizations' tickets are INVALID. */
  orq: number;
  /** The instant of the scan. */
  at: Date;
  /** The organization's IANA zone: "today" and every time shown are its. */
  timeZone: string;
  /** Entry opens this many minutes before the slot's start; null = any time that day. */
  entryOpensMinutesBefore: number | null;
  /** Entry closes this many minutes after the start; null = until the slot ends. */
  entryClosesMinutesAfterStart: number | null;
  /** A guest who scanned out may scan in again while the slot is on. */
  allowReentry: boolean;
  /** Entry (validate-ticket, verify-ticket) or exit; default IN. */
  direction?: Direction;
}

function decision(reason: ScanReason, message: string): ScanDecision {
  const result = SCAN_RESULTS[reason];
  return {
    result,
    reason,
    title: SCAN_TITLES[reason],
    message,
    can_verify: result === "GREEN",
  };
}

/** `HH:MM` of `instant` on the venue's clock. */
function wallTime(instant: Date, timeZone: string): string {
  return zonedNow(instant, timeZone).time;
}

/**
 * GREEN / RED / YELLOW for a scanned ticket (API.md "The decision" and
 * "Door"); `ticket` null means the code is unknown.
 */
export function decideScan(
  ticket: ScanFacts | null,
  ctx: ScanContext,
): ScanDecision {
  if (!ticket || ticket.orq !== ctx.orq) {
    return decision(
      "INVALID_TICKET",
      "This code is not a ticket for this venue.",
    );
  }
  const now = zonedNow(ctx.at, ctx.timeZone);
  if (ctx.direction === "OUT") return decideExit(ticket, ctx, now);
  const slot = ticket.slot;
  switch (ticket.status) {
    case "PENDING_PAYMENT":
      return decision("NOT_PAID", "This ticket has not been paid for.");
    case "ACTIVATED":
      return decision("NO_RESERVATION", "Customer must book a time slot first");
    case "VERIFIED":
      return decideVerified(ticket, ctx, now);
    case "EXPIRED":
      return decision("EXPIRED", expiredMessage(slot, now));
    case "RESERVED":
      break;
  }
  if (!slot) {
    return decision("NO_RESERVATION", "Customer must book a time slot first");
  }
  if (slotHasEnded(slot, now)) {
    return decision("EXPIRED", expiredMessage(slot, now));
  }
  if (slot.date !== now.date) {
    return decision("WRONG_DATE", wrongDateMessage(slot, now.date));
  }
  return decideWindow(slot, ctx);
}

/** A RESERVED ticket for today whose slot is on: the entry windows, as instants. */
function decideWindow(slot: SlotTimes, ctx: ScanContext): ScanDecision {
  const opens = ctx.entryOpensMinutesBefore;
  const closes = ctx.entryClosesMinutesAfterStart;
  if (opens !== null || closes !== null) {
    const start = zonedInstant(slot.date, slot.start_time, ctx.timeZone)
      .getTime();
    const at = ctx.at.getTime();
    if (opens !== null && at < start - opens * 60_000) {
      const from = new Date(start - opens * 60_000);
      return decision(
        "TOO_EARLY",
        `Entry from ${wallTime(from, ctx.timeZone)}`,
      );
    }
    if (closes !== null && at >= start + closes * 60_000) {
      const until = new Date(start + closes * 60_000);
      return decision(
        "TOO_LATE",
        `Entry closed at ${wallTime(until, ctx.timeZone)}`,
      );
    }
  }
  return decision(
    "VALID",
    `Reserved for today ${slot.start_time}–${slot.end_time}`,
  );
}

/** A VERIFIED ticket scanned in: inside, or outside after an exit. */
function decideVerified(
  ticket: ScanFacts,
  ctx: ScanContext,
  now: ZonedNow,
): ScanDecision {
  const slot = ticket.slot;
  if (
    !ticket.inside && ctx.allowReentry && slot && slot.date === now.date &&
    !slotHasEnded(slot, now)
  ) {
    return decision(
      "REENTRY",
      `Back in: reserved for today ${slot.start_time}–${slot.end_time}`,
    );
  }
  const at = ticket.verified_at
    ? wallTime(ticket.verified_at, ctx.timeZone)
    : "an earlier time";
  const by = ticket.verified_by_name ? ` by ${ticket.verified_by_name}` : "";
  return decision("ALREADY_VERIFIED", `Verified at ${at}${by}`);
}

/** A scan out: only a guest inside may leave (dates and windows do not apply). */
function decideExit(
  ticket: ScanFacts,
  ctx: ScanContext,
  now: ZonedNow,
): ScanDecision {
  if (ticket.status === "VERIFIED" && ticket.inside) {
    const slot = ticket.slot;
    const back = ctx.allowReentry && slot && slot.date === now.date &&
        !slotHasEnded(slot, now)
      ? `may come back until ${slot.end_time}`
      : "no re-entry";
    return decision("EXIT", `Scanned out: ${back}`);
  }
  if (ticket.status === "VERIFIED") {
    return decision("NOT_INSIDE", "Already scanned out");
  }
  return decision(
    "NOT_INSIDE",
    ticket.slot
      ? `Not admitted yet: ${reservedFor(ticket.slot)}`
      : "Not admitted yet",
  );
}
