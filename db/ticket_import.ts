import type { Sql } from "./client.ts";
import type { ImportRow } from "../domain/ticket_import.ts";

/** Rows a single INSERT carries: few round trips, bounded parameter arrays. */
export const IMPORT_CHUNK = 5_000;
/**
 * On the embedded database every statement waits for the one before, so
 * smaller chunks let the door's scans and bookings in between.
 */
export const EMBEDDED_IMPORT_CHUNK = 1_000;

/**
 * Inserts `rows` for `orq` in chunks, skipping codes that exist already (in
 * any organization, or inserted meanwhile by a concurrent import, which the
 * unique index makes wait for and then skip). Returns the codes inserted.
 * Callers pass rows sorted by code so that concurrent imports lock in the
 * same order. Each chunk commits on its own when `sql` is the pool: an
 * import repeated after a failure imports just the rest.
 */
export async function insertImportedTickets(
  sql: Sql,
  orq: number,
  rows: readonly ImportRow[],
  chunkSize = IMPORT_CHUNK,
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let at = 0; at < rows.length; at += chunkSize) {
    const chunk = rows.slice(at, at + chunkSize);
    const got = await sql.query<{ code: string }>(
      `INSERT INTO tickets (orq, code, status, order_ref, activated_at)
       SELECT $1, u.code, u.status, u.order_ref,
              CASE WHEN u.status = 'ACTIVATED' THEN now() END
         FROM unnest($2::text[], $3::text[], $4::text[]) AS u(code, status, order_ref)
       ON CONFLICT (code) DO NOTHING
       RETURNING code`,
      [
        orq,
        chunk.map((r) => r.code),
        chunk.map((r) => r.status),
        chunk.map((r) => r.order_ref),
      ],
    );
    for (const r of got) inserted.add(r.code);
  }
  return inserted;
}
