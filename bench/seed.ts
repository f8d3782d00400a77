/**
 * Seeds a venue directly in SQL, after the app has migrated the database and
 * created organization 1: ~1,000 slots over 90 days (11 a day, capacity 200),
 * 20,000 ACTIVATED tickets, some realistic earlier sales (a few sold-out slots,
 * the rest spread over the calendar), and dedicated ticket pools and slots for
 * each benchmark scenario.
 */
import type postgres from "postgres";
import { query as q } from "./db.ts";
import { generateTicketCode } from "../domain/ticket_code.ts";

/** How much to seed. */
export interface SeedPlan {
  /** Days of venue slots, from today. */
  days: number;
  /** Slot start hours, e.g. 9..19 for 11 slots a day. */
  hours: number[];
  capacity: number;
  /** ACTIVATED tickets of the venue (the validation scenario's codes). */
  venueTickets: number;
  /** Tickets already RESERVED before the benchmark. */
  soldTickets: number;
  /** Slots sold out before the benchmark. */
  soldOutSlots: number;
  /** Extra ACTIVATED tickets per scenario pool (never reused across pools). */
  pools: Record<string, number>;
  /** Extra slots on an otherwise quiet evening: name → capacity. */
  extraSlots: Record<string, number>;
}

/** What was seeded. */
export interface Seeded {
  timezone: string;
  /** Organization 1's wall clock when seeding. */
  today: string;
  nowTime: string;
  slotCount: number;
  ticketCount: number;
  reservationCount: number;
  venueCodes: string[];
  pools: Record<string, string[]>;
  /** Venue slots from tomorrow on with at least a quarter of their places free. */
  bookableSlots: number[];
  extraSlots: Record<string, number>;
}

type Sql = postgres.Sql;

function uniqueCodes(n: number, taken: Set<string>): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const c = generateTicketCode();
    if (taken.has(c)) continue;
    taken.add(c);
    out.push(c);
  }
  return out;
}

async function insertTickets(
  sql: Sql,
  codes: string[],
  status: "ACTIVATED" | "RESERVED",
  orderRef: string,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < codes.length; i += 20_000) {
    const part = codes.slice(i, i + 20_000);
    const rows = await q<{ id: number; code: string }>(
      sql,
      `INSERT INTO tickets (orq, code, status, order_ref, activated_at, reserved_at,
                            customer_email, customer_phone)
       SELECT 1, c, $2, $3, now() - interval '7 days',
              CASE WHEN $2 = 'RESERVED' THEN now() - interval '1 day' END,
              CASE WHEN $2 = 'RESERVED' THEN 'visitor' || n || '@example.com' END,
              CASE WHEN $2 = 'RESERVED' THEN '+3161' || lpad(n::text, 7, '0') END
         FROM unnest($1::text[]) WITH ORDINALITY AS x(c, n)
       RETURNING id, code`,
      [part, status, orderRef],
    );
    for (const r of rows) ids.set(r.code, r.id);
  }
  return ids;
}

