import type { Sql } from "./client.ts";

/**
 * The back office's reservation list (API.md "Back office"): by slot date,
 * start, id, filtered and searched, in keyset pages.
 *
 * Every page costs a bounded amount of work, whatever `q` is:
 * - A rare `q` (at most {@link FEW_MATCHES} matches of the filters):
 *   the trigram index (reservation_search, migration 0009) finds all
 *   matches, which are sorted.
 * - A common `q` (an email domain matches nearly every row) fills its
 *   page within the first {@link DENSE_WALK} rows of the ordered walk
 *   below, which is tried first.
 * - A `q` between the two, no `q`, or
 *   a date or slot filter: the reservations are walked in list order
 *   (slots by date and start, then each slot's reservations by id) and
 *   filtered; the walk stops after `limit` matches or {@link WALK_LIMIT}
 *   rows, whichever comes first. A page may then hold fewer than `limit`
 *   items yet carry a cursor: the list goes on after the last row walked.
 */

/** Most matches sorted in memory of the database; more → the ordered walk. */
export const FEW_MATCHES = 1000;
/** Most rows one page of the ordered walk reads. */
export const WALK_LIMIT = 10_000;
/** Rows a search walks first, before it asks the trigram index. */
export const DENSE_WALK = 2_000;

/** Sort key of a list row: slot date, start time (HH:MM), reservation id. */
export type ReservationKey = [string, string, number];

/** Filters and page of {@link listReservations}. */
export interface ReservationListQuery {
  orq: number;
  date?: string;
  slotId?: number;
  status?: string;
  /** LIKE patterns over the search text (domain/reservation_search.ts). */
  patterns?: string[];
  limit: number;
  /** Continue after this key. */
  after?: ReservationKey;
}

/** One reservation as the list shows it. */
export interface ReservationListItem {
  id: number;
  status: string;
  ticket_code: string;
  slot: { id: number; date: string; start_time: string; end_time: string };
  customer_email: string;
  customer_phone: string;
  reserved_at: string;
  verified_at: string | null;
  verified_by: string | null;
  cancelled_at: string | null;
  order_ref: string | null;
}

/** A page: its items and the key to continue after (null: the end). */
export interface ReservationListPage {
  items: ReservationListItem[];
  next: ReservationKey | null;
}

interface Row {
  id: number;
  status: string;
  ticket_code: string;
  slot_id: number;
  date: string;
  start_time: string;
  end_time: string;
  customer_email: string;
  customer_phone: string;
  reserved_at: Date | string;
  verified_at: Date | string | null;
  verified_by: string | null;
  cancelled_at: Date | string | null;
  order_ref: string | null;
  /** Walk only: whether the row passes the filters; its place in the walk. */
  hit?: boolean;
  n?: number | string;
}

const ITEM = `r.id, r.status, t.code AS ticket_code, s.id AS slot_id,
  s.date::text AS date, to_char(s.start_time, 'HH24:MI') AS start_time,
  to_char(s.end_time, 'HH24:MI') AS end_time, r.customer_email,
  r.customer_phone, r.reserved_at, r.verified_at, v.name AS verified_by,
  r.cancelled_at, t.order_ref`;
const DETAILS = `JOIN tickets t ON t.id = r.ticket_id
  LEFT JOIN staff v ON v.id = r.verified_by`;

/** One page of `orq`'s reservations (see the module comment). */
export async function listReservations(
  db: Sql,
  query: ReservationListQuery,
): Promise<ReservationListPage> {
  const narrowed = query.date !== undefined || query.slotId !== undefined;
  if (query.patterns?.length && !narrowed && query.patterns.every(indexed)) {
    // A common q fills its page within a short walk; the index would first
    // collect every one of its matches.
    const dense = await walk(db, query, DENSE_WALK);
    if (dense.next === null || dense.items.length === query.limit) {
      return dense;
    }
    const page = await fewMatches(db, query);
    if (page) return page;
  }
  return await walk(db, query, WALK_LIMIT);
}

/**
 * Whether the trigram index can narrow `pattern`: it needs a run of 3
 * letters or digits (pg_trgm's words); a pattern without one would make the
 * index scan every entry, so the walk serves it instead.
 */
function indexed(pattern: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(pattern);
}

/**
 * Builds `$n` parameters and the filter SQL shared by both strategies;
 * `text` is the search text to match (the row's, or the indexed copy's).
 */
function filters(
  query: ReservationListQuery,
  params: unknown[],
  text = "r.search_text",
) {
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [`s.orq = ${p(query.orq)}`];
  if (query.date !== undefined) where.push(`s.date = ${p(query.date)}::date`);
  if (query.slotId !== undefined) where.push(`s.id = ${p(query.slotId)}`);
  const match: string[] = [];
  if (query.status !== undefined) match.push(`r.status = ${p(query.status)}`);
  if (query.patterns?.length) {
    match.push(`${text} LIKE ANY (${p(query.patterns)}::text[])`);
  }
  let after = "";
  if (query.after) {
    const [d, t, id] = query.after;
    const key = `(${p(d)}::date, ${p(t)}::time)`;
    after = `(s.date, s.start_time) >= ${key} AND
      ((s.date, s.start_time) > ${key} OR r.id > ${p(id)})`;
  }
  return { where, match, after };
}

