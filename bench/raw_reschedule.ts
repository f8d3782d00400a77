/**
 * Scenario (j)'s data and its raw ceiling: pairs of slots a few days ahead
 * (past the change cut-off, within the booking horizon), bookings the raw
 * callers move back and forth between a pair's two slots, and the check
 * that every slot's count still matches its bookings.
 */
import type postgres from "postgres";
import { query as q } from "./db.ts";

/** The slots of (j): each slot's partner, and all of them in id order. */
export interface SlotPairs {
  pairs: { a: number; b: number }[];
  partner: Map<number, number>;
  ids: number[];
}

/**
 * `n` pairs of slots of organization 1 on days `today + 3 …`, between
 * `hour`:00 and `hour + 1`:59 (two slots on an hour the venue's calendar
 * leaves free), each with `capacity` places.
 */
export async function seedSlotPairs(
  sql: postgres.Sql,
  opts: { today: string; n: number; hour: number; capacity: number },
): Promise<SlotPairs> {
  const rows = await q<{ id: number; k: number; side: number }>(
    sql,
    `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
     SELECT 1, $1::date + 3 + k, make_time($3 + side, 0, 0),
            make_time($3 + side, 59, 0), $4
       FROM generate_series(0, $2::int - 1) AS k, (VALUES (0), (1)) AS x(side)
     ORDER BY k, side
     RETURNING id, (date - $1::date - 3) AS k,
               (extract(hour FROM start_time)::int - $3) AS side`,
    [opts.today, opts.n, opts.hour, opts.capacity],
  );
  const pairs = Array.from({ length: opts.n }, () => ({ a: 0, b: 0 }));
  for (const r of rows) pairs[r.k][r.side === 0 ? "a" : "b"] = r.id;
  const partner = new Map<number, number>();
  for (const p of pairs) {
    partner.set(p.a, p.b);
    partner.set(p.b, p.a);
  }
  return { pairs, partner, ids: rows.map((r) => r.id).sort((x, y) => x - y) };
}

/** Where ticket `k` of a pool is booked first: its pair in turn, A or B alternating. */
export function homeSlot(s: SlotPairs, k: number): number {
  const p = s.pairs[k % s.pairs.length];
  return Math.floor(k / s.pairs.length) % 2 === 0 ? p.a : p.b;
}

/**
 * Books the ACTIVATED tickets `codes` straight in SQL, ticket `k` on
 * homeSlot(k), and counts the places; the reservation ids in `codes`' order.
 */
export async function seedRawBookings(
  sql: postgres.Sql,
  s: SlotPairs,
  codes: string[],
): Promise<number[]> {
  const slots = codes.map((_, k) => homeSlot(s, k));
  const rows = await q<{ id: number; k: number }>(
    sql,
    `WITH t AS (
       UPDATE tickets t
          SET status = 'RESERVED', reserved_at = now(),
              customer_email = 'raw' || x.k || '@example.com',
              customer_phone = '+3162' || lpad(x.k::text, 7, '0'),
              updated_at = now()
         FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS x(code, slot_id, k)
        WHERE t.code = x.code
       RETURNING t.id, t.customer_email, t.customer_phone, x.slot_id, x.k)
     INSERT INTO ticket_reservations
       (ticket_id, slot_id, orq, customer_email, customer_phone, reserved_at)
     SELECT id, slot_id, 1, customer_email, customer_phone, now() FROM t ORDER BY k
     RETURNING id, (SELECT k FROM t WHERE t.id = ticket_id)::int AS k`,
    [codes, slots],
  );
  await q(
    sql,
    `UPDATE reservation_slots s
        SET booked_count = (SELECT count(*) FROM ticket_reservations r
                             WHERE r.slot_id = s.id AND r.status <> 'CANCELLED')
      WHERE s.id = ANY($1::int[])`,
    [s.ids],
  );
  const ids = new Array<number>(codes.length);
  for (const r of rows) ids[r.k - 1] = r.id;
  return ids;
}

const LOCK_SLOTS = `SELECT id FROM reservation_slots
      WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`;

// The place taken in `to` (guarded as the app guards it) and given back in `from`.
const MOVE_PLACE = `UPDATE reservation_slots
        SET booked_count = booked_count + CASE WHEN id = $2 THEN 1 ELSE -1 END,
            updated_at = $3
      WHERE id IN ($1, $2)
        AND (id = $1 OR booked_count + held_count < total_capacity)
     RETURNING id`;

const MOVE_RESERVATION = `UPDATE ticket_reservations
        SET slot_id = $3, version = version + 1, updated_at = $4
      WHERE id = $1 AND slot_id = $2 AND status = 'RESERVED'
     RETURNING id`;

/**
 * The reschedule's SQL core as directly as it goes: BEGIN; both slots
 * locked in id order; the place moved; the reservation moved; COMMIT.
 * No ticket lock, waitlist, signing, mail or audit (the app's own work).
 */
export async function rawReschedule(
  sql: postgres.Sql,
  reservationId: number,
  from: number,
  to: number,
): Promise<void> {
  const instant = new Date();
  await sql.begin(async (tx) => {
    await q(tx, LOCK_SLOTS, [from < to ? [from, to] : [to, from]]);
    const moved = await q(tx, MOVE_PLACE, [from, to, instant]);
    if (moved.length !== 2) throw new Error(`slot ${to} had no room`);
    const r = await q(tx, MOVE_RESERVATION, [reservationId, from, to, instant]);
    if (r.length !== 1) {
      throw new Error(`reservation ${reservationId} was not on slot ${from}`);
    }
  });
}

/** Slots of `ids` whose count differs from their live bookings or exceeds their places. */
export async function brokenSlots(
  sql: postgres.Sql,
  ids: number[],
): Promise<{ id: number; booked_count: number; live: number }[]> {
  return await q(
    sql,
    `SELECT s.id, s.booked_count, s.held_count, s.total_capacity,
            (SELECT count(*)::int FROM ticket_reservations r
              WHERE r.slot_id = s.id AND r.status <> 'CANCELLED') AS live
       FROM reservation_slots s
      WHERE s.id = ANY($1::int[])
        AND (s.booked_count <> (SELECT count(*) FROM ticket_reservations r
                                 WHERE r.slot_id = s.id AND r.status <> 'CANCELLED')
             OR s.booked_count + s.held_count > s.total_capacity)`,
    [ids],
  );
}

/** Moves made so far: the version bumps of the bookings on `ids`' slots. */
export async function movesOn(
  sql: postgres.Sql,
  ids: number[],
): Promise<number> {
  const [{ n }] = await q<{ n: number }>(
    sql,
    `SELECT coalesce(sum(version - 1), 0)::int AS n FROM ticket_reservations
      WHERE slot_id = ANY($1::int[]) AND status <> 'CANCELLED'`,
    [ids],
  );
  return n;
}
