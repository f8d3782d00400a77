import type { Db, Sql } from "./client.ts";
import type { ZonedNow } from "../domain/clock.ts";

/** One customer's request for a place in a slot. */
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

/** When a request was made: the instant and the slot organization's wall clock. */
export interface PlaceClock {
  instant: Date;
  now: ZonedNow;
}

/** A request for a place in one slot, at one time. */
export interface SlotRequest extends PlaceRequest {
  slotId: number;
  clock: PlaceClock;
}

interface Waiting extends SlotRequest {
  resolve: (o: PlaceOutcome) => void;
  reject: (e: unknown) => void;
}

/** Largest number of requests one statement serves. */
const MAX_BATCH = 256;
/** Statements in flight at once; requests arriving meanwhile wait for the next. */
const MAX_IN_FLIGHT = 6;

/**
 * Takes places in slots, combining the requests that arrive while earlier
 * statements are in flight into the next statement (flat combining).
 *
 * Every commit waits for the disk, and a hot slot's row stays locked until
 * then, so one request per transaction caps a slot at one commit per fsync
 * and costs the database a statement per request. Combining serves many
 * requests, for any slots, with one statement and one commit; a request at a
 * quiet moment runs at once, alone, with no added wait. Correctness does not
 * rest on this: each statement locks the tickets and slot rows it uses, so
 * many instances may run side by side.
 */
export class ReservationBatcher {
  #waiting: Waiting[] = [];
  #inFlight = 0;

  constructor(private db: Db) {}

  /** Takes one place in `slotId` for the request, at `clock` (the slot's zone). */
  take(
    slotId: number,
    req: PlaceRequest,
    clock: PlaceClock,
  ): Promise<PlaceOutcome> {
    const p = new Promise<PlaceOutcome>((resolve, reject) =>
      this.#waiting.push({ ...req, slotId, clock, resolve, reject })
    );
    this.#pump();
    return p;
  }

  #pump(): void {
    while (this.#inFlight < MAX_IN_FLIGHT && this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, MAX_BATCH);
      this.#inFlight++;
      this.#serve(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #serve(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await withRetry(() => placeRequests(this.db, batch));
      batch.forEach((w, i) => w.resolve(outcomes[i]));
    } catch (err) {
      if (batch.length > 1 && isRetryable(err)) {
        // One bad row must not fail its neighbours: serve them one by one.
        for (const w of batch) {
          await withRetry(() => placeRequests(this.db, [w])).then(
            ([o]) => w.resolve(o),
            w.reject,
          );
        }
      } else {
        for (const w of batch) w.reject(err);
      }
    }
  }
}

function isRetryable(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "23505" || code === "40P01" || code === "40001";
}

async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
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

/** {@link placeRequests} for requests that all share one slot and clock. */
export function placeBatch(
  sql: Sql,
  slotId: number,
  batch: PlaceRequest[],
  clock: PlaceClock,
): Promise<PlaceOutcome[]> {
  return placeRequests(sql, batch.map((b) => ({ ...b, slotId, clock })));
}

/**
 * One statement, so one round trip and one atomic commit, for a batch of
 * requests for any slots: lock the still-ACTIVATED tickets (in id order),
 * then the requested slots (in id order, after the tickets, so concurrent
 * statements cannot deadlock), take per slot as many places as it has
 * eligible requests and free places with one guarded UPDATE, then mark the
 * winners RESERVED and insert their reservations and confirmation mails.
 * Within a slot, earlier requests win. Returns an outcome per request.
 */
