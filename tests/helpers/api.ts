/** Small HTTP and seeding helpers for integration tests. */
import type { Sql } from "../../db/client.ts";
import { generateTicketCode } from "../../domain/ticket_code.ts";
import { hashSecret } from "../../lib/passwords.ts";

/** A response's status, headers and parsed JSON body. */
// deno-lint-ignore no-explicit-any
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Sends `body` as JSON (or a raw string) and reads the JSON reply. */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: {
    json?: unknown;
    raw?: string | Uint8Array;
    token?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(opts.json);
  } else if (opts.raw !== undefined) {
    headers["content-type"] ??= "application/json";
    body = opts.raw as BodyInit;
  }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch { /* not JSON: keep the text */ }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** POST JSON. */
export function post(
  base: string,
  path: string,
  json: unknown,
  token?: string,
) {
  return call(base, "POST", path, { json, token });
}

/** GET. */
export function get(base: string, path: string, token?: string) {
  return call(base, "GET", path, { token });
}

/** Inserts a slot straight into the database; returns its id. */
export async function seedSlot(
  sql: Sql,
  s: {
    orq?: number;
    date: string;
    start: string;
    end: string;
    capacity?: number;
    status?: string;
  },
): Promise<number> {
  const rows = await sql.query<{ id: number }>(
    `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity, status)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      s.orq ?? 1,
      s.date,
      s.start,
      s.end,
      s.capacity ?? 200,
      s.status ?? "ACTIVE",
    ],
  );
  return rows[0].id;
}

/** Inserts `count` tickets straight into the database; returns their codes. */
export async function seedTickets(
  sql: Sql,
  count: number,
  opts: { orq?: number; status?: string; expiresAt?: string } = {},
): Promise<string[]> {
  const codes = Array.from({ length: count }, generateTicketCode);
  await sql.query(
    `INSERT INTO tickets (orq, code, status, expires_at)
     SELECT $1, c, $2, $4::timestamptz FROM unnest($3::text[]) c`,
    [opts.orq ?? 1, opts.status ?? "ACTIVATED", codes, opts.expiresAt ?? null],
  );
  return codes;
}

/** Inserts a staff member; returns its id. */
export async function seedStaff(
  sql: Sql,
  s: {
    orq?: number;
    username: string;
    name?: string;
    role: string;
    password?: string;
    pin?: string;
  },
): Promise<number> {
  const rows = await sql.query<{ id: number }>(
    `INSERT INTO staff (orq, username, name, role, password_hash, pin_hash)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      s.orq ?? 1,
      s.username,
      s.name ?? s.username,
      s.role,
      s.password ? await hashSecret(s.password) : null,
      s.pin ? await hashSecret(s.pin) : null,
    ],
  );
  return rows[0].id;
}

/** Logs in and returns the token. */
export async function login(
  base: string,
  username: string,
  secret: { password?: string; pin?: string },
): Promise<string> {
  const r = await post(base, "/api/operator/login", { username, ...secret });
  if (r.status !== 200) {
    throw new Error(`Login of "${username}" failed: ${JSON.stringify(r.body)}`);
  }
  return r.body.token;
}

/** A valid reservation request body. */
export function reservationBody(code: string, slotId: number) {
  return {
    ticket_code: code,
    slot_id: slotId,
    customer_email: "visitor@example.com",
    customer_phone: "+31 6 1234 5678",
  };
}

/**
 * A fresh ticket reserved over HTTP on a fresh slot (the answer must be 201):
 * its code, the slot and the create answer. `extra` overrides request fields.
 */
export async function reserveOnNewSlot(
  s: { url: string; db: Sql },
  slot: Parameters<typeof seedSlot>[1],
  extra: Record<string, unknown> = {},
  // deno-lint-ignore no-explicit-any
): Promise<{ code: string; slotId: number; body: any }> {
  const slotId = await seedSlot(s.db, slot);
  const [code] = await seedTickets(s.db, 1, { orq: slot.orq });
  const r = await post(s.url, "/api/reservations/create", {
    ...reservationBody(code, slotId),
    ...extra,
  });
  if (r.status !== 201) {
    throw new Error(`reservation: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return { code, slotId, body: r.body };
}

/** Replies counted by outcome: `"201"` or `"<status> <error code>"`. */
export function tallyReplies(replies: Reply[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const r of replies) {
    const key = r.status === 201 ? "201" : `${r.status} ${r.body?.error?.code}`;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}

/** Password of the staff {@link staffToken} makes. */
export const STAFF_PASSWORD = "staff-password-1";

/** Seeds a staff member of `role` (password {@link STAFF_PASSWORD}) and logs in; the token. */
export async function staffToken(
  s: { db: Sql; url: string },
  username: string,
  role: string,
  orq = 1,
): Promise<string> {
  await seedStaff(s.db, { username, role, orq, password: STAFF_PASSWORD });
  return await login(s.url, username, { password: STAFF_PASSWORD });
}

/**
 * A second organization and a signed-in principal of each kind, for the
 * role and organization checks of the manager routes: door staff, a manager
 * and an admin of organization 1, a manager of the other organization, and
 * the platform admin.
 */
export async function managerRoutePrincipals(s: { db: Sql; url: string }) {
  const [{ orq: org2 }] = await s.db.query<{ orq: number }>(
    "INSERT INTO organizations (name, timezone) VALUES ('Other', 'UTC') RETURNING orq",
  );
  return {
    org2,
    door: await staffToken(s, "door", "OPERATOR"),
    boss: await staffToken(s, "boss", "MANAGER"),
    admin: await staffToken(s, "chief", "ADMIN"),
    otherBoss: await staffToken(s, "other-boss", "MANAGER", org2),
    root: await login(s.url, "root", { password: "root-password-1" }),
  };
}

/** `GET path` as "status CODE" ("200" on success), for access-rule tables. */
export async function statusOf(
  base: string,
  path: string,
  token?: string,
): Promise<string> {
  const r = await call(base, "GET", path, { token });
  return `${r.status} ${r.body?.error?.code ?? ""}`.trim();
}
