import type { Sql } from "./client.ts";

/**
 * The reservation export (API.md "Back office"): every status, by slot date,
 * start and id, read in keyset pages so that no more than one page is ever
 * held in memory. Instants come back as ISO 8601 in the venue's zone, with
 * its offset (`2026-11-26T11:00:00+01:00`).
 */

/** One exported row, in the export's column order. */
export interface ExportRow {
  reservation_id: number;
  ticket_code: string;
  status: string;
  slot_date: string;
  start_time: string;
  end_time: string;
  customer_email: string;
  customer_phone: string;
  reserved_at: string;
  verified_at: string | null;
  verified_by: string | null;
  order_ref: string | null;
}

/** Where a page starts: after this slot date, start and reservation id. */
export type ExportKey = [string, string, number];

/** `ts` (a timestamptz expression) as ISO 8601 in zone `tz` with its offset. */
function zonedIso(ts: string, tz: string): string {
  const off = `((${ts}) AT TIME ZONE ${tz} - (${ts}) AT TIME ZONE 'UTC')`;
  return `(to_char((${ts}) AT TIME ZONE ${tz}, 'YYYY-MM-DD"T"HH24:MI:SS') ||
    CASE WHEN ${off} < interval '0' THEN '-' || to_char(-${off}, 'HH24:MI')
         ELSE '+' || to_char(${off}, 'HH24:MI') END)`;
}

/** Up to `size` rows of `orq` with slot dates `from`..`to`, after `after`. */
export async function exportPage(
  db: Sql,
  opts: {
    orq: number;
    timezone: string;
    from: string;
    to: string;
    size: number;
    after?: ExportKey;
  },
): Promise<ExportRow[]> {
  const params: unknown[] = [opts.orq, opts.from, opts.to, opts.timezone];
  let after = "";
  if (opts.after) {
    const [d, t, id] = opts.after;
    params.push(d, t, id);
    after = `AND (s.date, s.start_time) >= ($5::date, $6::time)
      AND ((s.date, s.start_time) > ($5::date, $6::time) OR r.id > $7)`;
  }
  params.push(opts.size);
  return await db.query<ExportRow>(
    `SELECT r.id AS reservation_id, t.code AS ticket_code, r.status,
            s.date::text AS slot_date, to_char(s.start_time, 'HH24:MI') AS start_time,
            to_char(s.end_time, 'HH24:MI') AS end_time,
            r.customer_email, r.customer_phone,
            ${zonedIso("r.reserved_at", "$4::text")} AS reserved_at,
            ${zonedIso("r.verified_at", "$4::text")} AS verified_at,
            v.name AS verified_by, t.order_ref
       FROM reservation_slots s
       JOIN ticket_reservations r ON r.slot_id = s.id AND r.orq = s.orq
       JOIN tickets t ON t.id = r.ticket_id
       LEFT JOIN staff v ON v.id = r.verified_by
      WHERE s.orq = $1 AND s.date BETWEEN $2::date AND $3::date ${after}
      ORDER BY s.date, s.start_time, r.id
      LIMIT $${params.length}`,
    params,
  );
}
