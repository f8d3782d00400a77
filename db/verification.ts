import {
  AppError,
  type ErrorCode,
  validationFailed,
} from "../domain/errors.ts";
import { decideScan, type ScanDecision } from "../domain/scan_decision.ts";
import { reservationOf, type TicketRow } from "./tickets.ts";
import type { Store } from "./store.ts";
import {
  type ContextOf,
  type DoorRequest,
  type DoorStore,
  passDoor,
  type Scanner,
} from "./door.ts";

export type { ContextOf, Scanner } from "./door.ts";

/** A decided scan; `ticket` is null when the scanner may not see it. */
export interface Scan {
  ticket: TicketRow | null;
  decision: ScanDecision;
}

/** The answer of a verification (API.md "verify-ticket"). */
export interface Verification {
  result: "VERIFIED" | "ALREADY_VERIFIED" | "REENTRY";
  ticket_id: number;
  verified_at: Date;
  verified_by: { id: number; name: string };
  /** The event this request recorded; null when it recorded none (a replayed nonce). */
  recorded: "VERIFIED" | "REENTRY" | "RESCAN" | null;
  /** The slot whose counts this request changed. */
  changed?: { orq: number; slot_id: number };
}

/** What an operator's device sent to verify a ticket. */
export type VerifyRequest = Omit<DoorRequest, "direction" | "gate">;

/** Reads the ticket `code` and decides the scan; another organization's ticket is unknown. */
export async function scanTicket(
  store: Pick<Store, "tickets">,
  code: string | null,
  who: Scanner,
  contextOf: ContextOf,
): Promise<Scan> {
  const row = code ? await store.tickets.load(code) : null;
  return await decideRow(row, who, contextOf);
}

/**
 * Decides the scan of a ticket row already read (null: unknown code) as
 * {@link scanTicket} does; another organization's ticket is unknown.
 */
export async function decideRow(
  row: TicketRow | null,
  who: Scanner,
  contextOf: ContextOf,
): Promise<Scan> {
  const orq = row && who.anyOrg ? row.orq : who.orq;
  const ticket = row && row.orq === orq ? row : null;
  const facts = ticket && { ...ticket, slot: reservationOf(ticket) };
  return { ticket, decision: decideScan(facts, await contextOf(orq)) };
}

/**
 * Admits the ticket `code` if the scan is GREEN now (a first entry, or a
 * re-entry after an exit), through the same path as check-in; answers
 * ALREADY_VERIFIED (recording a RESCAN event) for a verified ticket; throws
 * the RED reason as a 409 otherwise, changing nothing. A nonce already spent
 * in the organization replays its first answer.
 */
export async function verifyTicket(
  store: DoorStore,
  req: VerifyRequest,
  who: Scanner,
  contextOf: ContextOf,
): Promise<Verification> {
  const pass = await passDoor(
    store,
    { ...req, direction: "IN", gate: null },
    who,
    contextOf,
    { recordRefusals: false },
  );
  const a = pass.answer;
  if (a.result === "RED") {
    throw new AppError(a.reason as ErrorCode, { message: a.message });
  }
  if (!a.verified_at || !a.verified_by || pass.ticketId === null) {
    // A YELLOW answer without a first admission: a nonce spent otherwise.
    throw validationFailed({ nonce: "Already used for another request" });
  }
  const result = !a.checked_in
    ? "ALREADY_VERIFIED"
    : a.reason === "REENTRY"
    ? "REENTRY"
    : "VERIFIED";
  return {
    result,
    ticket_id: pass.ticketId,
    verified_at: new Date(a.verified_at),
    verified_by: { id: a.verified_by.id, name: a.verified_by.name ?? "" },
    recorded: pass.recorded === "REFUSED" || pass.recorded === "EXIT"
      ? null
      : pass.recorded,
    changed: pass.changed,
  };
}
