/**
 * Reservations made before signing existed are signed at startup, once,
 * even when two instances start together (API.md "Offline scanning":
 * "existing ones at migration").
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { startServer, testEachEngine } from "../helpers/server.ts";
import { seedSlot } from "../helpers/api.ts";
import { connectPostgres } from "../../db/client.ts";
import type { Sql } from "../../db/client.ts";
import { signUnsigned } from "../../db/ticket_signing.ts";
import { parseSignedPayload } from "../../domain/signed_payload.ts";
import { operator, validate } from "../helpers/scan.ts";
import { seedDemo } from "../../db/demo.ts";
import { ensureDemoToday } from "../../db/demo_today.ts";

/** `n` RESERVED reservations inserted as an older release did: unsigned. */
async function unsignedReservations(sql: Sql, orq: number, n: number) {
  const slot = await seedSlot(sql, {
    orq,
    date: "2026-11-26",
    start: "09:00",
    end: "18:00",
    capacity: n,
  });
  await sql.query(
    `WITH t AS (
       INSERT INTO tickets (orq, code, status, reserved_at)
       SELECT $1, 'Z' || lpad(i::text, 13, '0') || $3, 'RESERVED', now()
         FROM generate_series(1, $2) i
       RETURNING id)
     INSERT INTO ticket_reservations (ticket_id, slot_id, orq, customer_email, customer_phone)
     SELECT id, $4, $1, 'old@example.com', '+3120000000' FROM t`,
    [orq, n, String(orq).padStart(4, "0"), slot],
  );
  await sql.query(
    "UPDATE reservation_slots SET booked_count = $2 WHERE id = $1",
    [slot, n],
  );
}

async function counts(sql: Sql) {
  const [row] = await sql.query<
    { unsigned: number; signed: number; keys: number }
  >(
    `SELECT (SELECT count(*) FROM ticket_reservations
              WHERE status = 'RESERVED' AND signed_payload IS NULL)::int AS unsigned,
            (SELECT count(*) FROM ticket_reservations
              WHERE signed_payload IS NOT NULL)::int AS signed,
            (SELECT count(*) FROM signing_keys WHERE status = 'active')::int AS keys`,
  );
  return row;
}

Deno.test("two instances starting together sign every old reservation once", async () => {
  const s = await startServer("postgres");
  const a = connectPostgres(s.databaseUrl!, { max: 4 });
  const b = connectPostgres(s.databaseUrl!, { max: 4 });
  try {
    const [{ orq: org2 }] = await s.db.query<{ orq: number }>(
      "INSERT INTO organizations (name, timezone) VALUES ('Other', 'Europe/Amsterdam') RETURNING orq",
    );
    await unsignedReservations(s.db, 1, 1200);
    await unsignedReservations(s.db, org2, 300);
    assertEquals((await counts(s.db)).unsigned, 1500);
    const [x, y] = await Promise.all([
      signUnsigned(a, 100),
      signUnsigned(b, 100),
    ]);
    assertEquals(x + y, 1500);
    assertEquals(await counts(s.db), { unsigned: 0, signed: 1500, keys: 2 });
    // Started again: nothing left to sign.
    assertEquals(await Promise.all([signUnsigned(a), signUnsigned(b)]), [0, 0]);
    // The payloads name their own organization's key and verify online.
    const rows = await s.db.query<
      { orq: number; signed_payload: string; k: string }
    >(
      `SELECT r.orq, r.signed_payload, k.k FROM ticket_reservations r
         JOIN signing_keys k ON k.orq = r.orq AND k.status = 'active'
        ORDER BY r.id`,
    );
    for (const r of [rows[0], rows[1499]]) {
      const claims = parseSignedPayload(r.signed_payload)!.claims;
      assertEquals([claims.o, claims.k], [r.orq, r.k]);
    }
    s.clock.set("2026-11-26T10:00:00Z");
    const jane = await operator(s, "jane");
    const scan = await validate(s, jane.token, rows[0].signed_payload);
    assertEquals([scan.body.result, scan.body.reason], ["GREEN", "VALID"]);
  } finally {
    await a.close();
    await b.close();
    await s.close();
  }
});

testEachEngine(
  "startup signs old reservations (the app's bootstrap step)",
  async (s) => {
    await unsignedReservations(s.db, 1, 30);
    assertEquals(await signUnsigned(s.db, 7), 30);
    assertEquals((await counts(s.db)).unsigned, 0);
  },
);

testEachEngine("the demo's reservations are signed too", async (s) => {
  const now = { date: "2026-11-26", time: "10:00" };
  await seedDemo(s.db, now, (x) => Promise.resolve(`plain:${x}`));
  assertEquals(typeof await ensureDemoToday(s.db, now.date), "string");
  const c = await counts(s.db);
  assertEquals(c.unsigned, 0);
  assertEquals(c.signed > 500, true, `${c.signed} signed`);
});
