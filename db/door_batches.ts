/**
 * Admissions, re-entries and exits by the batch (flat combining, like
 * db/reservation_batches.ts): the GREEN moves decided while earlier batches
 * are in flight go together into one statement (its own transaction).
 *
 * One transaction per check-in costs five round trips and a commit each, and
 * a busy slot's row stays locked from its update to that commit, so check-ins
 * queue behind one another at the database. A batch locks its tickets (in id
 * order), keeps the moves whose guard holds on the locked rows, records their
 * events, moves their tickets and adds the slots' counts (locked in id order,
 * after the tickets, the lock order of every door and reservation path; a
 * deadlock is retried, then each request goes alone) with one statement and
 * one commit.
 * A request whose guard no longer holds, whose nonce is already spent, or that
 * shares its ticket or nonce with an earlier request of the batch changes
 * nothing here: it gets null and goes the single path of db/door.ts (read
 * again, decide again).
 */
import type { Db, Sql } from "./client.ts";
import type { ScanDecision } from "../domain/scan_decision.ts";
import { type Pending, SettlingQueue } from "./batch_queue.ts";
import { isConflict, retryConflicts } from "./conflicts.ts";
import { passAnswer } from "./door_answer.ts";
import type { DoorPass, DoorRequest, PassKind, Scanner } from "./door.ts";
import { EVENT_KINDS } from "./door_moves.ts";
import type { TicketRow } from "./tickets.ts";

/** A GREEN move decided on `ticket` as it was read. */
export interface DecidedMove {
  ticket: TicketRow;
  decision: ScanDecision;
  who: Scanner;
  req: DoorRequest;
}

type Waiting = Pending<DecidedMove, DoorPass | null>;

/** Largest number of moves one transaction applies. */
const MAX_BATCH = 256;
/** Transactions in flight at once; moves arriving meanwhile wait for the next. */
const MAX_IN_FLIGHT = 2;

/** Applies the door's GREEN moves of many requests a statement at a time. */
export class DoorBatcher {
  #queue = new SettlingQueue<DecidedMove, DoorPass | null>(
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
    return this.#queue.submit(move);
  }

  async #serve(batch: Waiting[]): Promise<void> {
    try {
      const passes = await retryConflicts(() => applyMoves(this.db, batch), 3);
      batch.forEach((w, i) => w.resolve(passes[i]));
    } catch (err) {
      // A batch that keeps losing to deadlocks, or whose moves did not all
      // apply (it changed nothing): each request alone instead.
      if (isConflict(err) || isOutOfStep(err)) {
        for (const w of batch) w.resolve(null);
      } else for (const w of batch) w.reject(err);
    }
  }
}

function isOutOfStep(err: unknown): boolean {
  return String((err as { message?: string })?.message).includes(
    OUT_OF_STEP.slice(1, -1),
  );
}

/** The start of the error that fails a batch whose moves did not all apply. */
const OUT_OF_STEP = "'door batch out of step: '";

/**
 * One statement for the whole batch, so one commit and no transaction kept
 * open between round trips (a busy slot's row is locked only while it runs). It locks the batch's tickets (in id
 * order) and keeps the requests whose ticket is still in the state decided
 * on: the guards of db/door_moves.ts TICKET_MOVES, the same reservation and
 * slot, and for a re-entry or exit the same first admission (the answer shows
 * it). It inserts their events first, so a spent nonce inserts nothing and
 * its ticket does not move; then it moves the tickets (and first admissions'
 * reservations) of the events inserted, and adds the slots' counts summed per
 * slot, the slots locked in id order after the tickets. The verifier's name
 * in each answer is read here; the counts returned prove every move applied.
 */
