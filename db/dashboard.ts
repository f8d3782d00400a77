import type { Sql } from "./client.ts";
import { SLOT_ENDS_AT } from "./slots.ts";

/** One slot of the manager's dashboard (API.md "Manager"). */
export interface DashboardSlot {
  id: number;
  start_time: string;
  end_time: string;
  total_capacity: number;
  booked_count: number;
  verified_count: number;
  /** booked / capacity, 0 to 1. */
  utilization: number;
}

/** The body of `GET /api/dashboard/summary` and of the stream's snapshot. */
export interface DashboardSummary {
  orq: number;
  date: string;
  slots: DashboardSlot[];
  totals: {
    total_capacity: number;
    booked_count: number;
    verified_count: number;
    /** Booked, not verified, in slots that have not ended. */
    expected_count: number;
    /** Booked, not verified, in slots that have ended. */
    no_show_count: number;
  };
}

/** A slot's counts as committed: the data of a live event. */
export interface SlotCounts {
  id: number;
  orq: number;
  date: string;
  booked_count: number;
  available_count: number;
  verified_count: number;
}

/**
 * The slots of `orq` on `date` with their counts; a slot has ended when its
 * end on the organization's wall clock is at or before `instant`.
 */
export async function dashboardSummary(
  sql: Sql,
  req: { orq: number; date: string; instant: Date },
): Promise<DashboardSummary> {
  const rows = await sql.query<
    Omit<DashboardSlot, "utilization"> & { ended: boolean }
  >(
    `SELECT s.id, to_char(s.start_time, 'HH24:MI') AS start_time,
            to_char(s.end_time, 'HH24:MI') AS end_time,
            s.total_capacity, s.booked_count, s.verified_count,
            ${SLOT_ENDS_AT} <= $3::timestamptz AS ended
       FROM reservation_slots s
       JOIN organizations o ON o.orq = s.orq
      WHERE s.orq = $1 AND s.date = $2::date
      ORDER BY s.start_time, s.id`,
    [req.orq, req.date, req.instant],
  );
  const totals = {
    total_capacity: 0,
    booked_count: 0,
    verified_count: 0,
    expected_count: 0,
    no_show_count: 0,
  };
  const slots = rows.map(({ ended, ...s }) => {
    totals.total_capacity += s.total_capacity;
    totals.booked_count += s.booked_count;
    totals.verified_count += s.verified_count;
    const waiting = s.booked_count - s.verified_count;
    if (ended) totals.no_show_count += waiting;
    else totals.expected_count += waiting;
    return {
      ...s,
      utilization: Math.round((s.booked_count / s.total_capacity) * 1e4) / 1e4,
    };
  });
  return { orq: req.orq, date: req.date, slots, totals };
}

/** The committed counts of the slots `ids` (any organization), in one read. */
export async function slotCounts(
  sql: Sql,
  ids: number[],
): Promise<SlotCounts[]> {
  if (ids.length === 0) return [];
  return await sql.query<SlotCounts>(
    `SELECT id, orq, date, booked_count, available_count, verified_count
       FROM reservation_slots WHERE id = ANY($1::int[])`,
    [ids],
  );
}
