/** Calls and checks shared by the back-office slot tests. */
import { strictEqual } from "node:assert/strict";
import type { TestServer } from "./server.ts";
import { call, post, reservationBody, seedTickets } from "./api.ts";
import { stateFingerprint } from "./state.ts";

/** Everything a refused slot change must leave as it was. */
export async function snapshot(s: TestServer) {
  return JSON.stringify({
    state: await stateFingerprint(s.db),
    slots: await s.db.query(
      `SELECT id, total_capacity, status, booked_count, held_count
         FROM reservation_slots ORDER BY id`,
    ),
    audit: await s.db.query(`SELECT count(*)::int AS n FROM audit_log`),
  });
}

/** `PATCH /api/reservation-slots/:id`. */
export function patch(
  s: TestServer,
  id: number | string,
  json: unknown,
  token: string,
) {
  return call(s.url, "PATCH", `/api/reservation-slots/${id}`, { json, token });
}

/** `DELETE /api/reservation-slots/:id`. */
export function remove(s: TestServer, id: number | string, token: string) {
  return call(s.url, "DELETE", `/api/reservation-slots/${id}`, {
    json: {},
    token,
  });
}

/** Books `n` places on `slot` over HTTP (each must succeed). */
export async function book(
  s: TestServer,
  slot: number,
  n: number,
): Promise<string[]> {
  const codes = await seedTickets(s.db, n);
  for (const code of codes) {
    const r = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(code, slot),
    );
    strictEqual(r.status, 201, JSON.stringify(r.body));
  }
  return codes;
}

/** The audit entries of `action`, oldest first. */
export async function auditRows(s: TestServer, action: string) {
  return await s.db.query<
    {
      actor_kind: string;
      actor_name: string;
      target_id: string | null;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }
  >(
    `SELECT actor_kind, actor_name, target_id, before, after FROM audit_log
      WHERE action = $1 ORDER BY id`,
    [action],
  );
}