/** Seeds `plan` into the database behind `sql`. */
export async function seedVenue(sql: Sql, plan: SeedPlan): Promise<Seeded> {
  const [org] = await q<{ timezone: string; today: string; now_time: string }>(
    sql,
    `SELECT timezone,
            to_char(now() AT TIME ZONE timezone, 'YYYY-MM-DD') AS today,
            to_char(now() AT TIME ZONE timezone, 'HH24:MI') AS now_time
       FROM organizations WHERE orq = 1`,
  );
  if (!org) throw new Error("Organization 1 does not exist after start");

  // Venue calendar: `days` days from today, one slot an hour.
  await q(
    sql,
    `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
     SELECT 1, d::date, make_time(h, 0, 0), make_time(h + 1, 0, 0), $3
       FROM generate_series($1::date, $1::date + ($2::int - 1), interval '1 day') AS d,
            unnest($4::int[]) AS h
     ORDER BY d, h`,
    [org.today, plan.days, plan.capacity, plan.hours],
  );
  const venue = await q<{ id: number; date: string }>(
    sql,
    `SELECT id, to_char(date, 'YYYY-MM-DD') AS date FROM reservation_slots
      WHERE orq = 1 AND date > $1::date ORDER BY date, start_time`,
    [org.today],
  );

  // Quiet evening slots for the scenarios (22:00-23:59 are not venue hours).
  const extraSlots: Record<string, number> = {};
  const names = Object.keys(plan.extraSlots);
  for (let k = 0; k < names.length; k++) {
    const day = 1 + Math.floor(plan.days / 2) + Math.floor(k / 3);
    const start = `${20 + (k % 3)}:00`;
    const end = `${20 + (k % 3)}:59`;
    const [row] = await q<{ id: number }>(
      sql,
      `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
       VALUES (1, $1::date + $2::int, $3::time, $4::time, $5) RETURNING id`,
      [org.today, day, start, end, plan.extraSlots[names[k]]],
    );
    extraSlots[names[k]] = row.id;
  }

  // Tickets.
  const taken = new Set<string>();
  const venueCodes = uniqueCodes(plan.venueTickets, taken);
  await insertTickets(sql, venueCodes, "ACTIVATED", "venue");
  const pools: Record<string, string[]> = {};
  for (const [name, n] of Object.entries(plan.pools)) {
    pools[name] = uniqueCodes(n, taken);
    await insertTickets(sql, pools[name], "ACTIVATED", `bench-${name}`);
  }

  // Earlier sales: a few sold-out slots, the rest skewed towards soon.
  const sold = uniqueCodes(plan.soldTickets, taken);
  const soldIds = await insertTickets(sql, sold, "RESERVED", "earlier-sales");
  const perSlot = new Map<number, number>();
  const slotOf: number[] = [];
  const soldOut = new Set<number>();
  while (soldOut.size < Math.min(plan.soldOutSlots, venue.length)) {
    soldOut.add(venue[Math.floor(Math.random() * venue.length)].id);
  }
  for (const id of soldOut) {
    for (let i = 0; i < plan.capacity && slotOf.length < sold.length; i++) {
      slotOf.push(id);
    }
    perSlot.set(id, plan.capacity);
  }
  while (slotOf.length < sold.length) {
    const s = venue[Math.floor(Math.random() ** 2 * venue.length)].id;
    const n = perSlot.get(s) ?? 0;
    if (n >= plan.capacity) continue;
    perSlot.set(s, n + 1);
    slotOf.push(s);
  }
  await q(
    sql,
    `INSERT INTO ticket_reservations
       (ticket_id, slot_id, orq, customer_email, customer_phone, reserved_at)
     SELECT t.id, x.slot_id, 1, t.customer_email, t.customer_phone, t.reserved_at
       FROM unnest($1::int[], $2::int[]) AS x(ticket_id, slot_id)
       JOIN tickets t ON t.id = x.ticket_id`,
    [sold.map((c) => soldIds.get(c)!), slotOf],
  );
  await q(
    sql,
    `UPDATE reservation_slots s
        SET booked_count = c.n,
            status = CASE WHEN c.n >= s.total_capacity THEN 'FULL' ELSE s.status END
       FROM (SELECT slot_id, count(*)::int AS n FROM ticket_reservations GROUP BY slot_id) c
      WHERE s.id = c.slot_id`,
  );

  const bookable = await q<{ id: number }>(
    sql,
    `SELECT id FROM reservation_slots
      WHERE orq = 1 AND date > $1::date AND status = 'ACTIVE'
        AND booked_count * 4 <= total_capacity * 3
        AND NOT (id = ANY($2::int[]))
      ORDER BY id`,
    [org.today, Object.values(extraSlots)],
  );
  const [counts] = await q<{ slots: number; tickets: number; res: number }>(
    sql,
    `SELECT (SELECT count(*)::int FROM reservation_slots) AS slots,
            (SELECT count(*)::int FROM tickets) AS tickets,
            (SELECT count(*)::int FROM ticket_reservations) AS res`,
  );
  await sql.unsafe(
    "VACUUM ANALYZE tickets, reservation_slots, ticket_reservations, mail_outbox",
  );
  await sql.unsafe("CHECKPOINT");
  return {
    timezone: org.timezone,
    today: org.today,
    nowTime: org.now_time,
    slotCount: counts.slots,
    ticketCount: counts.tickets,
    reservationCount: counts.res,
    venueCodes,
    pools,
    bookableSlots: bookable.map((r) => r.id),
    extraSlots,
  };
}
