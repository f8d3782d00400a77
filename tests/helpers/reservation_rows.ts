/** Reservations inserted straight into the database, for list and export tests. */
import type { Sql } from "../../db/client.ts";

let serial = 0;

/** Base 32's letters that Crockford lacks, each to a letter base 32 never writes. */
const CROCKFORD_FOR: Record<string, string> = {
  I: "W",
  L: "X",
  O: "Y",
  U: "Z",
};

/** A fresh valid ticket code (20 characters of Crockford's alphabet). */
export function testCode(prefix = ""): string {
  serial++;
  // One letter each (not all to one), so distinct serials stay distinct codes.
  const tail = `${Date.now().toString(32)}${serial.toString(32)}`.toUpperCase()
    .replace(/[ILOU]/g, (c) => CROCKFORD_FOR[c]);
  return (prefix + "ABCDEFGHJKMNPQRSTVWXYZ").slice(0, 20 - tail.length) + tail;
}

/** Inserts a ticket and its reservation on `slotId`; the reservation's id. */
export async function insertReservation(
  db: Sql,
  r: {
    slotId: number;
    orq?: number;
    code?: string;
    email?: string;
    phone?: string;
    status?: "RESERVED" | "VERIFIED" | "EXPIRED" | "CANCELLED";
    orderRef?: string;
    reservedAt?: string;
    verifiedAt?: string;
    verifiedBy?: number;
  },
): Promise<{ id: number; code: string }> {
  const code = r.code ?? testCode();
  const status = r.status ?? "RESERVED";
  const [t] = await db.query<{ id: number }>(
    `INSERT INTO tickets (orq, code, status, order_ref)
     VALUES ($1, $2, $3, $4) RETURNING id`,
    [
      r.orq ?? 1,
      code,
      status === "CANCELLED" ? "ACTIVATED" : status,
      r.orderRef ?? null,
    ],
  );
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO ticket_reservations
       (ticket_id, slot_id, orq, customer_email, customer_phone, status,
        reserved_at, verified_at, verified_by, cancelled_at, cancelled_by)
     VALUES ($1, $2, $3, $4, $5, $6, coalesce($7::timestamptz, now()),
             $8::timestamptz, $9,
             CASE WHEN $6 = 'CANCELLED' THEN now() END,
             CASE WHEN $6 = 'CANCELLED' THEN 'staff' END)
     RETURNING id`,
    [
      t.id,
      r.slotId,
      r.orq ?? 1,
      r.email ?? "visitor@example.com",
      r.phone ?? "+31612345678",
      status,
      r.reservedAt ?? null,
      r.verifiedAt ?? null,
      r.verifiedBy ?? null,
    ],
  );
  return { id: row.id, code };
}

/**
 * `count` reservations on `slotId` in one statement (codes from `prefix`),
 * emails `<local><n>@<domain>`.
 */
export async function insertMany(
  db: Sql,
  opts: {
    slotId: number;
    count: number;
    prefix: string;
    local: string;
    domain: string;
  },
): Promise<void> {
  await db.query(
    `WITH t AS (
       INSERT INTO tickets (orq, code, status)
       SELECT 1, $3 || lpad(n::text, 12, '0'), 'RESERVED'
         FROM generate_series(1, $2::int) AS n
       RETURNING id, code)
     INSERT INTO ticket_reservations (ticket_id, slot_id, orq, customer_email, customer_phone)
     SELECT t.id, $1, 1, $4 || right(t.code, 6) || '@' || $5, '+31600000000'
       FROM t ORDER BY t.id`,
    [opts.slotId, opts.count, opts.prefix, opts.local, opts.domain],
  );
}
