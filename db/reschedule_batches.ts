/**
 * Customers' reschedules by the batch (flat combining, like
 * db/reservation_batches.ts and db/door_batches.ts): the moves that arrive
 * while earlier batches are in flight go together into one transaction of
 * three statements sent at once.
 *
 * A reschedule in a transaction of its own costs a dozen round trips, and
 * both slot rows stay locked from the first of them to the commit, so moves
 * between the same slots queue behind one another at the app's pace. Here
 * one statement locks the batch's tickets (in id order), the next its slots
 * (in id order, after the tickets: the contract's lock order); the last keeps the
 * requests whose credential, booking, cut-off and target all hold, grants
 * each target as many moves as it has free places before the batch (a
 * place freed in the batch is not reused by it), then moves the places
 * and the bookings, revokes the old QR signatures, stores the new ones,
 * queues the "moved" mails and writes the audit entries, with one commit.
 *
 * It refuses nothing itself: a request it does not move (any refusal, a full
 * target, an old slot with a waitlist to serve, a booking that changed
 * between the statements) gets null and goes the single path of
 * db/customer_changes.ts, which says why or moves it there.
 */
import type { Db } from "./client.ts";
import { together } from "./pipelined.ts";
import { type Pending, SettlingQueue } from "./batch_queue.ts";
import { isConflict } from "./conflicts.ts";
import { type Presigned, Presigner } from "./reservation_presign.ts";
import type { SigningThread } from "./signing_thread.ts";
import { signReservation } from "./ticket_signing.ts";
import type { ReservationView } from "./reservations.ts";
import { MOVED_MAIL } from "./reservation_changes.ts";

/** One customer's move, its credential checked by the statement. */
export interface MoveRequest {
  /** The ticket code and the booking's email, or a manage token's ids. */
  cred: { code: string; email: string } | {
    reservationId: number;
    ticketId: number;
  };
  /** The ticket as read before: its id (locked first), code and organization. */
  ticketId: number;
  code: string;
  orq: number;
  slotId: number;
  instant: Date;
  /** The organization's wall clock at `instant`. */
  wall: { date: string; time: string };
  cutoffHours: number;
  /** The last date a customer may book (the horizon). */
  lastDate: string;
}

/** A move the statement made. */
export interface BatchMoved {
  reservation: ReservationView;
  from: number;
}

/** Largest number of moves one statement applies. */
const MAX_BATCH = 128;
/** Statements in flight at once; moves arriving meanwhile wait for the next. */
const MAX_IN_FLIGHT = 2;

/** Applies customers' reschedules a statement at a time. */
export class RescheduleBatcher {
  #queue = new SettlingQueue<MoveRequest, BatchMoved | null>(
    (batch) => this.#serve(batch),
    MAX_IN_FLIGHT,
    MAX_BATCH,
  );
  #presigner: Presigner;

  /** `signer`: signs the batches' QR payloads off the HTTP thread. */
  constructor(private db: Db, signer: SigningThread | null = null) {
    this.#presigner = new Presigner(db, signer);
  }

  /** The move, or null when this path did not make it (the caller goes the single path). */
  move(req: MoveRequest): Promise<BatchMoved | null> {
    return this.#queue.submit(req);
  }

  async #serve(
    batch: Pending<MoveRequest, BatchMoved | null>[],
  ): Promise<void> {
    try {
      // Signed before the statement: no slot stays locked while JS signs.
      const pre = await this.#presigner.sign(batch).catch(() => []);
      const moved = await applyMoves(this.db, batch, pre);
      batch.forEach((w, i) => w.resolve(moved[i]));
    } catch (err) {
      // A deadlock, a booking changed under the statement (out of step), a
      // bad row: nothing committed; each request goes the single path.
      if (isSettled(err)) { for (const w of batch) w.resolve(null); }
      else for (const w of batch) w.reject(err);
    }
  }
}

/** The start of the error that fails a statement whose moves did not all apply. */
const OUT_OF_STEP = "'reschedule batch out of step: '";

