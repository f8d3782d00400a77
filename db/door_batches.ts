/**
 * Admissions, re-entries and exits by the batch (flat combining, like
 * db/reservation_batches.ts): the GREEN moves decided while earlier batches
 * are in flight go together into one transaction of two statements.
 *
 * One transaction per check-in costs five round trips and a commit each, and
 * a busy slot's row stays locked from its update to that commit, so check-ins
 * queue behind one another at the database. A batch locks its tickets (in id
 * order), checks each move's guard on the locked rows, then records the
 * events, moves the tickets and adds the slots' counts (locked in id order,
 * after the tickets: the lock order of every door and reservation path, so
 * concurrent instances cannot deadlock) with one statement and one commit.
 * A request whose guard no longer holds, whose nonce is already spent, or that
 * shares its ticket or nonce with an earlier request of the batch changes
 * nothing here: it gets null and goes the single path of db/door.ts (read
 * again, decide again).
 */
import type { Db, Sql } from "./client.ts";
import type { ScanDecision } from "../domain/scan_decision.ts";
import { BatchQueue } from "./batch_queue.ts";
import { passAnswer } from "./door_answer.ts";
import type { DoorPass, DoorRequest, Scanner } from "./door.ts";
import { EVENT_KINDS } from "./door_moves.ts";
import type { TicketRow } from "./tickets.ts";

/** A GREEN move decided on `ticket` as it was read. */
export interface DecidedMove {
  ticket: TicketRow;
  decision: ScanDecision;
  who: Scanner;
  req: DoorRequest;
}

interface Waiting extends DecidedMove {
  resolve: (p: DoorPass | null) => void;
  reject: (e: unknown) => void;
}

/** Largest number of moves one transaction applies. */
const MAX_BATCH = 256;
/** Transactions in flight at once; moves arriving meanwhile wait for the next. */
const MAX_IN_FLIGHT = 2;

/** Applies the door's GREEN moves of many requests a transaction at a time. */
export class DoorBatcher {
  #queue = new BatchQueue<Waiting>(
    (batch) => this.#serve(batch),
    MAX_IN_FLIGHT,
    MAX_BATCH,
  );

  constructor(private db: Db) {}

  /**
   * Applies `move` with the moves waiting beside it: its pass when the
   * ticket moved, null when nothing changed for it (the caller decides again).
   */
  move(move: DecidedMove): Promise<DoorPass | null> {
    return new Promise((resolve, reject) =>
      this.#queue.push({ ...move, resolve, reject })
    );
  }

  async #serve(batch: Waiting[]): Promise<void> {
    try {
      const passes = await withRetry(() =>
        this.db.begin((tx) => applyMoves(tx, batch))
      );
      batch.forEach((w, i) => w.resolve(passes[i]));
    } catch (err) {
      // A batch that keeps losing to deadlocks: each request alone instead.
      if (isConflict(err)) { for (const w of batch) w.resolve(null); }
      else for (const w of batch) w.reject(err);
    }
  }
}

function isConflict(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "40P01" || code === "40001";
}

async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0;; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt < 2 && isConflict(err)) continue;
      throw err;
    }
  }
}

/** A ticket as locked by the batch, with its reservation's status. */
interface LockedRow extends TicketRow {
  reservation_status: string | null;
  /** Names of the batch's scanners by id (the same on every row). */
  scanners: Record<string, string | null> | null;
}

const LOCK_TICKETS = `
  SELECT t.id, t.orq, t.code, t.status, t.order_ref, t.expires_at,
         t.verified_at, t.verified_by, st.name AS verified_by_name,
         t.inside, t.customer_email, t.customer_phone,
         r.id AS reservation_id, r.status AS reservation_status,
         s.id AS slot_id, s.date AS slot_date,
         to_char(s.start_time, 'HH24:MI') AS slot_start,
         to_char(s.end_time, 'HH24:MI') AS slot_end,
         (SELECT json_object_agg(id, name) FROM staff
           WHERE id = ANY($2::int[])) AS scanners
    FROM tickets t
    LEFT JOIN ticket_reservations r
      ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
    LEFT JOIN reservation_slots s ON s.id = r.slot_id
    LEFT JOIN staff st ON st.id = t.verified_by
   WHERE t.id = ANY($1::int[])
   ORDER BY t.id
     FOR UPDATE OF t`;

