import type { Db } from "./client.ts";
import { generateTicketCode } from "../domain/ticket_code.ts";
import { addDays, type ZonedNow } from "../domain/clock.ts";
import { signUnsigned } from "./ticket_signing.ts";

/** The demo codes and logins to print for a newcomer. */
export interface DemoData {
  activated: string[];
  pending: string[];
  reservedToday: string | null;
  reservedLater: string | null;
  staff: {
    username: string;
    secret: string;
    kind: "password" | "pin";
    role: string;
  }[];
}

/** The demo's staff, one per role, with the secrets the banner prints. */
export const DEMO_STAFF = [
  { username: "door", name: "Dora Door", role: "OPERATOR", pin: "123456" },
  {
    username: "manager",
    name: "Max Manager",
    role: "MANAGER",
    password: "manager-demo-pw",
  },
  {
    username: "admin",
    name: "Ada Admin",
    role: "ADMIN",
    password: "admin-demo-pw",
  },
] as const;

/**
 * On a database without slots: 90 days of hourly slots (09:00–17:00,
 * capacity 200) for organization 1, a few nearly full, tickets in every
 * state, and one staff member per role. Returns false when there was data.
 * Today's "reserved for today" ticket is `ensureDemoToday`'s (demo_today.ts).
 */
export async function seedDemo(
  db: Db,
  now: ZonedNow,
  /** How staff secrets are stored (lib/passwords.ts hashSecret). */
  hashSecret: (secret: string) => Promise<string>,
): Promise<boolean> {
  const existing = await db.query("SELECT 1 FROM reservation_slots LIMIT 1");
  if (existing.length > 0) return false;
  await db.begin(async (tx) => {
    await tx.query(
      `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
       SELECT 1, d::date, make_time(h, 0, 0), make_time(h + 1, 0, 0), 200
         FROM generate_series($1::date, $2::date, interval '1 day') AS d,
              generate_series(9, 16) AS h`,
      [now.date, addDays(now.date, 89)],
    );
    // Nearly full: 195 reserved places at 13:00 on the next three days, and
    // the slot two days ahead at 10:00 left with 15 of 200 places.
    await fillSlot(tx, addDays(now.date, 1), "13:00", 195);
    await fillSlot(tx, addDays(now.date, 2), "13:00", 195);
    await fillSlot(tx, addDays(now.date, 3), "13:00", 200);
    await fillSlot(tx, addDays(now.date, 2), "10:00", 185);

    // A venue a newcomer recognises, unless someone already named it.
    await tx.query(
      `UPDATE organizations
          SET name = 'Museum of Light (demo)',
              address = 'Lichtstraat 1, 1011 AB Amsterdam',
              settings = settings || '{"max_occupancy": 150}'::jsonb
        WHERE orq = 1 AND name = 'Organization 1'`,
    );
    await insertTickets(tx, "ACTIVATED", 6);
    await insertTickets(tx, "PENDING_PAYMENT", 2);
    await reserveOne(tx, addDays(now.date, 5), "11:00");

    for (const s of DEMO_STAFF) {
      const pin = "pin" in s ? s.pin : null;
      const password = "password" in s ? s.password : null;
      await tx.query(
        `INSERT INTO staff (orq, username, name, role, password_hash, pin_hash)
         VALUES (1, $1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [
          s.username,
          s.name,
          s.role,
          password ? await hashSecret(password) : null,
          pin ? await hashSecret(pin) : null,
        ],
      );
    }
  });
  // The demo's reservations get their signed QR payloads like any other.
  await signUnsigned(db);
  return true;
}

type Tx = Parameters<Parameters<Db["begin"]>[0]>[0];

async function insertTickets(
  tx: Tx,
  status: string,
  count: number,
): Promise<void> {
  const codes = Array.from({ length: count }, generateTicketCode);
  await tx.query(
    `INSERT INTO tickets (orq, code, status, order_ref, activated_at)
     SELECT 1, c, $1, 'DEMO', CASE WHEN $1 = 'ACTIVATED' THEN now() END FROM unnest($2::text[]) c`,
    [status, codes],
  );
}

/** Books `count` places of a slot with generated demo tickets and reservations. */
async function fillSlot(tx: Tx, date: string, start: string, count: number) {
  const codes = Array.from({ length: count }, generateTicketCode);
  await tx.query(
    `WITH slot AS (
       SELECT id FROM reservation_slots WHERE orq = 1 AND date = $1 AND start_time = $2::time),
     t AS (
       INSERT INTO tickets (orq, code, status, order_ref, customer_email, customer_phone,
                            activated_at, reserved_at)
       SELECT 1, c, 'RESERVED', 'DEMO-FILL', 'guest@example.com', '+31612345678', now(), now()
         FROM unnest($3::text[]) c
       RETURNING id),
     r AS (
       INSERT INTO ticket_reservations (ticket_id, slot_id, orq, customer_email, customer_phone)
       SELECT t.id, slot.id, 1, 'guest@example.com', '+31612345678' FROM t, slot
       RETURNING slot_id)
     UPDATE reservation_slots s
        SET booked_count = (SELECT count(*) FROM r),
            status = CASE WHEN (SELECT count(*) FROM r) + s.held_count >= s.total_capacity
                          THEN 'FULL' ELSE 'ACTIVE' END
      WHERE s.id = (SELECT id FROM slot)`,
    [date, start, codes],
  );
}

/** One RESERVED demo ticket on `date` at `start`. */
async function reserveOne(tx: Tx, date: string, start: string): Promise<void> {
  const code = generateTicketCode();
  await tx.query(
    `WITH slot AS (
       SELECT id FROM reservation_slots WHERE orq = 1 AND date = $1 AND start_time = $2::time),
     t AS (
       INSERT INTO tickets (orq, code, status, order_ref, customer_email, customer_phone,
                            activated_at, reserved_at)
       VALUES (1, $3, 'RESERVED', 'DEMO', 'visitor@example.com', '+31612345678', now(), now())
       RETURNING id),
     r AS (
       INSERT INTO ticket_reservations (ticket_id, slot_id, orq, customer_email, customer_phone)
       SELECT t.id, slot.id, 1, 'visitor@example.com', '+31612345678' FROM t, slot
       RETURNING slot_id)
     UPDATE reservation_slots SET booked_count = booked_count + 1,
            status = CASE WHEN available_count - 1 <= 0 THEN 'FULL' ELSE status END
      WHERE id = (SELECT slot_id FROM r)`,
    [date, start, code],
  );
}
