/** Helpers of the staff move / cancel / resend tests. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Sql } from "../../db/client.ts";
import {
  post,
  type Reply,
  reservationBody,
  seedSlot,
  seedTickets,
} from "./api.ts";
import { stateFingerprint } from "./state.ts";
import { brokenInvariants } from "./invariants.ts";

/** A reservation made over HTTP on `slotId` with a fresh ticket; the 201 body. */
export async function book(
  s: { url: string; db: Sql },
  slotId: number,
  email = "ada@example.com",
  // deno-lint-ignore no-explicit-any
): Promise<any> {
  const [code] = await seedTickets(s.db, 1);
  const r = await post(s.url, "/api/reservations/create", {
    ...reservationBody(code, slotId),
    customer_email: email,
  });
  assertEquals(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

/** A slot tomorrow (2026-11-27) at `start` for one hour. */
export function tomorrow(
  s: { db: Sql },
  start: string,
  capacity = 10,
  extra: { orq?: number; status?: string } = {},
): Promise<number> {
  const end = `${String(Number(start.slice(0, 2)) + 1).padStart(2, "0")}:00`;
  return seedSlot(s.db, {
    date: "2026-11-27",
    start,
    end,
    capacity,
    ...extra,
  });
}

/** `POST /api/reservations/:id/<action>` as `token`. */
export function change(
  base: string,
  id: number,
  action: "move" | "cancel" | "resend",
  token: string | undefined,
  body: unknown = {},
): Promise<Reply> {
  return post(base, `/api/reservations/${id}/${action}`, body, token);
}

/**
 * Sends the request and asserts its answer `status` and error `code`, and
 * that the database is exactly as before (nothing changed).
 */
export async function refusedUnchanged(
  s: { db: Sql },
  request: () => Promise<Reply>,
  status: number,
  code: string,
): Promise<Reply> {
  const before = await stateFingerprint(s.db);
  const audit = await auditCount(s.db);
  const r = await request();
  assertEquals(
    [r.status, r.body?.error?.code],
    [status, code],
    JSON.stringify(r.body),
  );
  assertEquals(await stateFingerprint(s.db), before);
  assertEquals(await auditCount(s.db), audit);
  return r;
}

/** Rows in the audit log. */
export async function auditCount(db: Sql): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM audit_log",
  );
  return n;
}

/** A slot's counts and status. */
export async function slotState(db: Sql, id: number) {
  const [row] = await db.query<
    { booked_count: number; held_count: number; status: string }
  >(
    "SELECT booked_count, held_count, status FROM reservation_slots WHERE id = $1",
    [id],
  );
  return row;
}

/** Asserts the capacity invariants hold (tests/helpers/invariants.ts). */
export async function assertConsistent(db: Sql): Promise<void> {
  assertEquals(await brokenInvariants(db), []);
}

/** Mail rows of reservation `id`, oldest first, as their kinds. */
export async function mailKinds(db: Sql, id: number): Promise<string[]> {
  const rows = await db.query<{ kind: string }>(
    "SELECT kind FROM mail_outbox WHERE reservation_id = $1 ORDER BY id",
    [id],
  );
  return rows.map((r) => r.kind);
}