/**
 * The events first (a spent nonce inserts nothing, so its ticket does not
 * move), then the tickets and first admissions' reservations of the events
 * inserted, then the slots' counts summed per slot. The guards are those of
 * db/door_moves.ts TICKET_MOVES; they hold (the tickets are locked and were
 * checked), and the counts returned prove it.
 */
const APPLY_MOVES = `
  WITH req AS (
    SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[],
                         $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::text[], $11::text[], $12::text[])
      WITH ORDINALITY AS x(ticket_id, orq, reservation_id, slot_id, staff_id,
                           kind, nonce, user_agent, at, direction, gate, answer, ord)),
  ev AS (
    INSERT INTO verification_events
      (orq, ticket_id, reservation_id, staff_id, kind, nonce, user_agent,
       created_at, direction, gate, answer)
    SELECT orq, ticket_id, reservation_id, staff_id, kind, nonce, user_agent,
           at::timestamptz, direction, gate, answer::jsonb
      FROM req ORDER BY ord
    ON CONFLICT (orq, nonce) WHERE nonce IS NOT NULL DO NOTHING
    RETURNING ticket_id),
  won AS (SELECT req.* FROM req JOIN ev USING (ticket_id)),
  t AS (
    UPDATE tickets t
       SET status = 'VERIFIED',
           verified_at = CASE WHEN won.kind = 'VERIFIED'
                              THEN won.at::timestamptz ELSE t.verified_at END,
           verified_by = CASE WHEN won.kind = 'VERIFIED'
                              THEN won.staff_id ELSE t.verified_by END,
           inside = won.kind <> 'EXIT', updated_at = won.at::timestamptz
      FROM won
     WHERE t.id = won.ticket_id
       AND CASE won.kind
             WHEN 'VERIFIED' THEN t.status = 'RESERVED'
             WHEN 'REENTRY' THEN t.status = 'VERIFIED' AND NOT t.inside
             ELSE t.status = 'VERIFIED' AND t.inside END
    RETURNING t.id),
  r AS (
    UPDATE ticket_reservations r
       SET status = 'VERIFIED', verified_at = won.at::timestamptz,
           verified_by = won.staff_id, updated_at = won.at::timestamptz
      FROM won
     WHERE won.kind = 'VERIFIED' AND r.id = won.reservation_id
       AND r.status = 'RESERVED'
    RETURNING r.id),
  d AS (
    SELECT slot_id,
           count(*) FILTER (WHERE kind = 'VERIFIED')::int AS verified,
           count(*) FILTER (WHERE kind <> 'EXIT')::int AS entries,
           count(*) FILTER (WHERE kind = 'EXIT')::int AS exits,
           max(at::timestamptz) AS at
      FROM won GROUP BY slot_id),
  sl AS (
    SELECT s.id FROM reservation_slots s
     WHERE s.id IN (SELECT slot_id FROM d)
     ORDER BY s.id FOR UPDATE),
  s AS (
    UPDATE reservation_slots s
       SET verified_count = s.verified_count + d.verified,
           entries_count = s.entries_count + d.entries,
           exits_count = s.exits_count + d.exits, updated_at = d.at
      FROM d JOIN sl ON sl.id = d.slot_id
     WHERE s.id = d.slot_id
    RETURNING s.id)
  SELECT (SELECT array_agg(ticket_id) FROM won) AS won,
         (SELECT count(*) FROM won WHERE kind = 'VERIFIED')::int AS firsts,
         (SELECT count(*) FROM t)::int AS tickets,
         (SELECT count(*) FROM r)::int AS reservations,
         (SELECT count(*) FROM d)::int AS slots_wanted,
         (SELECT count(*) FROM s)::int AS slots`;

/** Whether the locked ticket is still in the state `reason` was decided on. */
function guardHolds(reason: string, t: LockedRow): boolean {
  switch (reason) {
    case "VALID":
      return t.status === "RESERVED" && t.reservation_status === "RESERVED";
    case "REENTRY":
      return t.status === "VERIFIED" && !t.inside;
    case "EXIT":
      return t.status === "VERIFIED" && t.inside;
    default:
      return false;
  }
}

