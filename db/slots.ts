import type { Sql } from "./client.ts";
import type { ZonedNow } from "../domain/clock.ts";
import type { SlotStatus } from "../domain/slot_rules.ts";
import { batchedSql, BatchLoader } from "./batch_loader.ts";
import { slotEnded, wallClockOf } from "./sql_fragments.ts";

/** A slot as the API shows it. */
export interface SlotRow {
  id: number;
  orq: number;
  date: string;
  start_time: string;
  end_time: string;
  total_capacity: number;
  booked_count: number;
  held_count: number;
  available_count: number;
  verified_count: number;
  status: SlotStatus;
}

/** Select list giving {@link SlotRow}; `s` is the slot table's alias. */
export const SLOT_COLUMNS = `s.id, s.orq, s.date,
  to_char(s.start_time, 'HH24:MI') AS start_time,
  to_char(s.end_time, 'HH24:MI') AS end_time,
  s.total_capacity, s.booked_count, s.held_count, s.available_count, s.verified_count,
  s.status`;

/**
 * Reads slots by id; concurrent lookups share one query. One per database,
 * built by `createStore` (db/store.ts).
 */
export function slotLoader(sql: Sql): BatchLoader<number, SlotRow> {
  return new BatchLoader(async (ids: number[]) => {
    const rows = await batchedSql(sql).query<SlotRow>(
      `SELECT ${SLOT_COLUMNS} FROM reservation_slots s WHERE s.id = ANY($1::int[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  });
}

/**
 * Slots of `orq` from `from` to `to` (inclusive) that have not ended at the
 * organization's wall clock `now`, in date and time order.
 */
export async function listSlots(
  sql: Sql,
  req: { orq: number; from: string; to: string; now: ZonedNow },
): Promise<SlotRow[]> {
  return await sql.query<SlotRow>(
    `SELECT ${SLOT_COLUMNS} FROM reservation_slots s
      WHERE s.orq = $1 AND s.date BETWEEN $2::date AND $3::date
        AND NOT ${slotEnded(wallClockOf("$4", "$5"))}
      ORDER BY s.date, s.start_time`,
    [req.orq, req.from, req.to, req.now.date, req.now.time],
  );
}

/**
 * Up to `limit` bookable slots of the slot's organization, nearest in time to
 * its start first (API.md: SLOT_FULL alternatives). Two short index-ordered
 * scans, one forward and one back from the full slot, then the nearest.
 */
export async function alternativeSlots(
  sql: Sql,
  req: { slotId: number; now: ZonedNow; limit?: number; party?: number },
): Promise<SlotRow[]> {
  const bookable = `s.orq = f.orq AND s.id <> f.id
        AND s.status = 'ACTIVE' AND s.available_count >= $5
        AND NOT ${slotEnded(wallClockOf("$2", "$3"))}`;
  return await sql.query<SlotRow>(
    `WITH f AS (SELECT id, orq, date, start_time FROM reservation_slots WHERE id = $1),
     later AS (
       SELECT s.id FROM reservation_slots s, f
        WHERE ${bookable} AND (s.date, s.start_time) >= (f.date, f.start_time)
        ORDER BY s.date, s.start_time LIMIT $4),
     earlier AS (
       SELECT s.id FROM reservation_slots s, f
        WHERE ${bookable} AND (s.date, s.start_time) < (f.date, f.start_time)
        ORDER BY s.date DESC, s.start_time DESC LIMIT $4)
     SELECT ${SLOT_COLUMNS} FROM reservation_slots s, f
      WHERE s.id IN (SELECT id FROM later UNION ALL SELECT id FROM earlier)
      ORDER BY abs(extract(epoch FROM (s.date + s.start_time) - (f.date + f.start_time))),
               s.date, s.start_time
      LIMIT $4`,
    [req.slotId, req.now.date, req.now.time, req.limit ?? 5, req.party ?? 1],
  );
}

/**
 * {@link alternativeSlots} as SLOT_FULL's details list them (API.md), for
 * bookings and staff moves alike; `party`: room for a group that size.
 */
export async function slotAlternatives(
  sql: Sql,
  req: { slotId: number; now: ZonedNow; party?: number },
): Promise<
  Pick<SlotRow, "id" | "date" | "start_time" | "end_time" | "available_count">[]
> {
  return (await alternativeSlots(sql, req)).map((s) => ({
    id: s.id,
    date: s.date,
    start_time: s.start_time,
    end_time: s.end_time,
    available_count: s.available_count,
  }));
}

/** One slot to create. */
export interface NewSlot {
  date: string;
  start_time: string;
  end_time: string;
}

/**
 * Inserts the slots of `orq`; ones whose (date, start_time) exists already are
 * returned as skipped, not doubled.
 */
export async function createSlots(
  sql: Sql,
  req: { orq: number; slots: NewSlot[]; total_capacity: number },
): Promise<{ created: SlotRow[]; skipped: NewSlot[] }> {
  const created = await sql.query<SlotRow>(
    // The organization's row is share-locked so that a time-zone change
    // (which locks it for update, then looks for slots still to come)
    // cannot pass between this insert's check and its commit.
    `WITH org AS (SELECT orq FROM organizations WHERE orq = $1 FOR SHARE),
     ins AS (
       INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
       SELECT org.orq, d, st, et, $2
         FROM org, unnest($3::date[], $4::time[], $5::time[]) AS x(d, st, et)
       ON CONFLICT (date, start_time, orq) DO NOTHING
       RETURNING *)
     SELECT ${SLOT_COLUMNS} FROM ins s ORDER BY s.date, s.start_time`,
    [
      req.orq,
      req.total_capacity,
      req.slots.map((s) => s.date),
      req.slots.map((s) => s.start_time),
      req.slots.map((s) => s.end_time),
    ],
  );
  const made = new Set(created.map((s) => `${s.date} ${s.start_time}`));
  const skipped = req.slots.filter((s) =>
    !made.has(`${s.date} ${s.start_time}`)
  );
  return { created, skipped };
}

/** The `date start_time` keys of `slots` that `orq` has already (a preview reads, never writes). */
export async function existingSlotKeys(
  sql: Sql,
  req: { orq: number; slots: NewSlot[] },
): Promise<Set<string>> {
  const rows = await sql.query<{ key: string }>(
    `SELECT s.date::text || ' ' || to_char(s.start_time, 'HH24:MI') AS key
       FROM reservation_slots s
       JOIN unnest($2::date[], $3::time[]) AS x(d, st)
         ON s.date = x.d AND s.start_time = x.st
      WHERE s.orq = $1`,
    [
      req.orq,
      req.slots.map((s) => s.date),
      req.slots.map((s) => s.start_time),
    ],
  );
  return new Set(rows.map((r) => r.key));
}
