import { isWeakCode, normalizeImportedCode } from "./ticket_code.ts";

/** Rows one import may hold (API.md "Back office": up to 100,000). */
export const MAX_IMPORT_ROWS = 100_000;
/** Skipped rows listed in an answer; the rest are only counted. */
export const MAX_LISTED_SKIPS = 1_000;
/** Longest `order_ref` (as `POST /api/tickets/issue` takes it). */
export const MAX_ORDER_REF = 100;

/** The statuses an imported ticket may start in. */
export type ImportStatus = "PENDING_PAYMENT" | "ACTIVATED";

/** One data row as read from the CSV or JSON (`row` is 1-based). */
export interface RawTicketRow {
  row: number;
  code: string;
  status?: string | null;
  order_ref?: string | null;
}

/** A row fit to insert, its code in stored form. */
export interface ImportRow {
  row: number;
  code: string;
  status: ImportStatus;
  order_ref: string | null;
}

/** A row left out, as the answer lists it. */
export interface SkippedRow {
  row: number;
  code: string;
  reason: "DUPLICATE" | "INVALID";
}

/**
 * The row to insert, or null when it is INVALID: a code that is not 12–64
 * characters of Crockford's alphabet once folded, a status other than
 * empty/PENDING_PAYMENT/ACTIVATED, an order_ref over 100 characters, or a
 * NUL anywhere (PostgreSQL text cannot hold one).
 */
export function judgeRow(raw: RawTicketRow): ImportRow | null {
  const code = normalizeImportedCode(raw.code);
  if (code === null) return null;
  const statusText = (raw.status ?? "").trim().toUpperCase();
  let status: ImportStatus;
  if (statusText === "" || statusText === "PENDING_PAYMENT") {
    status = "PENDING_PAYMENT";
  } else if (statusText === "ACTIVATED") status = "ACTIVATED";
  else return null;
  const ref = (raw.order_ref ?? "").trim();
  if (ref.length > MAX_ORDER_REF || ref.includes("\0")) return null;
  return { row: raw.row, code, status, order_ref: ref === "" ? null : ref };
}

/**
 * Sorts out a whole file: each row judged, later repeats of a code marked
 * DUPLICATE, the rest ordered by code (so that concurrent imports lock the
 * same keys in the same order and cannot deadlock).
 */
export function planImport(rows: Iterable<RawTicketRow>): {
  insert: ImportRow[];
  skipped: SkippedRow[];
} {
  const insert: ImportRow[] = [];
  const skipped: SkippedRow[] = [];
  const seen = new Set<string>();
  for (const raw of rows) {
    const judged = judgeRow(raw);
    if (judged === null) {
      skipped.push({
        row: raw.row,
        code: shownCode(raw.code),
        reason: "INVALID",
      });
    } else if (seen.has(judged.code)) {
      skipped.push({ row: raw.row, code: judged.code, reason: "DUPLICATE" });
    } else {
      seen.add(judged.code);
      insert.push(judged);
    }
  }
  insert.sort((a, b) => a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  return { insert, skipped };
}

/** The answer of an import from the rows left out of `plan` and those the database refused. */
export function importResult(
  planned: { insert: ImportRow[]; skipped: SkippedRow[] },
  inserted: ReadonlySet<string>,
): {
  imported: number;
  skipped: SkippedRow[];
  skipped_count: number;
  weak_codes: number;
} {
  const skipped = [...planned.skipped];
  let weak = 0;
  for (const r of planned.insert) {
    if (!inserted.has(r.code)) {
      skipped.push({ row: r.row, code: r.code, reason: "DUPLICATE" });
    } else if (isWeakCode(r.code)) weak++;
  }
  skipped.sort((a, b) => a.row - b.row);
  return {
    imported: inserted.size,
    skipped: skipped.slice(0, MAX_LISTED_SKIPS),
    skipped_count: skipped.length,
    weak_codes: weak,
  };
}

/** A refused code as the answer echoes it: at most 64 characters, no NUL. */
function shownCode(code: string): string {
  return code.replaceAll("\0", "").slice(0, 64);
}