function isSettled(err: unknown): boolean {
  // 23514: a count check refused a row (the database's own guard against
  // overbooking); nothing committed, and the single path decides again.
  return isConflict(err) || (err as { code?: string })?.code === "23514" ||
    String((err as { message?: string })?.message).includes(
      OUT_OF_STEP.slice(1, -1),
    );
}

/**
 * The locks, taken by statements of their own before the work, in the
 * contract's order: the batch's tickets (in id order), then the slots
 * concerned (in id order), the targets and the slots the bookings are on as
 * the tickets' locks show them. Two statements, so no plan can lock a slot
 * before a ticket. A statement that locked a row FOR UPDATE and then
 * updated it would skip the update when the row changed after it began; the
 * work statement begins after these locks, so it reads every locked row as
 * it is now.
 */
const LOCK_TICKETS = `SELECT count(*)::int AS n FROM (
    SELECT t.id FROM tickets t WHERE t.id = ANY($1::int[])
     ORDER BY t.id FOR UPDATE) locked`;

const LOCK_SLOTS = `SELECT count(*)::int AS n FROM (
    SELECT s.id FROM reservation_slots s
     WHERE s.id IN (SELECT unnest($2::int[])
                    UNION SELECT r.slot_id FROM ticket_reservations r
                     WHERE r.ticket_id = ANY($1::int[]) AND r.status = 'RESERVED')
     ORDER BY s.id FOR UPDATE) locked`;

/**
 * The work, under the locks of LOCK_TICKETS and LOCK_SLOTS. The UPDATE of the bookings checks
 * again (the same slot, version and signature), the slots' UPDATE that the
 * count is the one the places were granted on, and the counts at the end
 * fail the statement when any move did not apply, so a booking is never
 * half-moved.
 */
