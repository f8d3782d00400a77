/**
 * One pass through the door (API.md "Door"), shared by check-in and
 * verify-ticket: the decision, then the admission, re-entry or exit in one
 * transaction of guarded single-row updates (ticket, then slot), or the
 * refusal recorded with its answer. The first try of a GREEN move goes with
 * others' into one transaction (db/door_batches.ts); a request that loses a
 * race to another device reads the ticket again, decides again and applies
 * its move alone.
 */
import type { Db, Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import {
  decideScan,
  type Direction,
  type ScanContext,
  type ScanDecision,
} from "../domain/scan_decision.ts";
import { reservationOf, TICKET_SELECT, type TicketRow } from "./tickets.ts";
import { type DoorAnswer, passAnswer } from "./door_answer.ts";
import type { DoorBatcher } from "./door_batches.ts";
import {
  EVENT_KINDS,
  SLOT_AND_EVENT,
  SLOT_DELTAS,
  TICKET_MOVES,
} from "./door_moves.ts";
import { NonceTaken, replayOf } from "./door_nonce.ts";
import type { Store } from "./store.ts";

/** Who scans: a staff member of `orq`; `anyOrg` for a platform administrator. */
export interface Scanner {
  staffId: number;
  orq: number;
  anyOrg: boolean;
}

/** The scan rules of organization `orq` at the request's instant. */
export type ContextOf = (orq: number) => Promise<ScanContext>;

/** What a door device sent. */
export interface DoorRequest {
  /** Normalised code; null when the text cannot be a code. */
  code: string | null;
  nonce: string | null;
  gate: string | null;
  direction: Direction;
  userAgent: string | null;
  instant: Date;
}

/** The door events a pass may record. */
export type PassKind = "VERIFIED" | "REENTRY" | "EXIT" | "RESCAN" | "REFUSED";

/** The outcome of one pass. */
export interface DoorPass {
  answer: DoorAnswer;
  ticketId: number | null;
  /** The event this request recorded; null when it recorded nothing. */
  recorded: PassKind | null;
  /** The slot whose counts this request changed, after commit. */
  changed?: { orq: number; slot_id: number };
}

/** What a pass uses: the database, the batched ticket reads, and the move batcher if any. */
export type DoorStore = Pick<Store, "db" | "tickets"> & { doors?: DoorBatcher };

/** Options of {@link passDoor}. */
export interface PassOptions {
  /** Record RED answers as REFUSED events (check-in); verify changes nothing. */
  recordRefusals: boolean;
}

/** Attempts before a ticket that keeps changing under the request gives up. */
const ATTEMPTS = 10;

/**
 * Decides the scan of `req.code` as `req.direction` and applies it: GREEN
 * admits (first entry or re-entry) or lets out, YELLOW is recorded as a
 * RESCAN, RED as REFUSED when `opts.recordRefusals`. Unknown codes and other
 * organizations' tickets record nothing. A nonce already spent replays.
 */
export async function passDoor(
  store: DoorStore,
  req: DoorRequest,
  who: Scanner,
  contextOf: ContextOf,
  opts: PassOptions,
): Promise<DoorPass> {
  const { db } = store;
  const row = req.code ? await store.tickets.load(req.code) : null;
  const orq = row && who.anyOrg ? row.orq : who.orq;
  // A spent nonce is found by the write it blocks (the event's unique key);
  // only a request that writes nothing reads it first.
  const replay = () =>
    req.nonce
      ? replayOf(db, orq, req.nonce, {
        code: req.code,
        operation: req.direction,
      })
      : Promise.resolve(null);
  const ctx = { ...await contextOf(orq), direction: req.direction };
  let ticket = row && row.orq === orq ? row : null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const decision = decideScan(
      ticket && { ...ticket, slot: reservationOf(ticket) },
      ctx,
    );
    if (!ticket || (decision.result === "RED" && !opts.recordRefusals)) {
      const first = await replay();
      if (first) return { ...first, recorded: null };
      return {
        answer: passAnswer(ticket, decision, req.direction, false),
        ticketId: ticket?.id ?? null,
        recorded: null,
      };
    }
    try {
      const done = decision.result !== "GREEN"
        ? await note(db, ticket, decision, who, req)
        : attempt === 0 && store.doors
        ? await store.doors.move({ ticket, decision, who, req })
        : await move(db, ticket, decision, who, req);
      if (done) return done;
    } catch (err) {
      if (!(err instanceof NonceTaken)) throw err;
    }
    // Another device changed the ticket first, or this nonce was spent.
    const again = await replay();
    if (again) return { ...again, recorded: null };
    ticket = await reload(db, ticket.id);
  }
  throw new AppError("SERVICE_UNAVAILABLE", {
    message: "This ticket is changing too fast; scan it again.",
  });
}

