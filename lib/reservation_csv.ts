import { stringify } from "csv-stringify/sync";
import type { Sql } from "../db/client.ts";
import { exportPage, type ExportRow } from "../db/reservation_export.ts";

/** The export's columns, in order (API.md "Back office"). */
export const EXPORT_COLUMNS = [
  "reservation_id",
  "ticket_code",
  "status",
  "slot_date",
  "start_time",
  "end_time",
  "customer_email",
  "customer_phone",
  "reserved_at",
  "verified_at",
  "verified_by",
  "order_ref",
] as const;

/** Rows read from the database per page of the stream. */
export const EXPORT_PAGE_ROWS = 1000;

/**
 * A cell a spreadsheet will not run as a formula: text starting with
 * `= + - @`, a tab or a carriage return gets a leading `'`.
 */
export function safeCell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** CSV lines (RFC 4180, CRLF) of `rows`, made safe with {@link safeCell}. */
export function csvLines(rows: (string | number | null)[][]): string {
  return stringify(rows.map((r) => r.map(safeCell)), {
    record_delimiter: "windows",
  });
}

/**
 * The export of `orq`'s reservations with slot dates `from`..`to` as a
 * stream: the header, then one keyset page at a time, read only when the
 * client has taken the previous one (so memory stays at one page).
 */
export function reservationCsvStream(
  db: Sql,
  opts: { orq: number; timezone: string; from: string; to: string },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: [string, string, number] | undefined;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLines([[...EXPORT_COLUMNS]])));
        return;
      }
      const rows = await exportPage(db, {
        ...opts,
        size: EXPORT_PAGE_ROWS,
        after,
      });
      if (rows.length > 0) {
        const last = rows[rows.length - 1];
        after = [last.slot_date, last.start_time, last.reservation_id];
        controller.enqueue(encoder.encode(csvLines(rows.map(cells))));
      }
      if (rows.length < EXPORT_PAGE_ROWS) controller.close();
    },
  }, { highWaterMark: 0 });
}

function cells(r: ExportRow): (string | number | null)[] {
  return EXPORT_COLUMNS.map((c) => r[c]);
}
