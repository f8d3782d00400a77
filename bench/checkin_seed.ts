/**
 * Door-day data for scenario (i): today's slots, a few of them hot, and
 * tickets on them so that every check-in of a bounded run is a real one —
 * RESERVED tickets for first admissions, VERIFIED tickets inside (to scan
 * out) and outside after an exit (to scan back in). Each ticket is scanned
 * once; the app and the raw ceiling get separate tickets of the same shape.
 * Seeded in bulk SQL after bench/seed.ts seedVenue.
 */
import type postgres from "postgres";
import { query as q } from "./db.ts";
import { generateTicketCode } from "../domain/ticket_code.ts";
import { shuffled } from "./inputs.ts";

type Sql = postgres.Sql;

/** What a check-in of a seeded ticket must answer. */
export type Expected = "VALID" | "EXIT" | "REENTRY";

/** One check-in to send: the ticket, the direction and the answer it must get. */
export interface CheckIn {
  code: string;
  direction: "IN" | "OUT";
  expect: Expected;
}

/** The day's shape and how many check-ins each pool needs. */
export interface CheckInPlan {
  /** Organization 1's date today. */
  today: string;
  /** Staff recorded as the admitter of the tickets already inside or out. */
  verifierId: number;
  /** Slots of the day. */
  slots: number;
  /** Of which this many are hot... */
  hotSlots: number;
  /** ...and take this share of the check-ins between them. */
  hotShare: number;
  /** Share of exits and re-entries (half each); the rest are first admissions. */
  doorShare: number;
  /** Check-ins per pool, e.g. `{ app: 47_500, raw: 24_300 }`. */
  pools: Record<string, number>;
}

/** What was seeded. */
export interface CheckInSeed {
  /** The day's slot ids, hot ones first. */
  slotIds: number[];
  /** Per pool, its check-ins in a random order. */
  pools: Record<string, CheckIn[]>;
}

/**
 * The day's slots: every 2 minutes from 01:00 (venue slots start on the hour
 * from 09:00; (f) and (g) use 00:00 and 00:01), all ending at 24:00 so that
 * an admission is GREEN whatever the time of day the run starts.
 */
async function daySlots(sql: Sql, today: string, n: number): Promise<number[]> {
  const rows = await q<{ id: number }>(
    sql,
    `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
     SELECT 1, $1::date, time '01:00' + make_interval(mins => 2 * k), '24:00', 100000
       FROM generate_series(0, $2::int - 1) AS k
     ORDER BY k
     RETURNING id`,
    [today, n],
  );
  return rows.map((r) => r.id);
}

/** A slot for each of `n` check-ins: `hotShare` of them over the hot slots. */
function slotsFor(n: number, ids: number[], plan: CheckInPlan): number[] {
  const hot = ids.slice(0, plan.hotSlots);
  const rest = ids.slice(plan.hotSlots);
  return Array.from(
    { length: n },
    () =>
      Math.random() < plan.hotShare
        ? hot[Math.floor(Math.random() * hot.length)]
        : rest[Math.floor(Math.random() * rest.length)],
  );
}

/**
 * Tickets with their reservations: RESERVED, or VERIFIED and `inside` (one
 * entry) or outside (one entry, one exit), with the door events that say so.
 */
async function tickets(
  sql: Sql,
  codes: string[],
  slots: number[],
  state: "RESERVED" | "INSIDE" | "OUTSIDE",
  verifierId: number,
): Promise<void> {
  for (let i = 0; i < codes.length; i += 20_000) {
    await q(
      sql,
      `WITH x AS (
         SELECT c, s, n FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS x(c, s, n)),
       t AS (
         INSERT INTO tickets (orq, code, status, order_ref, activated_at, reserved_at,
                              customer_email, customer_phone, verified_at, verified_by, inside)
         SELECT 1, c, CASE WHEN $3 = 'RESERVED' THEN 'RESERVED' ELSE 'VERIFIED' END,
                'bench-door', now() - interval '7 days', now() - interval '1 day',
                'guest' || n || '@example.com', '+3163' || lpad(n::text, 7, '0'),
                CASE WHEN $3 <> 'RESERVED' THEN now() - interval '30 minutes' END,
                CASE WHEN $3 <> 'RESERVED' THEN $4::int END,
                $3 = 'INSIDE'
           FROM x
         RETURNING id, code, status, customer_email, customer_phone, reserved_at,
                   verified_at, verified_by)
       INSERT INTO ticket_reservations (ticket_id, slot_id, orq, customer_email,
                                        customer_phone, status, reserved_at, verified_at, verified_by)
       SELECT t.id, x.s, 1, t.customer_email, t.customer_phone, t.status, t.reserved_at,
              t.verified_at, t.verified_by
         FROM t JOIN x ON x.c = t.code`,
      [
        codes.slice(i, i + 20_000),
        slots.slice(i, i + 20_000),
        state,
        verifierId,
      ],
    );
  }
  if (state === "RESERVED") return;
  await q(
    sql,
    `INSERT INTO verification_events (orq, ticket_id, reservation_id, staff_id, kind,
                                      nonce, direction, gate, created_at)
     SELECT 1, t.id, r.id, $2::int, k.kind, 'seed-' || k.kind || '-' || t.code,
            k.direction, 'North', t.verified_at + k.after
       FROM tickets t JOIN ticket_reservations r ON r.ticket_id = t.id
       CROSS JOIN (VALUES ('VERIFIED', 'IN', interval '0'),
                          ('EXIT', 'OUT', interval '10 minutes')) AS k(kind, direction, after)
      WHERE t.code = ANY($1::text[]) AND (k.kind = 'VERIFIED' OR $3::boolean)`,
    [codes, verifierId, state === "OUTSIDE"],
  );
}

