/**
 * Numbers, dates and codes in words for the dashboard; the same text on the
 * server and in every browser, so hydration changes nothing.
 */

import { timeRange as portalTimeRange } from "../portal/format.ts";

/** `12345` as `12,345`. */
export function int(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A fraction as a whole percentage, `0.756` → `76%`; `—` when unknown. */
export function pct(x: number | null): string {
  return x === null ? "—" : `${Math.round(x * 100)}%`;
}

/** A fraction with one decimal, `0.0756` → `7.6%`; `—` when unknown. */
export function pct1(x: number | null): string {
  return x === null ? "—" : `${Math.round(x * 1000) / 10}%`;
}

/** Milliseconds as `42 ms` or `1.3 s`; `—` when unknown. */
export function duration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}

/** `2026-11-26` as `Thursday 26 November 2026` (the portal's wording). */
export { longDate } from "../portal/format.ts";

/** `12:00`–`13:00` with an en dash. */
export function timeRange(s: { start_time: string; end_time: string }): string {
  return portalTimeRange(s.start_time, s.end_time);
}

/** Why reservations failed, in words (API.md error codes and HTTP statuses). */
const REASONS: Record<string, string> = {
  SLOT_FULL: "Slot full",
  SLOT_CLOSED: "Slot closed",
  SLOT_IN_PAST: "Slot already ended",
  SLOT_NOT_FOUND: "Unknown slot",
  TICKET_NOT_FOUND: "Unknown ticket",
  TICKET_NOT_ACTIVATED: "Ticket not paid",
  TICKET_ALREADY_RESERVED: "Ticket already reserved",
  TICKET_ALREADY_VERIFIED: "Ticket already used",
  TICKET_EXPIRED: "Ticket expired",
  VALIDATION_FAILED: "Invalid details",
  RATE_LIMITED: "Rate limited",
  PAYLOAD_TOO_LARGE: "Request too large",
  INTERNAL: "Server error",
};

/** A failure reason in words, with its code. */
export function reasonText(code: string): string {
  const words = REASONS[code] ??
    (/^\d{3}$/.test(code) ? `HTTP ${code}` : code.toLowerCase());
  return words;
}
