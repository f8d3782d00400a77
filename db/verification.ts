import type { Db, Sql } from "./client.ts";
import {
  AppError,
  type ErrorCode,
  validationFailed,
} from "../domain/errors.ts";
import {
  decideScan,
  type ScanContext,
  type ScanDecision,
} from "../domain/scan_decision.ts";
import { reservationOf, type TicketRow } from "./tickets.ts";
import type { Store } from "./store.ts";

/** Who scans: a staff member of `orq`; `anyOrg` for a platform administrator. */
export interface Scanner {
  staffId: number;
  orq: number;
  anyOrg: boolean;
}

/** The scan rules of organization `orq` at the request's instant. */
export type ContextOf = (orq: number) => Promise<ScanContext>;

/** A decided scan; `ticket` is null when the scanner may not see it. */
export interface Scan {
  ticket: TicketRow | null;
  decision: ScanDecision;
}

/** The answer of a verification (API.md "verify-ticket"). */
export interface Verification {
  result: "VERIFIED" | "ALREADY_VERIFIED";
  ticket_id: number;
  verified_at: Date;
  verified_by: { id: number; name: string };
  /** Whether this request wrote an event (false for a replayed nonce). */
  recorded: boolean;
  /** The slot whose verified_count this request raised (a real RESERVED → VERIFIED). */
  changed?: { orq: number; slot_id: number };
}

/** What an operator's device sent to verify a ticket. */
export interface VerifyRequest {
  /** Normalised code; null when the text cannot be a code. */
  code: string | null;
  nonce: string | null;
  userAgent: string | null;
  instant: Date;
}

/** Reads the ticket `code` and decides the scan; another organization's ticket is unknown. */
export async function scanTicket(
  store: Pick<Store, "tickets">,
  code: string | null,
  who: Scanner,
  contextOf: ContextOf,
): Promise<Scan> {
  const row = code ? await store.tickets.load(code) : null;
  const orq = row && who.anyOrg ? row.orq : who.orq;
  const ticket = row && row.orq === orq ? row : null;
  const facts = ticket && { ...ticket, slot: reservationOf(ticket) };
  return { ticket, decision: decideScan(facts, await contextOf(orq)) };
}

/**
 * Verifies the ticket `code` if the scan is GREEN now; answers ALREADY_VERIFIED
 * (recording a RESCAN event) for a verified ticket; throws the RED reason as a
 * 409 otherwise. A nonce already used in the organization replays its answer.
 */
export async function verifyTicket(
  store: Pick<Store, "db" | "tickets">,
  req: VerifyRequest,
  who: Scanner,
  contextOf: ContextOf,
): Promise<Verification> {
  const { db } = store;
  const replay = req.nonce ? await replayOf(db, who, req) : null;
  if (replay) return replay;
  let scan = await scanTicket(store, req.code, who, contextOf);
  if (scan.decision.result === "GREEN") {
    const done = await transition(db, scan.ticket!, who, req);
    if (done) return done;
    // Another device won the race, or this nonce was just used: read again.
    const again = req.nonce ? await replayOf(db, who, req) : null;
    if (again) return again;
    scan = await scanTicket(store, req.code, who, contextOf);
  }
  if (scan.decision.reason === "ALREADY_VERIFIED") {
    return await rescan(db, scan.ticket!, who, req);
  }
  if (scan.decision.result === "GREEN") {
    throw new Error(
      `Ticket ${scan.ticket!.id} stayed RESERVED after verifying`,
    );
  }
  throw new AppError(scan.decision.reason as ErrorCode, {
    message: scan.decision.message,
  });
}

class NonceTaken extends Error {}

/**
 * RESERVED → VERIFIED for ticket and reservation, the slot's verified_count
 * + 1 and a VERIFIED event, in one guarded statement. Null when the ticket is
 * no longer RESERVED or the nonce is taken (then nothing changed).
 */