/** Seeds `plan`; the slots' counters are set from their reservations. */
export async function seedCheckIns(
  sql: Sql,
  plan: CheckInPlan,
): Promise<CheckInSeed> {
  const slotIds = await daySlots(sql, plan.today, plan.slots);
  const pools: Record<string, CheckIn[]> = {};
  const kinds: [Expected, "RESERVED" | "INSIDE" | "OUTSIDE", "IN" | "OUT"][] = [
    ["VALID", "RESERVED", "IN"],
    ["EXIT", "INSIDE", "OUT"],
    ["REENTRY", "OUTSIDE", "IN"],
  ];
  for (const [name, total] of Object.entries(plan.pools)) {
    const door = Math.round(total * plan.doorShare / 2);
    const counts = [total - 2 * door, door, door];
    const list: CheckIn[] = [];
    for (let k = 0; k < kinds.length; k++) {
      const [expect, state, direction] = kinds[k];
      const codes = Array.from({ length: counts[k] }, generateTicketCode);
      const slots = slotsFor(codes.length, slotIds, plan);
      await tickets(sql, codes, slots, state, plan.verifierId);
      for (const code of codes) list.push({ code, direction, expect });
    }
    pools[name] = shuffled(list);
  }
  await q(
    sql,
    `UPDATE reservation_slots s
        SET booked_count = c.n, verified_count = c.v, entries_count = c.v,
            exits_count = c.x
       FROM (SELECT r.slot_id, count(*)::int AS n,
                    count(*) FILTER (WHERE r.status = 'VERIFIED')::int AS v,
                    count(*) FILTER (WHERE r.status = 'VERIFIED' AND NOT t.inside)::int AS x
               FROM ticket_reservations r JOIN tickets t ON t.id = r.ticket_id
              WHERE r.slot_id = ANY($1::int[])
              GROUP BY r.slot_id) c
      WHERE s.id = c.slot_id`,
    [slotIds],
  );
  await sql.unsafe(
    "VACUUM ANALYZE tickets, reservation_slots, ticket_reservations, verification_events",
  );
  await sql.unsafe("CHECKPOINT");
  return { slotIds, pools };
}

/**
 * The door counters of the day's slots against their rows: verified_count
 * = VERIFIED reservations, entries - exits = tickets inside, entries = door
 * events VERIFIED + REENTRY, exits = EXIT events (none undone). Returns one
 * line per slot that disagrees (empty when all agree).
 */
export async function doorMismatches(
  sql: Sql,
  slotIds: number[],
): Promise<string[]> {
  const rows = await q<{ line: string }>(
    sql,
    `SELECT format('slot %s: verified_count %s / VERIFIED %s, entries %s / events %s, ' ||
                   'exits %s / events %s, inside %s', s.id, s.verified_count, c.v,
                   s.entries_count, e.entries, s.exits_count, e.exits, c.inside) AS line
       FROM reservation_slots s
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE r.status = 'VERIFIED')::int AS v,
                count(*) FILTER (WHERE t.inside)::int AS inside
           FROM ticket_reservations r JOIN tickets t ON t.id = r.ticket_id
          WHERE r.slot_id = s.id) c
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE ev.kind IN ('VERIFIED', 'REENTRY'))::int AS entries,
                count(*) FILTER (WHERE ev.kind = 'EXIT')::int AS exits
           FROM verification_events ev JOIN ticket_reservations r ON r.id = ev.reservation_id
          WHERE r.slot_id = s.id AND ev.undone_at IS NULL) e
      WHERE s.id = ANY($1::int[])
        AND (s.verified_count <> c.v OR s.entries_count - s.exits_count <> c.inside
             OR s.entries_count <> e.entries OR s.exits_count <> e.exits)
      ORDER BY s.id`,
    [slotIds],
  );
  return rows.map((r) => r.line);
}
