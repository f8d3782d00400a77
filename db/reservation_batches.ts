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
      this.db.begin((tx) => placeBatch(tx, slotId, batch, clock))
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
 * One transaction for a batch: lock the still-ACTIVATED tickets (in id order,
 * so concurrent batches cannot deadlock), take as many places as there are
 * eligible tickets and free places with one guarded UPDATE of the slot row,
 * then mark those tickets RESERVED and insert their reservations and mails.
 * Returns an outcome per request, in order.
 */
export async function placeBatch(
  tx: Sql,
  slotId: number,
  batch: PlaceRequest[],
  clock: PlaceClock,
): Promise<PlaceOutcome[]> {
  const orq = batch[0].orq;
  const ids = [...new Set(batch.map((b) => b.ticketId))];
  const locked = await tx.query<{ id: number }>(
    `SELECT id FROM tickets
      WHERE id = ANY($1::int[]) AND orq = $2 AND status = 'ACTIVATED'
        AND (expires_at IS NULL OR expires_at > $3)
      ORDER BY id FOR UPDATE`,
    [ids, orq, clock.instant],
  );
  const eligibleIds = new Set(locked.map((r) => r.id));
  // The first request of each eligible ticket competes; repeats are refused.
  const seen = new Set<number>();
  const eligible: number[] = [];
  batch.forEach((b, i) => {
    if (b.orq === orq && eligibleIds.has(b.ticketId) && !seen.has(b.ticketId)) {
      seen.add(b.ticketId);
      eligible.push(i);
    }
  });
  const outcomes: PlaceOutcome[] = batch.map(() => ({ kind: "refused" }));
  if (eligible.length === 0) return outcomes;

  const taken = await tx.query<{ before: number; after: number }>(
    `WITH old AS (
       SELECT id, booked_count FROM reservation_slots WHERE id = $1 FOR UPDATE)
     UPDATE reservation_slots s
        SET booked_count = s.booked_count + LEAST($2, s.total_capacity - s.booked_count),
            status = CASE WHEN s.booked_count + LEAST($2, s.total_capacity - s.booked_count)
                              >= s.total_capacity THEN 'FULL' ELSE s.status END,
            updated_at = $3
       FROM old
      WHERE s.id = old.id AND s.orq = $4 AND s.status = 'ACTIVE'
        AND s.booked_count < s.total_capacity
        AND (s.date > $5::date OR (s.date = $5::date AND s.end_time > $6::time))
      RETURNING old.booked_count AS before, s.booked_count AS after`,
    [
      slotId,
      eligible.length,
      clock.instant,
      orq,
      clock.now.date,
      clock.now.time,
    ],
  );
  if (taken.length === 0) {
    // No place taken. A full slot is the common case (a drop): answer it here
    // so the waiting requests need no further reads; for anything else
    // (closed, ended) the caller reads why.
    const [slot] = await tx.query<{ full: boolean }>(
      `SELECT status = 'FULL' OR booked_count >= total_capacity AS full
         FROM reservation_slots WHERE id = $1 AND orq = $2 AND status <> 'CLOSED'
          AND (date > $3::date OR (date = $3::date AND end_time > $4::time))`,
      [slotId, orq, clock.now.date, clock.now.time],
    );
    if (slot?.full) {
      for (const i of eligible) outcomes[i] = { kind: "full" };
    }
    return outcomes;
  }
  const granted = taken[0].after - taken[0].before;
  const winners = eligible.slice(0, granted);
  for (const i of eligible.slice(granted)) outcomes[i] = { kind: "full" };
  if (winners.length === 0) return outcomes;

  const rows = await tx.query<
    { id: number; ticket_id: number; reserved_at: Date }
  >(
    `WITH x AS (
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) AS x(id, email, phone)),
     t AS (
       UPDATE tickets t
          SET status = 'RESERVED', reserved_at = $4, customer_email = x.email,
              customer_phone = x.phone, updated_at = $4
         FROM x WHERE t.id = x.id
       RETURNING t.id),
     r AS (
       INSERT INTO ticket_reservations
         (ticket_id, slot_id, orq, customer_email, customer_phone, reserved_at)
       SELECT x.id, $5, $6, x.email, x.phone, $4 FROM x
       RETURNING id, ticket_id, customer_email, reserved_at),
     m AS (
       INSERT INTO mail_outbox (kind, reservation_id, to_address)
       SELECT 'reservation.confirmation', id, customer_email FROM r)
     SELECT id, ticket_id, reserved_at FROM r`,
    [
      winners.map((i) => batch[i].ticketId),
      winners.map((i) => batch[i].email),
      winners.map((i) => batch[i].phone),
      clock.instant,
      slotId,
      orq,
    ],
  );
  const byTicket = new Map(rows.map((r) => [r.ticket_id, r]));
  for (const i of winners) {
    const r = byTicket.get(batch[i].ticketId)!;
    outcomes[i] = { kind: "reserved", id: r.id, reserved_at: r.reserved_at };
  }
  return outcomes;
}