const APPLY_MOVES = `
  WITH req AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[],
                         $6::text[], $7::date[], $8::time[], $9::int[],
                         $10::date[], $11::text[], $12::text[], $13::text[],
                         $14::int[], $15::bigint[], $16::bigint[])
      WITH ORDINALITY AS x(code, email, reservation_id, ticket_id, to_slot, at,
                           wall_date, wall_time, cutoff_hours, last_date,
                           pp, ph, pk, po, ps, pe, ord)),
  cur AS (
    SELECT req.*, r.id AS rid, r.ticket_id AS tid, r.slot_id AS from_slot,
           r.version, r.signature_hash AS old_h, r.signed_until AS old_until,
           r.orq
      FROM req
      JOIN ticket_reservations r
        ON r.ticket_id = req.ticket_id AND r.status = 'RESERVED'
      JOIN reservation_slots os ON os.id = r.slot_id
      JOIN organizations o ON o.orq = os.orq
     WHERE (req.email IS NULL OR lower(r.customer_email) = lower(req.email))
       AND (req.email IS NOT NULL OR r.id = req.reservation_id)
       AND r.slot_id <> req.to_slot
       AND req.at::timestamptz <
           (os.date + os.start_time) AT TIME ZONE o.timezone
             - make_interval(hours => req.cutoff_hours)
       AND (req.email IS NOT NULL OR
            (os.date + os.end_time) AT TIME ZONE o.timezone > req.at::timestamptz)),
  sl AS (
    SELECT s.id, s.orq, s.status, s.date, s.start_time, s.end_time,
           s.total_capacity, s.booked_count, s.held_count,
           extract(epoch FROM (s.date + s.start_time) AT TIME ZONE o.timezone)::bigint AS s_at,
           extract(epoch FROM (s.date + s.end_time) AT TIME ZONE o.timezone)::bigint AS e_at
      FROM reservation_slots s JOIN organizations o ON o.orq = s.orq
     WHERE s.id IN (SELECT from_slot FROM cur UNION SELECT to_slot FROM cur)),
  fit AS (
    SELECT cur.*, row_number() OVER (PARTITION BY cur.to_slot ORDER BY cur.ord) AS rn,
           ts.total_capacity - ts.booked_count - ts.held_count AS free,
           (cur.pp IS NOT NULL AND cur.po = ts.orq AND cur.ps = ts.s_at
            AND cur.pe = ts.e_at
            AND EXISTS (SELECT 1 FROM signing_keys k WHERE k.orq = ts.orq
                           AND k.k = cur.pk AND k.status = 'active')) AS signed
      FROM cur
      JOIN sl ts ON ts.id = cur.to_slot
      JOIN sl fs ON fs.id = cur.from_slot
     WHERE ts.orq = cur.orq AND ts.status <> 'CLOSED'
       AND (ts.date + ts.end_time) > (cur.wall_date + cur.wall_time)
       AND ts.date <= cur.last_date
       -- The old slot's waitlist is served by the single path.
       AND fs.held_count = 0
       AND NOT EXISTS (SELECT 1 FROM waitlist_entries e
                        WHERE e.slot_id = fs.id AND e.status = 'WAITING')),
  won AS (SELECT * FROM fit WHERE rn <= free),
  d AS (
    SELECT id, sum(delta)::int AS delta, max(at::timestamptz) AS at
      FROM (SELECT to_slot AS id, 1 AS delta, at FROM won
            UNION ALL SELECT from_slot, -1, at FROM won) x
     GROUP BY id HAVING sum(delta) <> 0),
  -- Counted from the rows as locked (the places were granted on them).
  s AS (
    UPDATE reservation_slots s
       SET booked_count = sl.booked_count + d.delta,
           status = CASE WHEN sl.status = 'CLOSED' THEN 'CLOSED'
                         WHEN sl.booked_count + d.delta + sl.held_count >= sl.total_capacity
                         THEN 'FULL' ELSE 'ACTIVE' END,
           updated_at = d.at
      FROM d JOIN sl ON sl.id = d.id
     WHERE s.id = d.id AND s.booked_count = sl.booked_count
    RETURNING s.id),
  r AS (
    UPDATE ticket_reservations r
       SET slot_id = won.to_slot, version = r.version + 1,
           updated_at = won.at::timestamptz,
           signed_payload = CASE WHEN won.signed THEN won.pp END,
           signature_hash = CASE WHEN won.signed THEN won.ph END,
           signed_key = CASE WHEN won.signed THEN won.pk END,
           signed_until = CASE WHEN won.signed THEN to_timestamp(won.pe) END
      FROM won
     WHERE r.id = won.rid AND r.status = 'RESERVED'
       AND r.slot_id = won.from_slot AND r.version = won.version
       AND r.signature_hash IS NOT DISTINCT FROM won.old_h
    RETURNING r.id, r.ticket_id, r.orq, r.status, r.version, r.customer_email,
              r.customer_phone, r.reserved_at, r.signed_payload, r.locale,
              r.slot_id),
  rv AS (
    INSERT INTO signature_revocations (orq, h, until, created_at)
    SELECT orq, old_h, old_until, at::timestamptz FROM won
     WHERE old_h IS NOT NULL AND old_until > at::timestamptz),
  m AS (
    INSERT INTO mail_outbox (kind, reservation_id, to_address)
    SELECT '${MOVED_MAIL}', r.id, r.customer_email FROM r),
  au AS (
    INSERT INTO audit_log (orq, at, actor_kind, actor_id, actor_name, action,
                           target_type, target_id, before, after)
    SELECT won.orq, won.at::timestamptz, 'customer', NULL, NULL,
           'reservation.moved', 'reservation', won.rid::text,
           jsonb_build_object('slot_id', fs.id, 'date', fs.date,
             'start_time', to_char(fs.start_time, 'HH24:MI'),
             'end_time', to_char(fs.end_time, 'HH24:MI'), 'version', won.version),
           jsonb_build_object('slot_id', ts.id, 'date', ts.date,
             'start_time', to_char(ts.start_time, 'HH24:MI'),
             'end_time', to_char(ts.end_time, 'HH24:MI'), 'version', won.version + 1)
      FROM won JOIN sl fs ON fs.id = won.from_slot JOIN sl ts ON ts.id = won.to_slot)
  SELECT moved,
         -- Not every move applied: fail the statement, so nothing commits.
         CASE WHEN moves <> wanted OR slots <> slots_wanted
              THEN (${OUT_OF_STEP} || moves || '/' || wanted || ' bookings, ' ||
                    slots || '/' || slots_wanted || ' slots')::int
         END AS out_of_step
    FROM (SELECT (SELECT json_agg(json_build_object(
                   'ord', won.ord, 'from', won.from_slot, 'id', r.id,
                   'ticket_id', r.ticket_id,
                   'orq', r.orq, 'status', r.status, 'version', r.version,
                   'customer_email', r.customer_email,
                   'customer_phone', r.customer_phone,
                   'reserved_at', r.reserved_at, 'signed_payload', r.signed_payload,
                   'locale', r.locale,
                   'slot', json_build_object('id', ts.id, 'date', ts.date,
                     'start_time', to_char(ts.start_time, 'HH24:MI'),
                     'end_time', to_char(ts.end_time, 'HH24:MI'))))
                   FROM won JOIN r ON r.id = won.rid
                   JOIN sl ts ON ts.id = won.to_slot) AS moved,
                 (SELECT count(*) FROM r) AS moves,
                 (SELECT count(*) FROM won) AS wanted,
                 (SELECT count(*) FROM s) AS slots,
                 (SELECT count(*) FROM d) AS slots_wanted) counts`;

