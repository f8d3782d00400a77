/** What the door search panel shows, as pure functions of its state. */
import type { Colour, OperatorError } from "./api.ts";
import type { CheckInAnswer, SearchItem } from "./search_api.ts";
import { isDoorQuery } from "../../domain/door_search.ts";

/** Wait after the last key press before searching. */
export const SEARCH_DEBOUNCE_MS = 300;

/** Where the search stands. */
export type SearchPhase =
  | { kind: "idle" }
  | { kind: "searching"; q: string }
  | { kind: "done"; q: string; count: number }
  | { kind: "failed"; error: OperatorError };

/** Whether `q` can be searched for (3+ letters or digits). */
export function searchable(q: string): boolean {
  return isDoorQuery(q);
}

/** The live status line: how many were found, or what to do next. */
export function statusText(phase: SearchPhase, typed: string): string {
  switch (phase.kind) {
    case "idle":
      return typed.trim() && !searchable(typed)
        ? "Type at least 3 letters or digits."
        : "Type part of the ticket code, the email or the phone number.";
    case "searching":
      return "Searching…";
    case "done":
      if (phase.count === 0) return `No booking today matches “${phase.q}”.`;
      return phase.count === 1
        ? "1 booking today."
        : phase.count >= 20
        ? "The first 20 bookings today: type more to narrow."
        : `${phase.count} bookings today.`;
    case "failed":
      return "The search did not work.";
  }
}

/** A sentence for an answer that is not a result. */
export function problemText(e: OperatorError): string {
  if (e.code === "NETWORK") {
    return "No connection to the server. Check the network and try again.";
  }
  if (e.code === "RATE_LIMITED") {
    return `Too many searches and scans in a short time. Wait ${
      e.retryAfter ?? 60
    } seconds and try again.`;
  }
  if (e.code === "FORBIDDEN") {
    return "This account may not search bookings. Sign in as door staff.";
  }
  return `${e.message} (${e.code})`;
}

/** `11:00–12:00`, or a dash when the answer has no slot. */
export function slotText(item: Pick<SearchItem, "reservation">): string {
  const r = item.reservation;
  return r ? `${r.start_time}–${r.end_time}` : "–";
}

/** Whether a result may be admitted from the list: GREEN (a first entry or a re-entry). */
export function mayAdmit(item: Pick<SearchItem, "result" | "ticket">): boolean {
  return item.result === "GREEN" && item.ticket !== null;
}

/** What a row says after "Admit": its colour, title and message. */
export interface AdmitOutcome {
  colour: Colour;
  title: string;
  message: string;
}

/** The row's line after a check-in answered. */
export function admitOutcome(answer: CheckInAnswer): AdmitOutcome {
  if (answer.checked_in) {
    return { colour: "GREEN", title: "ADMITTED", message: answer.message };
  }
  return {
    colour: answer.result,
    title: answer.title,
    message: answer.message,
  };
}