/** A move whose guard holds on the locked ticket, with its answer. */
interface Mover {
  index: number;
  move: DecidedMove;
  kind: string;
  after: TicketRow;
  answer: ReturnType<typeof passAnswer>;
}

/**
 * Applies the moves of `batch` in the transaction `tx`: a pass for each
 * request whose ticket moved, null for the others (nothing changed for them).
 */
export async function applyMoves(
  tx: Sql,
  batch: DecidedMove[],
): Promise<(DoorPass | null)[]> {
  const passes: (DoorPass | null)[] = batch.map(() => null);
  // The first request of each ticket and of each nonce competes.
  const tickets = new Set<number>();
  const nonces = new Set<string>();
  const first: number[] = [];
  batch.forEach((m, i) => {
    const nonce = m.req.nonce === null
      ? null
      : `${m.ticket.orq} ${m.req.nonce}`;
    if (tickets.has(m.ticket.id) || (nonce && nonces.has(nonce))) return;
    tickets.add(m.ticket.id);
    if (nonce) nonces.add(nonce);
    first.push(i);
  });
  const locked = await tx.query<LockedRow>(LOCK_TICKETS, [
    [...tickets].sort((a, b) => a - b),
    [...new Set(first.map((i) => batch[i].who.staffId))],
  ]);
  const byId = new Map(locked.map((t) => [t.id, t]));
  const scanners = locked[0]?.scanners ?? {};
  const movers: Mover[] = [];
  for (const index of first) {
    const move = batch[index];
    const now = byId.get(move.ticket.id);
    const kind = EVENT_KINDS[move.decision.reason];
    if (
      !now || !kind || !guardHolds(move.decision.reason, now) ||
      now.slot_id === null || now.reservation_id === null ||
      now.slot_id !== move.ticket.slot_id
    ) continue;
    const admits = kind === "VERIFIED";
    const { reservation_status: _r, scanners: _s, ...row } = now;
    const after: TicketRow = {
      ...row,
      status: "VERIFIED",
      verified_at: admits ? move.req.instant : now.verified_at,
      verified_by: admits ? move.who.staffId : now.verified_by,
      verified_by_name: admits
        ? scanners[String(move.who.staffId)] ?? null
        : now.verified_by_name,
      inside: kind !== "EXIT",
    };
    const answer = passAnswer(after, move.decision, move.req.direction, true);
    movers.push({ index, move, kind, after, answer });
  }
  if (movers.length === 0) return passes;
  const col = <T>(f: (m: Mover) => T) => movers.map(f);
  const [done] = await tx.query<{
    won: number[] | null;
    firsts: number;
    tickets: number;
    reservations: number;
    slots_wanted: number;
    slots: number;
  }>(APPLY_MOVES, [
    col((m) => m.after.id),
    col((m) => m.after.orq),
    col((m) => m.after.reservation_id),
    col((m) => m.after.slot_id),
    col((m) => m.move.who.staffId),
    col((m) => m.kind),
    col((m) => m.move.req.nonce),
    col((m) => m.move.req.userAgent),
    col((m) => m.move.req.instant.toISOString()),
    col((m) => m.move.req.direction),
    col((m) => m.move.req.gate),
    col((m) => JSON.stringify(m.answer)),
  ]);
  const won = new Set(done.won ?? []);
  if (
    done.tickets !== won.size || done.reservations !== done.firsts ||
    done.slots !== done.slots_wanted
  ) {
    throw new Error(
      `Door batch out of step: ${won.size} events, ${done.tickets} tickets, ` +
        `${done.reservations}/${done.firsts} reservations, ` +
        `${done.slots}/${done.slots_wanted} slots`,
    );
  }
  for (const m of movers) {
    if (!won.has(m.after.id)) continue; // its nonce was already spent
    passes[m.index] = {
      answer: m.answer,
      ticketId: m.after.id,
      recorded: EVENT_KINDS[m.move.decision.reason],
      changed: { orq: m.after.orq, slot_id: m.after.slot_id! },
    };
  }
  return passes;
}