/** The ticket as committed now, read outside the batched loader. */
async function reload(sql: Sql, id: number): Promise<TicketRow | null> {
  const rows = await sql.query<TicketRow>(`${TICKET_SELECT} WHERE t.id = $1`, [
    id,
  ]);
  return rows[0] ?? null;
}

/** Inserts a door event; null when its nonce is already spent. */
async function insertEvent(
  sql: Sql,
  e: {
    ticket: TicketRow;
    kind: PassKind;
    who: Scanner;
    req: DoorRequest;
    answer: DoorAnswer;
  },
): Promise<number | null> {
  const rows = await sql.query<{ id: number }>(
    `INSERT INTO verification_events
       (orq, ticket_id, reservation_id, staff_id, kind, nonce, user_agent,
        created_at, direction, gate, answer)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb)
     ON CONFLICT (orq, nonce) WHERE nonce IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      e.ticket.orq,
      e.ticket.id,
      e.ticket.reservation_id,
      e.who.staffId,
      e.kind,
      e.req.nonce,
      e.req.userAgent,
      e.req.instant,
      e.req.direction,
      e.req.gate,
      JSON.stringify(e.answer),
    ],
  );
  return rows[0]?.id ?? null;
}

/** A YELLOW or RED answer, kept so that its nonce replays. */
async function note(
  db: Db,
  ticket: TicketRow,
  decision: ScanDecision,
  who: Scanner,
  req: DoorRequest,
): Promise<DoorPass | null> {
  const answer = passAnswer(ticket, decision, req.direction, false);
  const kind = decision.result === "RED" ? "REFUSED" : "RESCAN";
  const id = await insertEvent(db, { ticket, kind, who, req, answer });
  if (id === null) return null;
  return { answer, ticketId: ticket.id, recorded: kind };
}

/**
 * Admits, re-admits or lets out: the ticket (and reservation) first, then
 * the slot's counts and the event, in one transaction. Null when the ticket
 * is no longer in the state decided on (then nothing changed).
 */
async function move(
  db: Db,
  ticket: TicketRow,
  decision: ScanDecision,
  who: Scanner,
  req: DoorRequest,
): Promise<DoorPass | null> {
  const kind = EVENT_KINDS[decision.reason];
  if (!kind) throw new Error(`No door move for ${decision.reason}`);
  return await db.begin(async (tx) => {
    const rows = await tx.query<{
      verified_at: Date;
      verified_by: number;
      name: string | null;
      reservation_id: number | null;
      slot_id: number | null;
    }>(
      TICKET_MOVES[decision.reason],
      kind === "VERIFIED"
        ? [ticket.id, req.instant, who.staffId]
        : [ticket.id, req.instant],
    );
    const moved = rows[0];
    if (!moved) return null;
    if (moved.reservation_id === null || moved.slot_id === null) {
      throw new Error(
        `Ticket ${ticket.id} passed the door without a reservation`,
      );
    }
    const after: TicketRow = {
      ...ticket,
      status: "VERIFIED",
      verified_at: moved.verified_at,
      verified_by: moved.verified_by,
      verified_by_name: moved.name,
      inside: kind !== "EXIT",
      reservation_id: moved.reservation_id,
      slot_id: moved.slot_id,
    };
    const answer = passAnswer(after, decision, req.direction, true);
    const [verified, entries, exits] = SLOT_DELTAS[decision.reason];
    const done = await tx.query<{ slots: number; event_id: number | null }>(
      SLOT_AND_EVENT,
      [
        moved.slot_id,
        verified,
        entries,
        exits,
        req.instant,
        ticket.orq,
        ticket.id,
        moved.reservation_id,
        who.staffId,
        kind,
        req.nonce,
        req.userAgent,
        req.direction,
        req.gate,
        JSON.stringify(answer),
      ],
    );
    if (done[0].slots !== 1) {
      throw new Error(`Slot ${moved.slot_id} of ticket ${ticket.id} is gone`);
    }
    if (done[0].event_id === null) throw new NonceTaken();
    return {
      answer,
      ticketId: ticket.id,
      recorded: kind,
      changed: { orq: ticket.orq, slot_id: moved.slot_id },
    };
  });
}
