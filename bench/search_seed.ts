/**
 * Seeds a large back office in SQL alone (generate_series), for the
 * reservation search and export benchmarks: `days` days of slots (11 a day)
 * from `from`, and `count` reservations of as many tickets spread evenly over
 * them, 3 % CANCELLED, with varied emails and phones. Codes are 20 characters
 * of Crockford's alphabet drawn from md5, so fragments are as selective as
 * real codes. The search text is filled by the migration's trigger.
 */
import type postgres from "postgres";
import { query as q } from "./db.ts";

/** What {@link seedReservations} made. */
export interface SearchSeed {
  slots: number;
  reservations: number;
  /** First and last slot dates. */
  from: string;
  to: string;
}

const NAMES = [
  "anna",
  "bram",
  "chloé",
  "daan",
  "émilie",
  "finn",
  "greta",
  "hugo",
  "iris",
  "jules",
  "kees",
  "lotte",
  "maría",
  "noah",
  "olga",
  "pieter",
  "quinn",
  "renée",
  "sven",
  "tessa",
];

/** Seeds organization `orq` (which must exist) with `count` reservations. */
export async function seedReservations(
  sql: postgres.Sql,
  opts: { orq: number; from: string; days: number; count: number },
): Promise<SearchSeed> {
  const { orq, from, days, count } = opts;
  const perSlot = Math.ceil(count / (days * 11));
  await q(
    sql,
    `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity, booked_count)
     SELECT $1, d::date, make_time(h, 0, 0), make_time(h + 1, 0, 0), $4, 0
       FROM generate_series($2::date, $2::date + ($3::int - 1), interval '1 day') AS d,
            generate_series(9, 19) AS h
      ORDER BY d, h`,
    [orq, from, days, perSlot + 10],
  );
  await q(
    sql,
    `INSERT INTO tickets (orq, code, status, order_ref, activated_at, reserved_at,
                          customer_email, customer_phone)
     SELECT $1,
            translate(upper(substr(encode(decode(md5('t' || n), 'hex'), 'base64'), 1, 20)),
                      'ILOU+/', '110VXY'),
            'RESERVED', 'order-' || (n / 3), now() - interval '30 days',
            now() - interval '20 days', NULL, NULL
       FROM generate_series(1, $2::int) AS n`,
    [orq, count],
  );
  // A bulk load builds the trigram index once at the end (as migration 0009
  // defines it), rather than entry by entry.
  await sql.unsafe("DROP INDEX reservation_search_text_idx");
  // The n-th ticket of this seed (ids are consecutive from the first).
  await q(
    sql,
    `WITH first AS (SELECT min(id) AS id FROM tickets WHERE orq = $1),
          slots AS (SELECT id, row_number() OVER (ORDER BY date, start_time) - 1 AS k
                      FROM reservation_slots WHERE orq = $1)
     INSERT INTO ticket_reservations
       (ticket_id, slot_id, orq, customer_email, customer_phone, status,
        reserved_at, cancelled_at, cancelled_by)
     SELECT first.id + n - 1, slots.id, $1,
            ($3::text[])[1 + n % 20] || '.' || n || '@' ||
              (ARRAY['example.com', 'Mail.Example.org', 'venue.example'])[1 + n % 3],
            '+316' || lpad(((n::bigint * 7919) % 100000000)::text, 8, '0'),
            CASE WHEN n % 33 = 0 THEN 'CANCELLED'
                 WHEN n % 5 = 0 THEN 'VERIFIED' ELSE 'RESERVED' END,
            now() - interval '20 days',
            CASE WHEN n % 33 = 0 THEN now() - interval '10 days' END,
            CASE WHEN n % 33 = 0 THEN 'customer' END
       FROM first, generate_series(1, $2::int) AS n
       JOIN slots ON slots.k = (n - 1) / $4::int`,
    [orq, count, NAMES, perSlot],
  );
  await sql.unsafe(
    `CREATE INDEX reservation_search_text_idx ON reservation_search
       USING gin (search_text gin_trgm_ops) WITH (gin_pending_list_limit = 256)`,
  );
  await q(
    sql,
    `UPDATE reservation_slots s SET booked_count = c.n
       FROM (SELECT slot_id, count(*)::int AS n FROM ticket_reservations
              WHERE status <> 'CANCELLED' GROUP BY slot_id) c
      WHERE s.id = c.slot_id`,
  );
  await sql.unsafe(
    "VACUUM ANALYZE tickets, reservation_slots, ticket_reservations, reservation_search",
  );
  const [r] = await q<
    { slots: number; reservations: number; from: string; to: string }
  >(
    sql,
    `SELECT (SELECT count(*)::int FROM reservation_slots WHERE orq = $1) AS slots,
            (SELECT count(*)::int FROM ticket_reservations WHERE orq = $1) AS reservations,
            (SELECT min(date)::text FROM reservation_slots WHERE orq = $1) AS "from",
            (SELECT max(date)::text FROM reservation_slots WHERE orq = $1) AS "to"`,
    [orq],
  );
  return r;
}