export async function placeRequests(
  sql: Sql,
  batch: SlotRequest[],
): Promise<PlaceOutcome[]> {
  // The first request of each ticket competes; repeats are refused.
  const seen = new Set<number>();
  const first: number[] = [];
  batch.forEach((b, i) => {
    if (!seen.has(b.ticketId)) {
      seen.add(b.ticketId);
      first.push(i);
    }
  });
  const instant = batch[batch.length - 1].clock.instant;
  const pick = <T>(f: (b: SlotRequest) => T) => first.map((i) => f(batch[i]));
  const [row] = await sql.query<{
    eligible: number[] | null;
    reserved: { id: number; ticket_id: number; reserved_at: string }[] | null;
    granted_slots: number[] | null;
    full_slots: number[] | null;
  }>(
    `WITH req AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[],
                            $6::int[], $7::text[])
         AS x(id, slot_id, orq, email, phone, ord, now_local)),
     locked AS (
       SELECT t.id, t.orq FROM tickets t
        WHERE t.id IN (SELECT id FROM req) AND t.status = 'ACTIVATED'
          AND (t.expires_at IS NULL OR t.expires_at > $8)
        ORDER BY t.id FOR UPDATE),
     elig AS (
       SELECT req.*, row_number() OVER (PARTITION BY req.slot_id ORDER BY req.ord) AS rn
         FROM req JOIN locked ON locked.id = req.id AND locked.orq = req.orq),
     cnt AS (
       SELECT slot_id, min(orq) AS orq, count(*)::int AS c,
              max(now_local)::timestamp AS now_local
         FROM elig GROUP BY slot_id),
     old AS (
       SELECT s.id, s.orq, s.status, s.booked_count, s.total_capacity,
              (s.date + s.end_time) > cnt.now_local AS open, cnt.c, cnt.orq AS req_orq
         FROM reservation_slots s JOIN cnt ON cnt.slot_id = s.id
        ORDER BY s.id FOR UPDATE OF s),
     upd AS (
       UPDATE reservation_slots s
          SET booked_count = s.booked_count + LEAST(old.c, s.total_capacity - s.booked_count),
              status = CASE WHEN s.booked_count + LEAST(old.c, s.total_capacity - s.booked_count)
                                >= s.total_capacity THEN 'FULL' ELSE s.status END,
              updated_at = $8
         FROM old
        WHERE s.id = old.id AND old.orq = old.req_orq AND old.status = 'ACTIVE'
          AND old.booked_count < old.total_capacity AND old.open
        RETURNING s.id, old.booked_count AS before, s.booked_count AS after),
     win AS (
       SELECT elig.* FROM elig JOIN upd ON upd.id = elig.slot_id
        WHERE elig.rn <= upd.after - upd.before),
     t AS (
       UPDATE tickets t
          SET status = 'RESERVED', reserved_at = $8, customer_email = win.email,
              customer_phone = win.phone, updated_at = $8
         FROM win WHERE t.id = win.id
       RETURNING t.id),
     r AS (
       INSERT INTO ticket_reservations
         (ticket_id, slot_id, orq, customer_email, customer_phone, reserved_at)
       SELECT win.id, win.slot_id, win.orq, win.email, win.phone, $8 FROM win
       RETURNING id, ticket_id, customer_email, reserved_at),
     m AS (
       INSERT INTO mail_outbox (kind, reservation_id, to_address)
       SELECT 'reservation.confirmation', id, customer_email FROM r)
     SELECT (SELECT array_agg(id) FROM elig) AS eligible,
            (SELECT json_agg(json_build_object('id', id, 'ticket_id', ticket_id,
                                               'reserved_at', reserved_at)) FROM r) AS reserved,
            (SELECT array_agg(id) FROM upd) AS granted_slots,
            (SELECT array_agg(id) FROM old
              WHERE orq = req_orq AND status <> 'CLOSED' AND open
                AND (status = 'FULL' OR booked_count >= total_capacity)) AS full_slots`,
    [
      pick((b) => b.ticketId),
      pick((b) => b.slotId),
      pick((b) => b.orq),
      pick((b) => b.email),
      pick((b) => b.phone),
      first,
      pick((b) => `${b.clock.now.date} ${b.clock.now.time}`),
      instant,
    ],
  );
  const outcomes: PlaceOutcome[] = batch.map(() => ({ kind: "refused" }));
  const eligible = new Set(row.eligible ?? []);
  const reserved = new Map((row.reserved ?? []).map((r) => [r.ticket_id, r]));
  const noRoom = new Set([
    ...(row.granted_slots ?? []),
    ...(row.full_slots ?? []),
  ]);
  for (const i of first) {
    const b = batch[i];
    if (!eligible.has(b.ticketId)) continue; // the caller reads why
    const r = reserved.get(b.ticketId);
    if (r) {
      outcomes[i] = {
        kind: "reserved",
        id: r.id,
        reserved_at: new Date(r.reserved_at),
      };
    } else if (noRoom.has(b.slotId)) {
      // Places ran out within this batch, or the slot was already full.
      outcomes[i] = { kind: "full" };
    }
  }
  return outcomes;
}
