/**
 * The demo's "reserved for today" ticket, kept valid at any hour: today's
 * 00:00–24:00 demo slot and an unverified RESERVED ticket on it, made at
 * every start and at the venue's midnight; and the demo tickets and staff as
 * they stand, to print at every start.
 */
import type { Db } from "./client.ts";
import { generateTicketCode } from "../domain/ticket_code.ts";
import { signReservation } from "./ticket_signing.ts";

/** `order_ref` of the daily demo tickets. */
const TODAY_REF = "DEMO-TODAY";

/**
 * Makes sure organization 1 has a 00:00–24:00 slot on `date` (its venue's
 * today) with an unverified RESERVED demo ticket; returns that ticket's code,
 * or null when an existing 00:00 slot of the venue's own ends earlier or has
 * no place left.
 */
export async function ensureDemoToday(
  db: Db,
  date: string,
): Promise<string | null> {
  return await db.begin(async (tx) => {
    await tx.query(
      `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
       VALUES (1, $1, '00:00', '24:00', 200) ON CONFLICT DO NOTHING`,
      [date],
    );
    const [slot] = await tx.query<{ id: number; free: boolean }>(
      `SELECT id, status = 'ACTIVE' AND available_count > 0 AS free
         FROM reservation_slots
        WHERE orq = 1 AND date = $1 AND start_time = '00:00' AND end_time = '24:00'
        FOR UPDATE`,
      [date],
    );
    if (!slot) return null;
    const [held] = await tx.query<{ code: string }>(
      `SELECT t.code FROM tickets t JOIN ticket_reservations r ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
        WHERE r.slot_id = $1 AND t.order_ref = $2 AND t.status = 'RESERVED'
        ORDER BY t.id DESC LIMIT 1`,
      [slot.id, TODAY_REF],
    );
    if (held) return held.code;
    if (!slot.free) return null;
    const code = generateTicketCode();
    const [reservation] = await tx.query<{ id: number }>(
      `WITH t AS (
         INSERT INTO tickets (orq, code, status, order_ref, customer_email, customer_phone,
                              activated_at, reserved_at)
         VALUES (1, $2, 'RESERVED', $3, 'visitor@example.com', '+31612345678', now(), now())
         RETURNING id),
       r AS (
         INSERT INTO ticket_reservations (ticket_id, slot_id, orq, customer_email, customer_phone)
         SELECT t.id, $1, 1, 'visitor@example.com', '+31612345678' FROM t
         RETURNING id, slot_id),
       u AS (
         UPDATE reservation_slots
            SET booked_count = booked_count + 1,
                status = CASE WHEN available_count - 1 <= 0 THEN 'FULL' ELSE status END
          WHERE id = (SELECT slot_id FROM r))
       SELECT id FROM r`,
      [slot.id, code, TODAY_REF],
    );
    await signReservation(tx, [reservation.id]);
    return code;
  });
}

/** The demo tickets as they stand on `date`, by what a newcomer can try. */
export async function demoTickets(db: Db, date: string): Promise<
  { activated: string[]; pending: string[]; reservedLater: string | null }
> {
  const tickets = await db.query<{ code: string; status: string }>(
    `SELECT code, status FROM tickets
      WHERE orq = 1 AND order_ref = 'DEMO' AND status IN ('ACTIVATED', 'PENDING_PAYMENT')
      ORDER BY id`,
  );
  const [later] = await db.query<{ code: string }>(
    `SELECT t.code FROM tickets t
       JOIN ticket_reservations r ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
       JOIN reservation_slots s ON s.id = r.slot_id
      WHERE t.orq = 1 AND t.order_ref = 'DEMO' AND t.status = 'RESERVED' AND s.date > $1
      ORDER BY s.date, s.start_time LIMIT 1`,
    [date],
  );
  const of = (status: string) =>
    tickets.filter((t) => t.status === status).map((t) => t.code);
  return {
    activated: of("ACTIVATED"),
    pending: of("PENDING_PAYMENT"),
    reservedLater: later?.code ?? null,
  };
}

/** The stored secrets' hashes of organization 1's staff named `usernames`. */
export async function staffHashes(
  db: Db,
  usernames: readonly string[],
): Promise<
  { username: string; password_hash: string | null; pin_hash: string | null }[]
> {
  return await db.query(
    `SELECT username, password_hash, pin_hash FROM staff
      WHERE orq = 1 AND username = ANY($1::text[])`,
    [usernames],
  );
}
