import type { Db, Sql } from "./client.ts";
import type { ZonedNow } from "../domain/clock.ts";

/** One customer's request waiting for a place in a slot. */
export interface PlaceRequest {
  ticketId: number;
  orq: number;
  email: string;
  phone: string;
}

/** What became of a request: a reservation, no room left, or "ask again why". */
export type PlaceOutcome =
  | { kind: "reserved"; id: number; reserved_at: Date }
  | { kind: "full" }
  | { kind: "refused" };

/** When a request was made: the instant and the slot's wall clock. */
export interface PlaceClock {
  instant: Date;
  now: ZonedNow;
}

interface Waiting extends PlaceRequest {
  clock: PlaceClock;
  resolve: (o: PlaceOutcome) => void;
  reject: (e: unknown) => void;
}

interface SlotQueue {
  waiting: Waiting[];
  running: boolean;
}

/** Largest number of requests one transaction serves. */
const MAX_BATCH = 200;

/**
 * Takes places in slots, combining the requests for one slot that arrive
 * while a transaction for it is in flight into the next transaction.
 *
 * Every commit on a slot waits for the disk while holding the slot's row
 * lock, so one-request-per-transaction caps a hot slot at one commit per
 * fsync. Combining keeps that one commit but serves many requests with it;
 * a request for a quiet slot runs at once, alone, with no added wait.
 * Correctness does not rest on this: each transaction still locks the
 * tickets and the slot row, so many instances may run side by side.
 */
export class ReservationBatcher {
  #queues = new Map<number, SlotQueue>();

  constructor(private db: Db) {}

  /** Takes one place in `slotId` for the request, at `instant` / `now` in the slot's zone. */
  take(
    slotId: number,
    req: PlaceRequest,
    clock: PlaceClock,
  ): Promise<PlaceOutcome> {
    let q = this.#queues.get(slotId);
    if (!q) {
      q = { waiting: [], running: false };
      this.#queues.set(slotId, q);
    }
    const p = new Promise<PlaceOutcome>((resolve, reject) =>
      q!.waiting.push({ ...req, clock, resolve, reject })
    );
    if (!q.running) this.#drain(slotId, q);
    return p;
  }

  async #drain(slotId: number, q: SlotQueue): Promise<void> {
    q.running = true;
    try {
      while (q.waiting.length > 0) {
        const batch = q.waiting.splice(0, MAX_BATCH);
        try {
          await this.#serve(slotId, batch);
        } catch (err) {
          if (batch.length > 1 && isRetryable(err)) {
            // One bad row must not fail its neighbours: serve them one by one.
            for (const w of batch) {
              await this.#serve(slotId, [w]).catch(w.reject);
            }
          } else {
            for (const w of batch) w.reject(err);
          }
        }
      }
    } finally {
      q.running = false;
      this.#queues.delete(slotId);
    }
  }

  async #serve(slotId: number, batch: Waiting[]): Promise<void> {
    // The batch is judged at its newest request's time (they differ by the
    // length of one transaction at most).
    const clock = batch[batch.length - 1].clock;
    const outcomes = await withDeadlockRetry(() =>
      placeBatch(this.db, slotId, batch, clock)
    );
    batch.forEach((w, i) => w.resolve(outcomes[i]));
  }
}

function isRetryable(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "23505" || code === "40P01" || code === "40001";
}

async function withDeadlockRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0;; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string })?.code;
      if (attempt < 3 && (code === "40P01" || code === "40001")) continue;
      throw err;
    }
  }
}

/**
 * One statement, so one round trip and one atomic commit, for a batch: lock
 * the still-ACTIVATED tickets (in id order, so concurrent batches cannot
 * deadlock), lock the slot row and take as many places as there are eligible
 * tickets and free places with one guarded UPDATE, then mark the winners
 * RESERVED and insert their reservations and confirmation mails.
 * Returns an outcome per request, in order.
 */
