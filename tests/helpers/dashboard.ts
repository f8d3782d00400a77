/** Helpers of the dashboard tests: a reservation, a verification, a stream. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { TestServer } from "./server.ts";
import { post, reservationBody } from "./api.ts";
import { openSse, type SseClient } from "./sse.ts";

/** POST /api/reservations/create of `code` on `slotId`. */
export async function reserve(s: TestServer, code: string, slotId: number) {
  return await post(
    s.url,
    "/api/reservations/create",
    reservationBody(code, slotId),
  );
}

/** Verifies `code` at the door with `token`; it must come out VERIFIED. */
export async function verify(s: TestServer, token: string, code: string) {
  const r = await post(s.url, "/api/operator/verify-ticket", { code }, token);
  assertEquals(r.status, 200, JSON.stringify(r.body));
  assertEquals(r.body.result, "VERIFIED");
}

/** Opens the manager's dashboard stream of organization 1. */
export function stream(
  s: TestServer,
  token: string,
  extra = {},
): Promise<SseClient> {
  return openSse(`${s.url}/api/dashboard/stream?orq=1`, {
    authorization: `Bearer ${token}`,
    ...extra,
  });
}

/** A door event written straight into the log (as the door routes record them). */
export async function doorEvent(
  s: TestServer,
  e: {
    code: string;
    kind: "VERIFIED" | "REENTRY" | "EXIT" | "RESCAN";
    gate: string | null;
    at: string;
    undone?: boolean;
    orq?: number;
  },
): Promise<void> {
  await s.db.query(
    `INSERT INTO verification_events
       (orq, ticket_id, kind, direction, gate, created_at, undone_at)
     SELECT $1, t.id, $3, CASE WHEN $3 = 'EXIT' THEN 'OUT' ELSE 'IN' END, $4,
            $5::timestamptz, CASE WHEN $6 THEN $5::timestamptz END
       FROM tickets t WHERE t.code = $2`,
    [e.orq ?? 1, e.code, e.kind, e.gate, e.at, e.undone ?? false],
  );
}

/** Sets a slot's entries and exits (as the door routes count them). */
export async function doorCounts(
  s: TestServer,
  slot: number,
  entries: number,
  exits: number,
): Promise<void> {
  await s.db.query(
    "UPDATE reservation_slots SET entries_count = $2, exits_count = $3 WHERE id = $1",
    [slot, entries, exits],
  );
}

/** Sets organization `orq`'s max_occupancy and forgets this instance's copy. */
export async function setMaxOccupancy(
  s: TestServer,
  max: number | null,
  orq = 1,
): Promise<void> {
  await s.db.query(
    `UPDATE organizations
        SET settings = settings || jsonb_build_object('max_occupancy', $2::int)
      WHERE orq = $1`,
    [orq, max],
  );
  s.deps.orgs.forget(orq);
}
