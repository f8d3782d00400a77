/**
 * kill -9 of the server in the middle of a stampede on PostgreSQL: after a
 * restart the capacity invariants hold, every 201 a client saw is in the
 * database, and the slot still fills to exactly its capacity.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { connectPostgres } from "../../db/client.ts";
import { throwawayPostgres } from "../helpers/server.ts";
import { seedSlot, seedTickets } from "../helpers/api.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import { addDays } from "../../domain/clock.ts";
import { freePort, spawnApp } from "../helpers/app_process.ts";

const CAPACITY = 200;
const TICKETS = 2000;

/** The app as `deno task start` runs it, on `databaseUrl`. */
function startApp(databaseUrl: string, port: number, dataDir: string) {
  return spawnApp({
    dataDir,
    port,
    env: {
      DATABASE_URL: databaseUrl,
      DEMO: "0",
      JWT_SECRET: "crash-test-secret-0123456789",
      LOG_EVENTS: "0",
      RATE_LIMIT_RESERVE_PER_MIN: "0",
      RATE_LIMIT_VALIDATE_PER_MIN: "0",
    },
  });
}

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(`${url}/api/health`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became healthy`);
}

function reserve(url: string, code: string, slot: number) {
  return fetch(`${url}/api/reservations/create`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      ticket_code: code,
      slot_id: slot,
      customer_email: "crash@example.com",
      customer_phone: "+31612345678",
    }),
  }).then(async (res) => ({ status: res.status, body: await res.json() }))
    // Cut off by the kill: before the answer, or while its body was read.
    .catch(() => ({ status: 0, body: null }));
}

Deno.test({
  name: "kill -9 mid-stampede: restart, invariants hold, no 201 lost",
  fn: async () => {
    const pg = await throwawayPostgres();
    const dataDir = await Deno.makeTempDir({ prefix: "te-crash-" });
    const port = freePort();
    const url = `http://127.0.0.1:${port}`;
    let app = startApp(pg.url, port, dataDir);
    const db = connectPostgres(pg.url, { max: 4 });
    try {
      await waitHealthy(url);
      const tomorrow = addDays(new Date().toISOString().slice(0, 10), 1);
      const slot = await seedSlot(db, {
        date: tomorrow,
        start: "12:00",
        end: "13:00",
        capacity: CAPACITY,
      });
      const codes = await seedTickets(db, TICKETS);

      // Everyone at once; the server dies once the first answers are back.
      let answered = 0;
      let killed!: () => void;
      const killedAt = new Promise<void>((r) => killed = r);
      const replies = codes.map((c) =>
        reserve(url, c, slot).then((r) => {
          if (r.status !== 0 && ++answered === 50) killed();
          return r;
        })
      );
      await killedAt;
      app.kill("SIGKILL");
      await app.status;
      const first = await Promise.all(replies);
      const seen201 = first.filter((r) => r.status === 201);
      const cut = first.filter((r) => r.status === 0).length;
      ok(cut > 0, "the kill cut no request off: it came too late to test");

      deepStrictEqual(await brokenInvariants(db), []);
      // Every 201 a client saw was committed.
      const ids = new Set(
        (await db.query<{ id: number }>(
          "SELECT id FROM ticket_reservations",
        )).map((r) => r.id),
      );
      for (const r of seen201) ok(ids.has(r.body.reservation.id));

      // Back up: the same crowd tries again and the slot fills exactly.
      app = startApp(pg.url, port, dataDir);
      await waitHealthy(url);
      const second = await Promise.all(codes.map((c) => reserve(url, c, slot)));
      const statuses = new Set(
        second.map((r) => r.body?.error?.code ?? r.status),
      );
      ok(
        [...statuses].every((s) =>
          s === 201 || s === "SLOT_FULL" || s === "TICKET_ALREADY_RESERVED"
        ),
        [...statuses].join(","),
      );
      deepStrictEqual(await brokenInvariants(db), []);
      const [facts] = await db.query<{ booked: number; n: number; st: string }>(
        `SELECT booked_count AS booked, status AS st,
                (SELECT count(*)::int FROM ticket_reservations WHERE slot_id = $1) AS n
           FROM reservation_slots WHERE id = $1`,
        [slot],
      );
      deepStrictEqual({ ...facts }, {
        booked: CAPACITY,
        n: CAPACITY,
        st: "FULL",
      });
      strictEqual(
        second.filter((r) => r.status === 201).length + ids.size,
        CAPACITY,
      );
    } finally {
      try {
        app.kill("SIGKILL");
      } catch { /* already gone */ }
      await app.status;
      await db.close();
      await pg.drop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
