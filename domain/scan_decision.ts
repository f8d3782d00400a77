import { type ZonedNow, zonedNow } from "./clock.ts";
import type { TicketStatus } from "./ticket_status.ts";
import { slotHasEnded } from "./slot_end.ts";

/** The operator's colours. */
export type ScanResult = "GREEN" | "RED" | "YELLOW";

/** The RED reasons: verify-ticket answers each as a 409 error code (API.md). */
export const RED_REASONS = [
  "WRONG_DATE",
  "NO_RESERVATION",
  "INVALID_TICKET",
  "NOT_PAID",
  "EXPIRED",
  "TOO_EARLY",
] as const;

/** Every reason a scan can come out with, in the contract's order. */
export const SCAN_REASONS = [
  "VALID",
  ...RED_REASONS,
  "ALREADY_VERIFIED",
] as const;

/** Why the scan came out as it did (API.md). */
export type ScanReason = typeof SCAN_REASONS[number];

/** What the scanner needs to know about a ticket. */
export interface ScanFacts {
  orq: number;
  status: TicketStatus;
  slot: { date: string; start_time: string; end_time: string } | null;
  verified_at: Date | null;
  verified_by_name: string | null;
}

/** The decision, with the story's title and message. */
export interface ScanDecision {
  result: ScanResult;
  reason: ScanReason;
  title: string;
  message: string;
  can_verify: boolean;
}

/** Options for {@link decideScan}. */
export interface ScanContext {
  /** The operator's organization; other organizations' tickets are INVALID. */
  orq: number;
  /** Wall clock in the organization's zone. */
  now: ZonedNow;
  timeZone: string;
  /** Entry opens this many minutes before the slot's start; null = any time that day. */
  entryOpensMinutesBefore: number | null;
}

function decision(
  result: ScanResult,
  reason: ScanReason,
  title: string,
  message: string,
): ScanDecision {
  return { result, reason, title, message, can_verify: result === "GREEN" };
}

function minutes(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h * 60 + m;
}

function clock(total: number): string {
  const t = Math.max(0, total);
  return `${String(Math.floor(t / 60)).padStart(2, "0")}:${
    String(t % 60).padStart(2, "0")
  }`;
}

/**
 * GREEN / RED / YELLOW for a scanned ticket (API.md "The decision"); `ticket`
 * null means the code is unknown.
 */
export function decideScan(
  ticket: ScanFacts | null,
  ctx: ScanContext,
): ScanDecision {
  if (!ticket || ticket.orq !== ctx.orq) {
    return decision(
      "RED",
      "INVALID_TICKET",
      "INVALID TICKET",
      "This code is not a ticket for this venue.",
    );
  }
  const slot = ticket.slot;
  switch (ticket.status) {
    case "PENDING_PAYMENT":
      return decision(
        "RED",
        "NOT_PAID",
        "NOT PAID",
        "This ticket has not been paid for.",
      );
    case "ACTIVATED":
      return decision(
        "RED",
        "NO_RESERVATION",
        "NO RESERVATION",
        "Customer must book a time slot first",
      );
    case "VERIFIED": {
      const at = ticket.verified_at
        ? zonedNow(ticket.verified_at, ctx.timeZone).time
        : "an earlier time";
      const by = ticket.verified_by_name
        ? ` by ${ticket.verified_by_name}`
        : "";
      return decision(
        "YELLOW",
        "ALREADY_VERIFIED",
        "ALREADY VERIFIED",
        `Verified at ${at}${by}`,
      );
    }
    case "EXPIRED":
      return decision(
        "RED",
        "EXPIRED",
        "EXPIRED",
        slot
          ? `Reserved for ${slot.date} ${slot.start_time}–${slot.end_time}, which has ended`
          : "This ticket has expired.",
      );
    case "RESERVED":
      break;
  }
  if (!slot) {
    return decision(
      "RED",
      "NO_RESERVATION",
      "NO RESERVATION",
      "Customer must book a time slot first",
    );
  }
  if (slotHasEnded(slot, ctx.now)) {
    return decision(
      "RED",
      "EXPIRED",
      "EXPIRED",
      `Reserved for ${slot.date} ${slot.start_time}–${slot.end_time}, which has ended`,
    );
  }
  if (slot.date !== ctx.now.date) {
    return decision(
      "RED",
      "WRONG_DATE",
      "WRONG DATE",
      `Reserved for ${slot.date}`,
    );
  }
  if (ctx.entryOpensMinutesBefore !== null) {
    const opens = minutes(slot.start_time) - ctx.entryOpensMinutesBefore;
    if (minutes(ctx.now.time) < opens) {
      return decision(
        "RED",
        "TOO_EARLY",
        "TOO EARLY",
        `Entry from ${clock(opens)}`,
      );
    }
  }
  return decision(
    "GREEN",
    "VALID",
    "VALID TICKET",
    `Reserved for today ${slot.start_time}–${slot.end_time}`,
  );
}
