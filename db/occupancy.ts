import type { Sql } from "./client.ts";
import type { GateCount } from "../domain/occupancy.ts";

/**
 * People inside `orq` on `date` (its venue's today) and the day's entries and
 * exits per gate, in one statement. Inside = Σ(entries − exits) over the
 * day's slots: a ticket's slot is on one date, so the count starts again at
 * the venue's midnight. Gates come from the day's door log (from the venue's
 * midnight in `timezone`, on the (orq, created_at) index): VERIFIED and
 * REENTRY are entries, EXIT exits, undone events count for nothing; gate
 * names are grouped case-insensitively and shown as first spelled that day.
 */
export async function occupancyCounts(
  sql: Sql,
  req: { orq: number; date: string; timezone: string },
): Promise<{ inside: number; gates: GateCount[] }> {
  const [row] = await sql.query<{ inside: number; gates: GateCount[] }>(
    `SELECT
       (SELECT COALESCE(sum(s.entries_count - s.exits_count), 0)::int
          FROM reservation_slots s
         WHERE s.orq = $1 AND s.date = $2::date) AS inside,
       (SELECT COALESCE(json_agg(g ORDER BY g.gate IS NULL, lower(g.gate)), '[]'::json)
          FROM (SELECT (array_agg(e.gate ORDER BY e.id))[1] AS gate,
                       count(*) FILTER (WHERE e.kind <> 'EXIT')::int AS entries,
                       count(*) FILTER (WHERE e.kind = 'EXIT')::int AS exits
                  FROM verification_events e
                 WHERE e.orq = $1
                   AND e.created_at >= ($2::date::timestamp AT TIME ZONE $3::text)
                   AND e.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3::text)
                   AND e.kind IN ('VERIFIED', 'REENTRY', 'EXIT')
                   AND e.undone_at IS NULL
                 GROUP BY lower(e.gate)) g) AS gates`,
    [req.orq, req.date, req.timezone],
  );
  return { inside: row.inside, gates: row.gates };
}
