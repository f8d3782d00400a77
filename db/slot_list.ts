/**
 * The back office's slot list (API.md "Back office (staff)"): every slot of
 * a date range, past included, by date and start, in keyset pages.
 */
import type { Sql } from "./client.ts";
import type { SlotStatus } from "../domain/slot_rules.ts";

/** One item of `GET /api/reservation-slots`. */
export interface SlotListItem {
  id: number;
  date: string;
  start_time: string;
  end_time: string;
  status: SlotStatus;
  total_capacity: number;
  booked_count: number;
  held_count: number;
  available_count: number;
  verified_count: number;
  entries: number;
  exits: number;
  waitlist_count: number;
}

// The door (entries, exits) feature fills those in; until then every
// admission is a first one and nobody leaves.
/** Select list giving {@link SlotListItem}; `s` is the slot table's alias. */
export const SLOT_ITEM_COLUMNS = `s.id, s.date,
    to_char(s.start_time, 'HH24:MI') AS start_time,
    to_char(s.end_time, 'HH24:MI') AS end_time, s.status,
    s.total_capacity, s.booked_count, s.held_count, s.available_count,
    s.verified_count, s.verified_count AS entries, 0 AS exits,
    (SELECT count(*)::int FROM waitlist_entries w
      WHERE w.slot_id = s.id AND w.status IN ('WAITING', 'OFFERED'))
      AS waitlist_count`;

const ITEM_SELECT = `SELECT ${SLOT_ITEM_COLUMNS} FROM reservation_slots s`;

/**
 * Up to `limit` slots of `orq` dated `from` to `to`, after the slot that
 * started at (`after.date`, `after.start_time`) when given.
 */
export async function listSlotPage(
  sql: Sql,
  req: {
    orq: number;
    from: string;
    to: string;
    after?: { date: string; start_time: string };
    limit: number;
  },
): Promise<SlotListItem[]> {
  return await sql.query<SlotListItem>(
    `${ITEM_SELECT}
      WHERE s.orq = $1 AND s.date BETWEEN $2::date AND $3::date
        AND ($4::date IS NULL OR (s.date, s.start_time) > ($4::date, $5::time))
      ORDER BY s.date, s.start_time
      LIMIT $6`,
    [
      req.orq,
      req.from,
      req.to,
      req.after?.date ?? null,
      req.after?.start_time ?? null,
      req.limit,
    ],
  );
}