/**
 * All matches through the trigram index, sorted; null when there are more
 * than {@link FEW_MATCHES} (the walk serves those).
 */
async function fewMatches(
  db: Sql,
  query: ReservationListQuery,
): Promise<ReservationListPage | null> {
  const params: unknown[] = [];
  const { match, after } = filters(query, params, "x.search_text");
  const orq = "$1"; // filters() binds the organization first
  const matches = `reservation_search x
    JOIN ticket_reservations r ON r.id = x.reservation_id
   WHERE r.orq = ${orq} AND ${match.join(" AND ")}`;
  const cap = `$${params.push(FEW_MATCHES + 1)}`;
  const limit = `$${params.push(query.limit + 1)}`;
  // Sort keys of at most `cap` matches first; the details of one page only.
  const rows = await db.query<Row & { total: number | string }>(
    `WITH m AS MATERIALIZED (
       SELECT r.id, r.slot_id FROM ${matches} LIMIT ${cap}),
     k AS MATERIALIZED (
       SELECT r.id FROM m r JOIN reservation_slots s ON s.id = r.slot_id
        WHERE ${after || "true"}
        ORDER BY s.date, s.start_time, r.id
        LIMIT ${limit})
     SELECT ${ITEM}, (SELECT count(*) FROM m) AS total
       FROM k JOIN ticket_reservations r ON r.id = k.id
       JOIN reservation_slots s ON s.id = r.slot_id
       ${DETAILS}
      ORDER BY s.date, s.start_time, r.id`,
    params,
  );
  if (rows.length > 0 && Number(rows[0].total) > FEW_MATCHES) return null;
  if (rows.length === 0 && query.after === undefined) {
    // No row to read the total from: count alone (still capped).
    const [c] = await db.query<{ n: number | string }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${matches} LIMIT ${cap}) c`,
      params.slice(0, -1),
    );
    if (Number(c.n) > FEW_MATCHES) return null;
  } else if (rows.length === 0) {
    return null;
  }
  const items = rows.slice(0, query.limit).map(toItem);
  return {
    items,
    next: rows.length > query.limit ? keyOf(items[items.length - 1]) : null,
  };
}

/** The ordered walk, at most `bound` rows. */
async function walk(
  db: Sql,
  query: ReservationListQuery,
  bound: number,
): Promise<ReservationListPage> {
  const params: unknown[] = [];
  const { where, match, after } = filters(query, params);
  if (after) where.push(after);
  const hit = match.length ? match.join(" AND ") : "true";
  const walkLimit = `$${params.push(bound)}`;
  const limit = `$${params.push(query.limit + 1)}`;
  const rows = await db.query<Row>(
    `SELECT * FROM (
       SELECT ${ITEM}, ${hit} AS hit,
              row_number() OVER (ORDER BY s.date, s.start_time, r.id) AS n
         FROM reservation_slots s
         JOIN ticket_reservations r ON r.slot_id = s.id AND r.orq = s.orq
         ${DETAILS}
        WHERE ${where.join(" AND ")}
        ORDER BY s.date, s.start_time, r.id
        LIMIT ${walkLimit}) w
      WHERE hit OR n = ${walkLimit}
      ORDER BY date, start_time, id
      LIMIT ${limit}`,
    params,
  );
  const hits = rows.filter((r) => r.hit);
  const items = hits.slice(0, query.limit).map(toItem);
  if (hits.length > query.limit) {
    return { items, next: keyOf(items[items.length - 1]) };
  }
  const last = rows[rows.length - 1];
  // The walk stopped at its bound: the list goes on after its last row.
  const stopped = last !== undefined && Number(last.n) === bound;
  return { items, next: stopped ? keyOf(toItem(last)) : null };
}

function keyOf(item: ReservationListItem): ReservationKey {
  return [item.slot.date, item.slot.start_time, item.id];
}

function iso(v: Date | string | null): string | null {
  if (v === null) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

function toItem(r: Row): ReservationListItem {
  return {
    id: r.id,
    status: r.status,
    ticket_code: r.ticket_code,
    slot: {
      id: r.slot_id,
      date: r.date,
      start_time: r.start_time,
      end_time: r.end_time,
    },
    customer_email: r.customer_email,
    customer_phone: r.customer_phone,
    reserved_at: iso(r.reserved_at)!,
    verified_at: iso(r.verified_at),
    verified_by: r.verified_by,
    cancelled_at: iso(r.cancelled_at),
    order_ref: r.order_ref,
  };
}
