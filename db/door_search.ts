import type { Sql } from "./client.ts";
import { TICKET_SELECT, type TicketRow } from "./tickets.ts";

/** What {@link searchToday} looks for. */
export interface DoorSearchQuery {
  orq: number;
  /** Today in the venue's zone, `YYYY-MM-DD`. */
  date: string;
  /** LIKE patterns over the stored search text (domain/door_search.ts). */
  patterns: string[];
  limit: number;
}

/**
 * The RESERVED and VERIFIED reservations of `orq` on `date` whose search
 * text matches one of the patterns, by slot start then reservation id, as
 * the scanner reads tickets ({@link TicketRow}), in one statement.
 *
 * The matches are found first, on reservation ids only: the planner either
 * reads the day's reservations through the organization's slots of that
 * date (bounded by one day's bookings, right for a common fragment such as
 * an email domain) or asks the trigram index of reservation_search (right for a
 * rare fragment such as part of a code). Only the page's rows are then read
 * in full.
 */
export async function searchToday(
  db: Sql,
  query: DoorSearchQuery,
): Promise<TicketRow[]> {
  return await db.query<TicketRow>(
    `WITH m AS MATERIALIZED (
       SELECT r.id FROM reservation_slots s
         JOIN ticket_reservations r ON r.slot_id = s.id AND r.orq = s.orq
        WHERE s.orq = $1 AND s.date = $2::date
          AND r.status IN ('RESERVED', 'VERIFIED')
          AND r.id IN (SELECT x.reservation_id FROM reservation_search x
                        WHERE x.search_text LIKE ANY ($3::text[]))
        ORDER BY s.start_time, r.id
        LIMIT $4)
     ${TICKET_SELECT}
      WHERE r.id IN (SELECT id FROM m)
      ORDER BY s.start_time, r.id`,
    [query.orq, query.date, query.patterns, query.limit],
  );
}
