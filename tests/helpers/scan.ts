/** Helpers of the operator scanner tests: staff, reserved tickets, scans, stored rows. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { TestServer } from "./server.ts";
import { post, reserveOnNewSlot, seedStaff } from "./api.ts";

/** The slot most scans are for: 09:00–17:00 on 2026-11-14. */
export const OPEN_ALL_DAY = {
  date: "2026-11-14",
  start: "09:00",
  end: "17:00",
};

/** Seeds an operator and logs in; returns its id and token. */
export async function operator(
  s: TestServer,
  username: string,
  opts: { name?: string; orq?: number } = {},
): Promise<{ id: number; token: string }> {
  const id = await seedStaff(s.db, {
    username,
    name: opts.name,
    orq: opts.orq,
    role: "OPERATOR",
    password: "door-password-1",
  });
  const r = await post(s.url, "/api/operator/login", {
    username,
    password: "door-password-1",
  });
  assertEquals(r.status, 200);
  return { id, token: r.body.token };
}

/** A ticket reserved through the API for a new slot, at the current clock. */
export async function reserved(
  s: TestServer,
  slot: { date: string; start: string; end: string; orq?: number },
): Promise<string> {
  return (await reserveOnNewSlot(s, slot)).code;
}

/** POST /api/operator/validate-ticket with `token`. */
export function validate(s: TestServer, token: string, code: string) {
  return post(s.url, "/api/operator/validate-ticket", { code }, token);
}

/** POST /api/operator/verify-ticket with `token` (and a nonce). */
export function verify(
  s: TestServer,
  token: string,
  code: string,
  nonce?: string,
) {
  return post(s.url, "/api/operator/verify-ticket", { code, nonce }, token);
}

/** The ticket, its reservation and slot as stored, with its events' kinds. */
export async function stored(s: TestServer, code: string) {
  const [row] = await s.db.query<{
    status: string;
    verified_at: Date | null;
    verified_by: number | null;
    reservation_status: string | null;
    reservation_verified_by: number | null;
    verified_count: number | null;
  }>(
    `SELECT t.status, t.verified_at, t.verified_by, r.status AS reservation_status,
            r.verified_by AS reservation_verified_by, sl.verified_count
       FROM tickets t
       LEFT JOIN ticket_reservations r ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
       LEFT JOIN reservation_slots sl ON sl.id = r.slot_id
      WHERE t.code = $1`,
    [code],
  );
  const events = await s.db.query<
    { kind: string; staff_id: number; user_agent: string | null }
  >(
    `SELECT e.kind, e.staff_id, e.user_agent FROM verification_events e
       JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 ORDER BY e.id`,
    [code],
  );
  return {
    ...row,
    kinds: events.map((e) => e.kind),
    events: events.map((e) => ({ ...e })),
  };
}