const APPLY_MOVES = `
  WITH req AS (
    SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[],
                         $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::text[], $11::text[], $12::text[], $13::text[],
                         $14::int[])
      WITH ORDINALITY AS x(ticket_id, orq, reservation_id, slot_id, staff_id,
                           kind, nonce, user_agent, at, direction, gate, answer,
                           verified_at, verified_by, ord)),
  locked AS (
    SELECT t.id, t.status, t.inside, t.verified_at, t.verified_by
      FROM tickets t
     WHERE t.id IN (SELECT ticket_id FROM req)
     ORDER BY t.id FOR UPDATE),
  ok AS (
    SELECT req.* FROM req
      JOIN locked l ON l.id = req.ticket_id
      JOIN ticket_reservations r
        ON r.id = req.reservation_id AND r.ticket_id = req.ticket_id
       AND r.slot_id = req.slot_id
     WHERE CASE req.kind
             WHEN 'VERIFIED' THEN l.status = 'RESERVED' AND r.status = 'RESERVED'
             WHEN 'REENTRY' THEN l.status = 'VERIFIED' AND NOT l.inside
                                 AND r.status <> 'CANCELLED'
             ELSE l.status = 'VERIFIED' AND l.inside AND r.status <> 'CANCELLED'
           END
       AND (req.kind = 'VERIFIED' OR (
             l.verified_by IS NOT DISTINCT FROM req.verified_by AND
             date_trunc('milliseconds', l.verified_at)
               IS NOT DISTINCT FROM req.verified_at::timestamptz))),
  ev AS (
    INSERT INTO verification_events
      (orq, ticket_id, reservation_id, staff_id, kind, nonce, user_agent,
       created_at, direction, gate, answer)
    SELECT ok.orq, ok.ticket_id, ok.reservation_id, ok.staff_id, ok.kind,
           ok.nonce, ok.user_agent, ok.at::timestamptz, ok.direction, ok.gate,
           jsonb_set(ok.answer::jsonb, '{verified_by,name}',
                     coalesce(to_jsonb(st.name), 'null'::jsonb))
      FROM ok
      LEFT JOIN staff st ON st.id = CASE WHEN ok.kind = 'VERIFIED'
                                         THEN ok.staff_id ELSE ok.verified_by END
     ORDER BY ok.ord
    ON CONFLICT (orq, nonce) WHERE nonce IS NOT NULL DO NOTHING
    RETURNING ticket_id, answer -> 'verified_by' ->> 'name' AS name),
  won AS (SELECT ok.* FROM ok JOIN ev USING (ticket_id)),
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
  SELECT won,
         -- Not every move applied: fail the statement, so nothing commits.
         CASE WHEN tickets <> events OR reservations <> firsts OR slots <> slots_wanted
              THEN (${OUT_OF_STEP} || tickets || '/' || events || ' tickets, ' ||
                    reservations || '/' || firsts || ' reservations, ' ||
                    slots || '/' || slots_wanted || ' slots')::int
         END AS out_of_step
    FROM (SELECT (SELECT json_agg(json_build_array(ticket_id, name)) FROM ev) AS won,
                 (SELECT count(*) FROM ev) AS events,
                 (SELECT count(*) FROM won WHERE kind = 'VERIFIED') AS firsts,
                 (SELECT count(*) FROM t) AS tickets,
                 (SELECT count(*) FROM r) AS reservations,
                 (SELECT count(*) FROM d) AS slots_wanted,
                 (SELECT count(*) FROM s) AS slots) counts`;

/** A move with the answer it gives if its ticket is as decided on. */
interface Mover {
  index: number;
  move: DecidedMove;
  kind: PassKind;
  after: TicketRow;
  answer: ReturnType<typeof passAnswer>;
}

/**
 * Applies the moves of `batch` with one statement: a pass for each request
 * whose ticket moved, null for the others (nothing changed for them).
 */
export async function applyMoves(
  sql: Sql,
  batch: DecidedMove[],
): Promise<(DoorPass | null)[]> {
  const passes: (DoorPass | null)[] = batch.map(() => null);
  // The first request of each ticket and of each nonce competes.
  const tickets = new Set<number>();
  const nonces = new Set<string>();
  const movers: Mover[] = [];
  batch.forEach((move, index) => {
    const { ticket, decision, who, req } = move;
    const nonce = req.nonce === null ? null : `${ticket.orq} ${req.nonce}`;
    const kind = EVENT_KINDS[decision.reason];
    if (tickets.has(ticket.id) || (nonce && nonces.has(nonce))) return;
    tickets.add(ticket.id);
    if (nonce) nonces.add(nonce);
    if (!kind || ticket.reservation_id === null || ticket.slot_id === null) {
      return; // the single path says why
    }
    const admits = kind === "VERIFIED";
    const after: TicketRow = {
      ...ticket,
      status: "VERIFIED",
      verified_at: admits ? req.instant : ticket.verified_at,
      verified_by: admits ? who.staffId : ticket.verified_by,
      verified_by_name: admits ? null : ticket.verified_by_name,
      inside: kind !== "EXIT",
    };
    const answer = passAnswer(after, decision, req.direction, true);
    movers.push({ index, move, kind, after, answer });
  });
  if (movers.length === 0) return passes;
  const col = <T>(f: (m: Mover) => T) => movers.map(f);
  const [done] = await sql.query<{ won: [number, string | null][] | null }>(
    APPLY_MOVES,
    [
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
      col((m) =>
        m.move.ticket.verified_at
          ? new Date(m.move.ticket.verified_at).toISOString()
          : null
      ),
      col((m) => m.move.ticket.verified_by),
    ],
  );
  const won = new Map(done.won ?? []);
  for (const m of movers) {
    if (!won.has(m.after.id)) continue; // stale, or its nonce was spent
    const name = won.get(m.after.id) ?? null;
    const answer = m.answer.verified_by
      ? { ...m.answer, verified_by: { ...m.answer.verified_by, name } }
      : m.answer;
    passes[m.index] = {
      answer,
      ticketId: m.after.id,
      recorded: m.kind,
      changed: { orq: m.after.orq, slot_id: m.after.slot_id! },
    };
  }
  return passes;
}
