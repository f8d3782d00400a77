import type { Db, Sql } from "./client.ts";
import { type Pending, SettlingQueue } from "./batch_queue.ts";
import { isConflict, retryConflicts } from "./conflicts.ts";
import { orgWallClock, slotEnded } from "./sql_fragments.ts";
import { DEFAULT_SETTINGS } from "../domain/org_settings.ts";
import { signReservation } from "./ticket_signing.ts";
import { type Presigned, Presigner } from "./reservation_presign.ts";
import type { SigningThread } from "./signing_thread.ts";

/** One customer's request for a place in a slot (the code in its stored form). */
export interface PlaceRequest {
  code: string;
  email: string;
  phone: string;
  /** The customer's language for their mails (en|de|fr|es); null: the venue's. */
  locale?: string | null;
}

/** The reservation a request got, with what the API shows of it. */
export interface Placed {
  kind: "reserved";
  id: number;
  ticket_id: number;
  orq: number;
  reserved_at: Date;
  slot: { id: number; date: string; start_time: string; end_time: string };
  /** The signed QR text of the new reservation. */
  signed_payload?: string | null;
}

/** What became of a request: a reservation, no room left, or "ask again why". */
export type PlaceOutcome = Placed | { kind: "full" } | { kind: "refused" };

/** A request for a place in one slot, at one instant. */
export interface SlotRequest extends PlaceRequest {
  slotId: number;
  instant: Date;
}

/** Largest number of requests one statement serves. */
const MAX_BATCH = 256;
/**
 * Statements in flight at once; requests arriving meanwhile wait for the
 * next. More in flight means smaller batches and more commits, each waiting
 * for the disk: 3 serves more reservations a second than 6 (bench/RESULTS.md).
 */
const MAX_IN_FLIGHT = 3;

/**
 * Takes places in slots, combining the requests that arrive while earlier
 * statements are in flight into the next statement (flat combining).
 *
 * Every commit waits for the disk, and a hot slot's row stays locked until
 * then, so one request per transaction caps a slot at one commit per fsync
 * and costs the database a statement per request. Combining serves many
 * requests, for any slots, with one statement and one commit; a request at a
 * quiet moment waits only for the end of the event loop's turn, so that the
 * requests the runtime handed over in that turn go together (dispatching the
 * first of them alone would make more, smaller statements). Correctness does not
 * rest on this: each statement locks the tickets and slot rows it uses, so
 * many instances may run side by side.
 */
