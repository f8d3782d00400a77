/**
 * Door-side data for scenarios (f) and (g): staff who sign in with a PIN,
 * and tickets reserved for today (00:00–24:00 slots, so that a scan is
 * GREEN whatever the time of day) next to tickets in every other state a
 * scanner meets. Seeded in SQL after bench/seed.ts seedVenue.
 */
import type postgres from "postgres";
import { query as q } from "./db.ts";
import { addDays } from "../domain/clock.ts";
import { generateTicketCode } from "../domain/ticket_code.ts";
import { shuffled } from "./inputs.ts";
import { hashSecret } from "../lib/passwords.ts";

type Sql = postgres.Sql;

/**
 * A staff member of organization 1: an OPERATOR signs in with `secret` as
 * a PIN, a MANAGER with it as a password (PINs open door accounts only).
 */
export interface StaffLogin {
  username: string;
  role: "OPERATOR" | "MANAGER";
  secret: string;
}

/** The login body's secret field for `who`. */
function secretField(who: StaffLogin): "pin" | "password" {
  return who.role === "OPERATOR" ? "pin" : "password";
}

/** Inserts `who` with a hashed secret (lib/passwords.ts); returns the staff id. */
export async function seedStaff(sql: Sql, who: StaffLogin): Promise<number> {
  const column = secretField(who) === "pin" ? "pin_hash" : "password_hash";
  const [row] = await q<{ id: number }>(
    sql,
    `INSERT INTO staff (orq, username, name, role, ${column})
     VALUES (1, $1, $2, $3, $4) RETURNING id`,
    [who.username, `Bench ${who.role}`, who.role, await hashSecret(who.secret)],
  );
  return row.id;
}

/** Signs `who` in over HTTP (POST /api/operator/login); returns the token. */
export async function login(baseUrl: string, who: StaffLogin): Promise<string> {
  const res = await fetch(`${baseUrl}/api/operator/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      username: who.username,
      [secretField(who)]: who.secret,
    }),
  });
  const body = await res.json();
  if (res.status !== 200 || typeof body.token !== "string") {
    throw new Error(
      `login ${who.username}: ${res.status} ${JSON.stringify(body)}`,
    );
  }
  return body.token;
}

/** How many tickets of each kind to seed. */
export interface ScanPlan {
  /** Organization 1's date today (bench/seed.ts Seeded.today). */
  today: string;
  /** Staff id recorded as the verifier of the VERIFIED tickets. */
  verifierId: number;
  /** RESERVED for today: GREEN VALID. */
  reservedToday: number;
  /** VERIFIED earlier today and still inside: YELLOW ALREADY_VERIFIED. */
  verified: number;
  /** RESERVED for tomorrow: RED WRONG_DATE. */
  tomorrow: number;
  /** PENDING_PAYMENT: RED NOT_PAID. */
  pending: number;
  /** ACTIVATED codes that already exist (no slot): RED NO_RESERVATION. */
  activated: string[];
  /** Codes of no ticket: RED INVALID_TICKET. */
  unknown: number;
  /** RESERVED for today on a slot of their own, verified by scenario (g). */
  live: number;
}

/** What was seeded. */
export interface ScanSeed {
  /** Every code of the (f) mix with the reason its scan must give. */
  expected: Map<string, string>;
  /** The (f) codes, shuffled. */
  codes: string[];
  /** Scenario (g)'s slot (verified_count starts at 0) and its tickets. */
  liveSlot: number;
  liveCodes: string[];
}

function codes(n: number): string[] {
  return Array.from({ length: n }, generateTicketCode);
}

async function slot(sql: Sql, date: string, start: string): Promise<number> {
  const [row] = await q<{ id: number }>(
    sql,
    `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
     VALUES (1, $1::date, $2::time, '24:00', 100000) RETURNING id`,
    [date, start],
  );
  return row.id;
}

/** Tickets with a reservation on `slotId`, RESERVED or VERIFIED. */
async function reserved(
  sql: Sql,
  list: string[],
  slotId: number,
  status: "RESERVED" | "VERIFIED",
  verifierId: number,
): Promise<void> {
  await q(
    sql,
    `WITH t AS (
       INSERT INTO tickets (orq, code, status, order_ref, activated_at, reserved_at,
                            customer_email, customer_phone, verified_at, verified_by, inside)
       SELECT 1, c, $2, 'bench-scan', now() - interval '7 days', now() - interval '1 day',
              'door' || n || '@example.com', '+3162' || lpad(n::text, 7, '0'),
              CASE WHEN $2 = 'VERIFIED' THEN now() - interval '5 minutes' END,
              CASE WHEN $2 = 'VERIFIED' THEN $4::int END,
              $2 = 'VERIFIED'
         FROM unnest($1::text[]) WITH ORDINALITY AS x(c, n)
       RETURNING id, customer_email, customer_phone, reserved_at, verified_at, verified_by)
     INSERT INTO ticket_reservations (ticket_id, slot_id, orq, customer_email,
                                      customer_phone, status, reserved_at, verified_at, verified_by)
     SELECT id, $3, 1, customer_email, customer_phone, $2, reserved_at, verified_at, verified_by
       FROM t`,
    [list, status, slotId, verifierId],
  );
}

/** Seeds `plan`; the slots' counts are set from their reservations. */
export async function seedScanning(
  sql: Sql,
  plan: ScanPlan,
): Promise<ScanSeed> {
  // Venue slots start on the hour from 09:00, so these starts are free.
  const todaySlot = await slot(sql, plan.today, "00:00");
  const liveSlot = await slot(sql, plan.today, "00:01");
  const laterSlot = await slot(sql, addDays(plan.today, 1), "00:00");

  const expected = new Map<string, string>();
  const add = (list: string[], reason: string) => {
    for (const c of list) expected.set(c, reason);
    return list;
  };
  const v = plan.verifierId;
  await reserved(
    sql,
    add(codes(plan.reservedToday), "VALID"),
    todaySlot,
    "RESERVED",
    v,
  );
  await reserved(
    sql,
    add(codes(plan.verified), "ALREADY_VERIFIED"),
    todaySlot,
    "VERIFIED",
    v,
  );
  await reserved(
    sql,
    add(codes(plan.tomorrow), "WRONG_DATE"),
    laterSlot,
    "RESERVED",
    v,
  );
  await q(
    sql,
    `INSERT INTO tickets (orq, code, status, order_ref)
     SELECT 1, c, 'PENDING_PAYMENT', 'bench-scan' FROM unnest($1::text[]) AS c`,
    [add(codes(plan.pending), "NOT_PAID")],
  );
  add(plan.activated, "NO_RESERVATION");
  add(codes(plan.unknown), "INVALID_TICKET");
  const liveCodes = codes(plan.live);
  await reserved(sql, liveCodes, liveSlot, "RESERVED", v);

  await q(
    sql,
    `UPDATE reservation_slots s
        SET booked_count = c.n, verified_count = c.v, entries_count = c.v
       FROM (SELECT slot_id, count(*)::int AS n,
                    count(*) FILTER (WHERE status = 'VERIFIED')::int AS v
               FROM ticket_reservations WHERE slot_id = ANY($1::int[])
              GROUP BY slot_id) c
      WHERE s.id = c.slot_id`,
    [[todaySlot, liveSlot, laterSlot]],
  );
  await sql.unsafe(
    "VACUUM ANALYZE tickets, reservation_slots, ticket_reservations",
  );
  return {
    expected,
    codes: shuffled([...expected.keys()]),
    liveSlot,
    liveCodes,
  };
}
