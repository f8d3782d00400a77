import { parse as csvParse } from "csv-parse/stream";
import { z } from "zod";
import { AppError, validationFailed } from "../domain/errors.ts";
import { MAX_IMPORT_ROWS, type RawTicketRow } from "../domain/ticket_import.ts";
import { parseWith } from "./http.ts";

/**
 * Reading a ticket import (API.md "Back office"): up to 32 MiB, read as a
 * stream. CSV is parsed while it arrives, so that only the rows are held
 * (never the body); JSON needs its whole text. Rows are counted before
 * anything is imported: over 100,000 → 400 and nothing changes.
 */

/** Largest import body (API.md: 32 MiB). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/** Columns a CSV header may name (`code` required). */
const COLUMNS = ["code", "status", "order_ref"] as const;

function tooLarge(): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", {
    message: "A ticket import is at most 32 MiB.",
  });
}

function tooManyRows(field: string): AppError {
  return validationFailed(
    { [field]: `At most ${MAX_IMPORT_ROWS} rows` },
    `An import holds at most ${MAX_IMPORT_ROWS} rows; nothing was imported.`,
  );
}

/** The request body as a stream of at most MAX_IMPORT_BYTES (413 beyond). */
function limitedBody(req: Request): ReadableStream<Uint8Array> {
  const length = req.headers.get("content-length");
  if (length !== null && Number(length) > MAX_IMPORT_BYTES) throw tooLarge();
  let size = 0;
  const body = req.body ?? new Response("").body!;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        size += chunk.byteLength;
        if (size > MAX_IMPORT_BYTES) throw tooLarge();
        ctl.enqueue(chunk);
      },
    }),
  );
}

/**
 * The data rows of a CSV import: RFC 4180, UTF-8 (BOM ignored), CRLF or
 * LF, a header naming `code` and optionally `status`, `order_ref` in any
 * order (case and surrounding spaces ignored). A missing `code` column, an
 * unknown or repeated column, or malformed quoting → 400.
 */
export async function readCsvRows(req: Request): Promise<RawTicketRow[]> {
  const head: { names: string[] | null; problem: string | null } = {
    names: null,
    problem: null,
  };
  const parser = csvParse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    // One row's text; a larger field is not a ticket.
    max_record_size: 64 * 1024,
    columns: (names: string[]) => {
      head.names = names.map((n) => n.trim().toLowerCase());
      head.problem = checkHeader(head.names);
      return head.names;
    },
  });
  const rows: RawTicketRow[] = [];
  let reader: ReadableStreamDefaultReader<Record<string, string>> | null = null;
  try {
    reader = limitedBody(req).pipeThrough(parser).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (head.problem) break;
      if (rows.length >= MAX_IMPORT_ROWS) throw tooManyRows("body");
      rows.push({
        row: rows.length + 1,
        code: value.code ?? "",
        status: value.status,
        order_ref: value.order_ref,
      });
    }
  } catch (err) {
    await reader?.cancel().catch(() => {});
    if (err instanceof AppError) throw err;
    const e = err as { code?: unknown; lines?: unknown };
    if (typeof e.code === "string" && e.code.startsWith("CSV_")) {
      throw validationFailed(
        { body: `Malformed CSV near line ${e.lines ?? "?"} (${e.code})` },
        "The CSV could not be read; nothing was imported.",
      );
    }
    throw validationFailed({ body: "Could not read the request body" });
  }
  if (head.problem || head.names === null) {
    await reader?.cancel().catch(() => {});
    throw validationFailed(
      { body: head.problem ?? "Expected a header row naming `code`" },
      "The CSV header must name a `code` column.",
    );
  }
  return rows;
}

/** Why a CSV header is refused, or null. */
function checkHeader(names: string[]): string | null {
  const seen = new Set<string>();
  for (const n of names) {
    if (!(COLUMNS as readonly string[]).includes(n)) {
      return `Unknown column "${
        n.slice(0, 40)
      }": expected code, status, order_ref`;
    }
    if (seen.has(n)) return `Column "${n}" appears twice`;
    seen.add(n);
  }
  return seen.has("code") ? null : "Expected a header row naming `code`";
}

/** One ticket of a JSON import: types are checked here, values per row. */
export const importTicket = z.strictObject({
  code: z.string(),
  status: z.string().nullish(),
  order_ref: z.string().nullish(),
});

/** Body of a JSON `POST /api/tickets/import`. */
export const importJsonBody = z.strictObject({
  orq: z.int().positive().max(2_147_483_647),
  tickets: z.array(importTicket),
});

/** The organization and rows of a JSON import. */
export async function readJsonImport(
  req: Request,
): Promise<{ orq: number; rows: RawTicketRow[] }> {
  let text: string;
  try {
    const parts: string[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of limitedBody(req)) {
      parts.push(decoder.decode(chunk, { stream: true }));
    }
    parts.push(decoder.decode());
    text = parts.join("");
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw validationFailed({ body: "Could not read the request body" });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw validationFailed({ body: "Malformed JSON" });
  }
  // Counted before the rows are checked one by one.
  const tickets = (value as { tickets?: unknown } | null)?.tickets;
  if (Array.isArray(tickets) && tickets.length > MAX_IMPORT_ROWS) {
    throw tooManyRows("tickets");
  }
  const body = parseWith(importJsonBody, value);
  return {
    orq: body.orq,
    rows: body.tickets.map((t, i) => ({ row: i + 1, ...t })),
  };
}