async function transition(
  db: Db,
  ticket: TicketRow,
  who: Scanner,
  req: VerifyRequest,
): Promise<Verification | null> {
  try {
    return await db.begin(async (tx) => {
      const rows = await tx.query<{
        verified_at: Date;
        name: string;
        reservation_id: number | null;
        slots: number;
        event_id: number | null;
      }>(
        `WITH t AS (
           UPDATE tickets SET status = 'VERIFIED', verified_at = $2::timestamptz,
                  verified_by = $3::int, inside = true, updated_at = $2::timestamptz
            WHERE id = $1 AND status = 'RESERVED'
            RETURNING id, orq, verified_at),
         r AS (
           UPDATE ticket_reservations SET status = 'VERIFIED', verified_at = $2::timestamptz,
                  verified_by = $3::int, updated_at = $2::timestamptz
            WHERE ticket_id IN (SELECT id FROM t) AND status = 'RESERVED'
            RETURNING id, slot_id),
         s AS (
           UPDATE reservation_slots SET verified_count = verified_count + 1,
                  entries_count = entries_count + 1, updated_at = $2::timestamptz
            WHERE id IN (SELECT slot_id FROM r)
            RETURNING id),
         e AS (
           INSERT INTO verification_events
             (orq, ticket_id, reservation_id, staff_id, kind, nonce, user_agent, created_at)
           SELECT t.orq, t.id, r.id, $3::int, 'VERIFIED', $4::text, $5::text, $2::timestamptz
             FROM t CROSS JOIN r
           ON CONFLICT (orq, nonce) WHERE nonce IS NOT NULL DO NOTHING
           RETURNING id)
         SELECT t.verified_at,
                (SELECT name FROM staff WHERE id = $3::int) AS name,
                (SELECT id FROM r) AS reservation_id,
                (SELECT count(*)::int FROM s) AS slots,
                (SELECT id FROM e) AS event_id
           FROM t`,
        [ticket.id, req.instant, who.staffId, req.nonce, req.userAgent],
      );
      const row = rows[0];
      if (!row) return null;
      if (row.reservation_id === null || row.slots !== 1) {
        throw new Error(
          `Ticket ${ticket.id} is RESERVED without a reservation`,
        );
      }
      if (row.event_id === null) throw new NonceTaken();
      return {
        result: "VERIFIED" as const,
        ticket_id: ticket.id,
        verified_at: row.verified_at,
        verified_by: { id: who.staffId, name: row.name },
        recorded: true,
        changed: { orq: ticket.orq, slot_id: ticket.slot_id! },
      };
    });
  } catch (err) {
    if (err instanceof NonceTaken) return null;
    throw err;
  }
}

/** Records a re-scan of a verified ticket; answers with its first verification. */
async function rescan(
  db: Db,
  ticket: TicketRow,
  who: Scanner,
  req: VerifyRequest,
): Promise<Verification> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO verification_events
       (orq, ticket_id, reservation_id, staff_id, kind, nonce, user_agent, created_at)
     VALUES ($1, $2, $3, $4, 'RESCAN', $5, $6, $7)
     ON CONFLICT (orq, nonce) WHERE nonce IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      ticket.orq,
      ticket.id,
      ticket.reservation_id,
      who.staffId,
      req.nonce,
      req.userAgent,
      req.instant,
    ],
  );
  if (rows.length === 0) {
    const replay = await replayOf(db, who, req);
    if (replay) return replay;
  }
  return {
    result: "ALREADY_VERIFIED",
    ticket_id: ticket.id,
    verified_at: ticket.verified_at!,
    verified_by: {
      id: ticket.verified_by!,
      name: ticket.verified_by_name ?? "",
    },
    recorded: rows.length > 0,
  };
}

/**
 * The answer already given to `nonce` in the scanner's organization, or null when it is
 * new; 400 when the nonce was used for another ticket.
 */
async function replayOf(
  sql: Sql,
  who: Scanner,
  req: VerifyRequest,
): Promise<Verification | null> {
  const rows = await sql.query<{
    kind: string;
    ticket_id: number;
    code: string;
    verified_at: Date;
    verified_by: number;
    name: string | null;
  }>(
    `SELECT e.kind, e.ticket_id, t.code, t.verified_at, t.verified_by, st.name
       FROM verification_events e
       JOIN tickets t ON t.id = e.ticket_id
       LEFT JOIN staff st ON st.id = t.verified_by
      WHERE (e.orq = $1 OR $3::boolean) AND e.nonce = $2
      ORDER BY e.id LIMIT 1`,
    [who.orq, req.nonce, who.anyOrg],
  );
  const e = rows[0];
  if (!e) return null;
  if (e.code !== req.code) {
    throw validationFailed({ nonce: "Already used for another ticket" });
  }
  return {
    result: e.kind === "VERIFIED" ? "VERIFIED" : "ALREADY_VERIFIED",
    ticket_id: e.ticket_id,
    verified_at: e.verified_at,
    verified_by: { id: e.verified_by, name: e.name ?? "" },
    recorded: false,
  };
}