interface MovedRow
  extends Omit<ReservationView, "reserved_at" | "ticket_code"> {
  ord: number;
  from: number;
  reserved_at: string;
}

/**
 * Applies the moves of `batch` with one statement: the move for each
 * request it made, null for the others (nothing changed for them).
 */
export async function applyMoves(
  db: Db,
  batch: MoveRequest[],
  presigned: (Presigned | null)[] = [],
): Promise<(BatchMoved | null)[]> {
  const out: (BatchMoved | null)[] = batch.map(() => null);
  // The first request of each ticket competes; the others go alone.
  const seen = new Set<string>();
  const first: number[] = [];
  batch.forEach((b, i) => {
    const key = String(b.ticketId);
    if (seen.has(key)) return;
    seen.add(key);
    first.push(i);
  });
  const pick = <T>(f: (b: MoveRequest, i: number) => T) =>
    first.map((i) => f(batch[i], i));
  const byToken = (b: MoveRequest) => "code" in b.cred ? null : b.cred;
  const args = [
    pick((b) => b.code),
    pick((b) => "email" in b.cred ? b.cred.email : null),
    pick((b) => byToken(b)?.reservationId ?? null),
    pick((b) => b.ticketId),
    pick((b) => b.slotId),
    pick((b) => b.instant.toISOString()),
    pick((b) => b.wall.date),
    pick((b) => b.wall.time),
    pick((b) => b.cutoffHours),
    pick((b) => b.lastDate),
    pick((_, i) => presigned[i]?.payload ?? null),
    pick((_, i) => presigned[i]?.h ?? null),
    pick((_, i) => presigned[i]?.k ?? null),
    pick((_, i) => presigned[i]?.orq ?? null),
    pick((_, i) => presigned[i]?.s ?? null),
    pick((_, i) => presigned[i]?.e ?? null),
  ];
  // Sent together (db/pipelined.ts): the locks and the work, one round trip
  // and the commit.
  const lockArgs = [pick((b) => b.ticketId), pick((b) => b.slotId)];
  const [, , [row]] = await db.begin((tx) =>
    together([
      tx.query(LOCK_TICKETS, [lockArgs[0]]),
      tx.query(LOCK_SLOTS, lockArgs),
      tx.query<{ moved: MovedRow[] | null }>(APPLY_MOVES, args),
    ])
  );
  const moved = row.moved ?? [];
  // Presigned for a slot whose instants or key changed: signed now instead.
  const signed = await signReservation(
    db,
    moved.filter((m) => !m.signed_payload).map((m) => m.id),
  );
  for (const m of moved) {
    const { ord, from, ...view } = m;
    const i = first[ord - 1];
    out[i] = {
      from,
      reservation: {
        ...view,
        ticket_code: batch[i].code,
        reserved_at: new Date(view.reserved_at),
        signed_payload: view.signed_payload ?? signed.get(view.id) ?? null,
      },
    };
  }
  return out;
}