export async function placeBatch(
  sql: Sql,
  slotId: number,
  batch: PlaceRequest[],
  clock: PlaceClock,
): Promise<PlaceOutcome[]> {
  const orq = batch[0].orq;
  // The first request of each ticket competes; repeats are refused.
  const seen = new Set<number>();
  const first: number[] = [];
  batch.forEach((b, i) => {
    if (b.orq === orq && !seen.has(b.ticketId)) {
      seen.add(b.ticketId);
      first.push(i);
    }
  });
  const [row] = await sql.query<{
    eligible: number[] | null;
    granted: number | null;
    reserved: { id: number; ticket_id: number; reserved_at: string }[] | null;
    slot_full: boolean | null;
  }>(
    `WITH req AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[])
         AS x(id, email, phone, ord)),
     locked AS (
       SELECT t.id FROM tickets t
        WHERE t.id IN (SELECT id FROM req) AND t.orq = $6 AND t.status = 'ACTIVATED'
          AND (t.expires_at IS NULL OR t.expires_at > $7)
        ORDER BY t.id FOR UPDATE),
     elig AS (
       SELECT req.*, row_number() OVER (ORDER BY req.ord) AS rn
         FROM req JOIN locked USING (id)),
     old AS (
       SELECT id, orq, status, booked_count, total_capacity,
              (date > $8::date OR (date = $8::date AND end_time > $9::time)) AS open
         FROM reservation_slots WHERE id = $5 FOR UPDATE),
     upd AS (
       UPDATE reservation_slots s
          SET booked_count = s.booked_count + LEAST(n.c, s.total_capacity - s.booked_count),
              status = CASE WHEN s.booked_count + LEAST(n.c, s.total_capacity - s.booked_count)
                                >= s.total_capacity THEN 'FULL' ELSE s.status END,
              updated_at = $7
         FROM old, (SELECT count(*)::int AS c FROM elig) n
        WHERE s.id = old.id AND n.c > 0 AND old.orq = $6 AND old.status = 'ACTIVE'
          AND old.booked_count < old.total_capacity AND old.open
        RETURNING old.booked_count AS before, s.booked_count AS after),
     win AS (
       SELECT elig.* FROM elig, upd WHERE elig.rn <= upd.after - upd.before),
     t AS (
       UPDATE tickets t
          SET status = 'RESERVED', reserved_at = $7, customer_email = win.email,
              customer_phone = win.phone, updated_at = $7
         FROM win WHERE t.id = win.id
       RETURNING t.id),
     r AS (
       INSERT INTO ticket_reservations
         (ticket_id, slot_id, orq, customer_email, customer_phone, reserved_at)
       SELECT win.id, $5, $6, win.email, win.phone, $7 FROM win
       RETURNING id, ticket_id, customer_email, reserved_at),
     m AS (
       INSERT INTO mail_outbox (kind, reservation_id, to_address)
       SELECT 'reservation.confirmation', id, customer_email FROM r)
     SELECT (SELECT array_agg(id ORDER BY rn) FROM elig) AS eligible,
            (SELECT after - before FROM upd) AS granted,
            (SELECT json_agg(json_build_object('id', id, 'ticket_id', ticket_id,
                                               'reserved_at', reserved_at)) FROM r) AS reserved,
            (SELECT old.orq = $6 AND old.status <> 'CLOSED' AND old.open
                    AND (old.status = 'FULL' OR old.booked_count >= old.total_capacity)
               FROM old) AS slot_full`,
    [
      first.map((i) => batch[i].ticketId),
      first.map((i) => batch[i].email),
      first.map((i) => batch[i].phone),
      first,
      slotId,
      orq,
      clock.instant,
      clock.now.date,
      clock.now.time,
    ],
  );
  const outcomes: PlaceOutcome[] = batch.map(() => ({ kind: "refused" }));
  const eligible = new Set(row.eligible ?? []);
  const reserved = new Map(
    (row.reserved ?? []).map((r) => [r.ticket_id, r]),
  );
  for (const i of first) {
    const id = batch[i].ticketId;
    if (!eligible.has(id)) continue; // the caller reads why
    const r = reserved.get(id);
    if (r) {
      outcomes[i] = {
        kind: "reserved",
        id: r.id,
        reserved_at: new Date(r.reserved_at),
      };
    } else if (row.granted !== null || row.slot_full) {
      // Places ran out within this batch, or the slot was already full.
      outcomes[i] = { kind: "full" };
    }
  }
  return outcomes;
}
