/** Helpers of the offline sync tests: scans, uploads, and door counts against events. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { TestServer } from "./server.ts";
import { post } from "./api.ts";
import { freshNonce } from "./door.ts";

/** One offline scan as a device uploads it. */
export interface Scan {
  nonce: string;
  code: string;
  scanned_at: string;
  gate?: string | null;
  direction?: "IN" | "OUT";
  offline_result: "GREEN" | "RED" | "YELLOW";
  scanned_by: number;
}

/** An admission the device made at Amsterdam wall time `local` (`2026-11-14T09:10`). */
export function offlineScan(
  code: string,
  local: string,
  by: number,
  opts: Partial<Scan> = {},
): Scan {
  return {
    nonce: freshNonce(),
    code,
    scanned_at: `${local}:00+01:00`,
    gate: null,
    direction: "IN",
    offline_result: "GREEN",
    scanned_by: by,
    ...opts,
  };
}

/** POST /api/operator/sync of `device`. */
export function sync(
  s: TestServer,
  token: string,
  device: string,
  scans: Scan[],
) {
  return post(s.url, "/api/operator/sync", { device, scans }, token);
}

/**
 * Every slot's door counts against the door log: verified = its VERIFIED
 * tickets and live first admissions, entries = live admissions and
 * re-entries, exits = live exits. Rows that disagree; empty when consistent.
 */
export async function brokenDoorCounts(s: TestServer): Promise<string[]> {
  const rows = await s.db.query<{ broken: string }>(
    `WITH ev AS (
       SELECT r.slot_id,
              count(*) FILTER (WHERE e.kind = 'VERIFIED')::int AS verified,
              count(*) FILTER (WHERE e.kind IN ('VERIFIED', 'REENTRY'))::int AS entries,
              count(*) FILTER (WHERE e.kind = 'EXIT')::int AS exits
         FROM verification_events e
         JOIN ticket_reservations r ON r.id = e.reservation_id
        WHERE e.undone_at IS NULL AND e.kind IN ('VERIFIED', 'REENTRY', 'EXIT')
        GROUP BY r.slot_id),
     tk AS (
       SELECT r.slot_id, count(*)::int AS verified
         FROM tickets t JOIN ticket_reservations r
           ON r.ticket_id = t.id AND r.status = 'VERIFIED'
        WHERE t.status = 'VERIFIED' GROUP BY r.slot_id)
     SELECT 'slot ' || s.id || ': counts ' || s.verified_count || '/' ||
            s.entries_count || '/' || s.exits_count || ', events ' ||
            coalesce(ev.verified, 0) || '/' || coalesce(ev.entries, 0) || '/' ||
            coalesce(ev.exits, 0) || ', verified tickets ' ||
            coalesce(tk.verified, 0) AS broken
       FROM reservation_slots s
       LEFT JOIN ev ON ev.slot_id = s.id
       LEFT JOIN tk ON tk.slot_id = s.id
      WHERE s.verified_count <> coalesce(ev.verified, 0)
         OR s.entries_count <> coalesce(ev.entries, 0)
         OR s.exits_count <> coalesce(ev.exits, 0)
         OR s.verified_count <> coalesce(tk.verified, 0)`,
  );
  return rows.map((r) => r.broken);
}

/** Fails unless the door counts agree with the log (see {@link brokenDoorCounts}). */
export async function assertDoorCounts(s: TestServer): Promise<void> {
  assertEquals(await brokenDoorCounts(s), []);
}
