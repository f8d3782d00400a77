import type { Sql } from "./client.ts";
import { orgWallClock, slotEnded } from "./sql_fragments.ts";
import {
  type DayTotals,
  dayTotals,
  slotUtilization,
} from "../domain/day_totals.ts";
import type { Occupancy } from "../domain/occupancy.ts";

/** One slot of the manager's dashboard (API.md "Manager"). */
export interface DashboardSlot {
  id: number;
  start_time: string;
  end_time: string;
  status: string;
  total_capacity: number;
  booked_count: number;
  held_count: number;
  /** First admissions. */
  verified_count: number;
  /** Every admission, re-entries included. */
  entries: number;
  /** Every exit. */
  exits: number;
  /** booked / capacity, 0 to 1. */
  utilization: number;
}

/** The body of `GET /api/dashboard/summary` and of the stream's snapshot. */
export interface DashboardSummary {
  orq: number;
  date: string;
  slots: DashboardSlot[];
  totals: DayTotals;
  /** People inside now: on today's summary only, else null. */
  occupancy: Occupancy | null;
}

/** A slot's counts as committed: the data of a live event. */
export interface SlotCounts {
  id: number;
  orq: number;
  date: string;
  status: string;
  total_capacity: number;
  held_count: number;
  booked_count: number;
  available_count: number;
  verified_count: number;
  entries: number;
  exits: number;
}

/**
 * The slots of `orq` on `date` with their counts and the day's totals (the
 * summary but its occupancy); a slot has ended when the organization's wall
 * clock at `instant` reads its end or later.
 */
export async function daySummary(
  sql: Sql,
  req: { orq: number; date: string; instant: Date },
): Promise<Omit<DashboardSummary, "occupancy">> {
  const rows = await sql.query<
    Omit<DashboardSlot, "utilization"> & { ended: boolean }
  >(
    `SELECT s.id, to_char(s.start_time, 'HH24:MI') AS start_time,
            to_char(s.end_time, 'HH24:MI') AS end_time, s.status,
            s.total_capacity, s.booked_count, s.held_count, s.verified_count,
            s.entries_count AS entries, s.exits_count AS exits,
            ${slotEnded(orgWallClock("$3::timestamptz"))} AS ended
       FROM reservation_slots s
       JOIN organizations o ON o.orq = s.orq
      WHERE s.orq = $1 AND s.date = $2::date
      ORDER BY s.start_time, s.id`,
    [req.orq, req.date, req.instant],
  );
  const totals = dayTotals(rows, (s) => s.ended);
  const slots = rows.map(({ ended: _, ...s }) => ({
    ...s,
    utilization: slotUtilization(s),
  }));
  return { orq: req.orq, date: req.date, slots, totals };
}

/** The committed counts of the slots `ids` (any organization), in one read. */
export async function slotCounts(
  sql: Sql,
  ids: number[],
): Promise<SlotCounts[]> {
  if (ids.length === 0) return [];
  return await sql.query<SlotCounts>(
    `SELECT id, orq, date, status, total_capacity, held_count, booked_count,
            available_count, verified_count, entries_count AS entries,
            exits_count AS exits
       FROM reservation_slots WHERE id = ANY($1::int[])`,
    [ids],
  );
}