export class ReservationBatcher {
  #queue = new SettlingQueue<SlotRequest, PlaceOutcome>(
    (batch) => this.#serve(batch),
    MAX_IN_FLIGHT,
    MAX_BATCH,
  );

  #presigner: Presigner;

  /** `signer`: signs the batches' QR payloads off the HTTP thread. */
  constructor(private db: Db, signer: SigningThread | null = null) {
    this.#presigner = new Presigner(db, signer);
  }

  /** Takes one place in `slotId` for the request, at `instant`. */
  take(
    slotId: number,
    req: PlaceRequest,
    instant: Date,
  ): Promise<PlaceOutcome> {
    return this.#queue.submit({ ...req, slotId, instant });
  }

  async #serve(
    batch: Pending<SlotRequest, PlaceOutcome>[],
  ): Promise<void> {
    try {
      // Signed before the statement: no slot stays locked while JS signs.
      const pre = await this.#presigner.sign(batch).catch(() => []);
      const outcomes = await retryConflicts(
        () => placeRequests(this.db, batch, pre),
        4,
      );
      batch.forEach((w, i) => w.resolve(outcomes[i]));
    } catch (err) {
      if (batch.length > 1 && isRetryable(err)) {
        // One bad row must not fail its neighbours: serve them one by one.
        for (const w of batch) {
          await retryConflicts(() => placeRequests(this.db, [w]), 4).then(
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
  return (err as { code?: string })?.code === "23505" || isConflict(err);
}

/**
 * One statement, so one round trip and one atomic commit, for a batch of
 * requests for any slots, with no read before it: find and lock the
 * still-ACTIVATED tickets by code (in id order), keep the requests whose slot
 * belongs to the ticket's organization, lock those slots (in id order, after
 * the tickets, so concurrent statements cannot deadlock), take per slot as
 * many places as it has eligible requests and free places with one guarded
 * UPDATE (the slot must not have ended on its organization's wall clock,
 * nor lie beyond its booking horizon),
 * then mark the winners RESERVED and insert their reservations and
 * confirmation mails. A reservation stores its request's `presigned` QR
 * payload (db/reservation_presign.ts) when the slot's instants and the key
 * still hold; one without is signed by a statement after (in the same
 * transaction when `sql` is one). Within a slot, earlier requests win.
 * Returns an outcome per request; "refused" means the caller reads why.
 */
export async function placeRequests(
  sql: Sql,
  batch: SlotRequest[],
  presigned: (Presigned | null)[] = [],
): Promise<PlaceOutcome[]> {
  // The first request of each ticket competes; repeats are refused.
  const seen = new Set<string>();
  const first: number[] = [];
  batch.forEach((b, i) => {
    if (!seen.has(b.code)) {
      seen.add(b.code);
      first.push(i);
    }
  });
  const instant = batch[batch.length - 1].instant;
  const pick = <T>(f: (b: SlotRequest, i: number) => T) =>
    first.map((i) => f(batch[i], i));
  const [row] = await sql.query<{
    eligible: string[] | null;
    reserved:
      | (Omit<Placed, "kind" | "reserved_at"> & {
        code: string;
        reserved_at: string;
        signed_payload: string | null;
      })[]
      | null;
    granted_slots: number[] | null;
    full_slots: number[] | null;
  }>(
    `WITH req AS (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[],
                            $7::text[], $8::text[], $9::text[], $10::int[],
                            $11::bigint[], $12::bigint[], $13::text[])
         AS x(code, slot_id, email, phone, ord, pp, ph, pk, po, ps, pe, loc)),
     locked AS (
       SELECT t.id, t.orq, t.code FROM tickets t
        WHERE t.code IN (SELECT code FROM req) AND t.status = 'ACTIVATED'
          AND (t.expires_at IS NULL OR t.expires_at > $6)
        ORDER BY t.id FOR UPDATE),
     elig AS (
       SELECT req.*, locked.id, locked.orq,
              row_number() OVER (PARTITION BY req.slot_id ORDER BY req.ord) AS rn
         FROM req JOIN locked ON locked.code = req.code
         JOIN reservation_slots s ON s.id = req.slot_id AND s.orq = locked.orq),
     cnt AS (
       SELECT slot_id, count(*)::int AS c FROM elig GROUP BY slot_id),
     old AS (
       SELECT s.id, s.status, s.booked_count, s.held_count, s.total_capacity, cnt.c,
              NOT ${slotEnded(orgWallClock("$6::timestamptz"))}
                AND ${withinHorizon(orgWallClock("$6::timestamptz"))} AS open,
              o.timezone AS tz
         FROM reservation_slots s JOIN cnt ON cnt.slot_id = s.id
         JOIN organizations o ON o.orq = s.orq
        ORDER BY s.id FOR UPDATE OF s),
     upd AS (
       UPDATE reservation_slots s
          SET booked_count = s.booked_count + LEAST(old.c, s.available_count),
              status = CASE WHEN s.available_count - LEAST(old.c, s.available_count) <= 0
                            THEN 'FULL' ELSE s.status END,
              updated_at = $6
         FROM old
        WHERE s.id = old.id AND old.status = 'ACTIVE'
          AND old.booked_count + old.held_count < old.total_capacity AND old.open
        RETURNING s.id, old.booked_count AS before, s.booked_count AS after, s.date,
                  to_char(s.start_time, 'HH24:MI') AS start_time,
                  to_char(s.end_time, 'HH24:MI') AS end_time,
                  extract(epoch FROM (s.date + s.start_time) AT TIME ZONE old.tz)::bigint AS s_at,
                  extract(epoch FROM (s.date + s.end_time) AT TIME ZONE old.tz)::bigint AS e_at),
     win AS (
       SELECT elig.*,
              (elig.po = elig.orq AND elig.ps = upd.s_at AND elig.pe = upd.e_at
               AND EXISTS (SELECT 1 FROM signing_keys k WHERE k.orq = elig.orq
                              AND k.k = elig.pk AND k.status = 'active')) AS signed
         FROM elig JOIN upd ON upd.id = elig.slot_id
        WHERE elig.rn <= upd.after - upd.before),
     t AS (
       UPDATE tickets t
          SET status = 'RESERVED', reserved_at = $6, customer_email = win.email,
              customer_phone = win.phone, updated_at = $6
         FROM win WHERE t.id = win.id
       RETURNING t.id),
     r AS (
       INSERT INTO ticket_reservations
         (ticket_id, slot_id, orq, customer_email, customer_phone, reserved_at,
          signed_payload, signature_hash, signed_key, signed_until, locale)
       SELECT win.id, win.slot_id, win.orq, win.email, win.phone, $6,
              CASE WHEN win.signed THEN win.pp END,
              CASE WHEN win.signed THEN win.ph END,
              CASE WHEN win.signed THEN win.pk END,
              CASE WHEN win.signed THEN to_timestamp(win.pe) END,
              win.loc
         FROM win
       RETURNING id, ticket_id, slot_id, customer_email, reserved_at, signed_payload),
     m AS (
       INSERT INTO mail_outbox (kind, reservation_id, to_address)
       SELECT 'reservation.confirmation', id, customer_email FROM r)
     SELECT (SELECT array_agg(code) FROM elig) AS eligible,
            (SELECT json_agg(json_build_object(
                      'id', r.id, 'ticket_id', r.ticket_id, 'code', win.code,
                      'orq', win.orq, 'reserved_at', r.reserved_at,
                      'signed_payload', r.signed_payload,
                      'slot', json_build_object('id', upd.id, 'date', upd.date,
                        'start_time', upd.start_time, 'end_time', upd.end_time)))
               FROM r JOIN win ON win.id = r.ticket_id
               JOIN upd ON upd.id = r.slot_id) AS reserved,
            (SELECT array_agg(id) FROM upd) AS granted_slots,
            (SELECT array_agg(id) FROM old
              WHERE status <> 'CLOSED' AND open
                AND (status = 'FULL' OR booked_count + held_count >= total_capacity)) AS full_slots`,
    [
      pick((b) => b.code),
      pick((b) => b.slotId),
      pick((b) => b.email),
      pick((b) => b.phone),
      first,
      instant,
      pick((_, i) => presigned[i]?.payload ?? null),
      pick((_, i) => presigned[i]?.h ?? null),
      pick((_, i) => presigned[i]?.k ?? null),
      pick((_, i) => presigned[i]?.orq ?? null),
      pick((_, i) => presigned[i]?.s ?? null),
      pick((_, i) => presigned[i]?.e ?? null),
      pick((b) => b.locale ?? null),
    ],
  );
  const signed = await signReservation(
    sql,
    (row.reserved ?? []).filter((r) => !r.signed_payload).map((r) => r.id),
  );
  const outcomes: PlaceOutcome[] = batch.map(() => ({ kind: "refused" }));
  const eligible = new Set(row.eligible ?? []);
  const reserved = new Map((row.reserved ?? []).map((r) => [r.code, r]));
  const noRoom = new Set([
    ...(row.granted_slots ?? []),
    ...(row.full_slots ?? []),
  ]);
  for (const i of first) {
    const b = batch[i];
    if (!eligible.has(b.code)) continue; // the caller reads why
    const r = reserved.get(b.code);
    if (r) {
      outcomes[i] = {
        kind: "reserved",
        id: r.id,
        ticket_id: r.ticket_id,
        orq: r.orq,
        reserved_at: new Date(r.reserved_at),
        slot: r.slot,
        signed_payload: r.signed_payload ?? signed.get(r.id) ?? null,
      };
    } else if (noRoom.has(b.slotId)) {
      // Places ran out within this batch, or the slot was already full.
      outcomes[i] = { kind: "full" };
    }
  }
  return outcomes;
}

/**
 * Whether slot `s` lies within its organization `o`'s booking horizon when
 * its wall clock reads `wallClock` (domain/customer_change.ts beyondHorizon:
 * dates up to today + booking_horizon_days − 1).
 */
function withinHorizon(wallClock: string): string {
  return `(s.date <= (${wallClock})::date + (COALESCE(
    (o.settings->>'booking_horizon_days')::int,
    ${DEFAULT_SETTINGS.booking_horizon_days}) - 1))`;
}
