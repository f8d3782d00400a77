/**
 * Two instances on one PostgreSQL database and Redis behind Caddy
 * (ops/caddy/test.Caddyfile: round robin, health checks on /api/health):
 * one is killed with SIGKILL in the middle of a load of reservations and
 * started again. Clients retry only what the proxy or the network failed;
 * every reservation a client was told about exists and no other does, the
 * capacity holds, few requests needed a retry, the dashboard streams come
 * back through the other instance, and the restarted one takes traffic again.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { connectPostgres } from "../../db/client.ts";
import { addDays } from "../../domain/clock.ts";
import { freePort, spawnApp } from "../helpers/app_process.ts";
import { type Caddy, startCaddy } from "../helpers/caddy.ts";
import { engines, throwawayPostgres } from "../helpers/server.ts";
import { seedSlot, seedStaff, seedTickets } from "../helpers/api.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import {
  type Outcome,
  reconnectingStream,
  reserveWithRetry,
} from "../helpers/failover_clients.ts";

const CAPACITY = 500;
const TICKETS = 1500;
const WORKERS = 16;
/** Pause of each client between its requests: about 100 requests/s in all. */
const PACE_MS = 150;
const LOAD_MS = 9_000;
const METRICS_TOKEN = "failover-metrics-token-0123456789";
const PASSWORD = "manager-password-1";

/** main.ts on `port` over `databaseUrl` and Redis; resolves once healthy. */
async function startInstance(
  databaseUrl: string,
  redisPrefix: string,
  port: number,
  dataDir: string,
) {
  const child = spawnApp({
    dataDir,
    port,
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: "redis://127.0.0.1:6379",
      REDIS_PREFIX: redisPrefix,
      DEMO: "0",
      JWT_SECRET: "failover-test-secret-0123456789",
      TRUST_PROXY: "1",
      METRICS_TOKEN,
      LOG_EVENTS: "0",
      // Shared through Redis; high enough for the whole load from one address.
      RATE_LIMIT_RESERVE_PER_MIN: "100000",
      RATE_LIMIT_VALIDATE_PER_MIN: "0",
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0;; i++) {
    try {
      const res = await fetch(`${url}/api/health`);
      await res.body?.cancel();
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (i > 300) {
      child.kill("SIGKILL");
      throw new Error(`${url} never became healthy`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url };
}

/** Reservations the instance at `url` answered since it started (its /metrics). */
async function reservationsServed(url: string): Promise<number> {
  const res = await fetch(`${url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await res.text();
  let n = 0;
  for (const m of text.matchAll(/^te_reservations_total\{[^}]*\} (\d+)$/gm)) {
    n += Number(m[1]);
  }
  return n;
}

Deno.test({
  name:
    "two instances behind Caddy, one killed and restarted under load: no reservation lost or overbooked, few retries, dashboards reconnect",
  ignore: !engines().includes("postgres"),
  fn: async () => {
    const pg = await throwawayPostgres();
    const prefix = `te-failover-${crypto.randomUUID().slice(0, 8)}`;
    const dirA = await Deno.makeTempDir({ prefix: "te-failover-a-" });
    const dirB = await Deno.makeTempDir({ prefix: "te-failover-b-" });
    const portA = freePort();
    const portB = freePort();
    const db = connectPostgres(pg.url, { max: 4 });
    let a: Awaited<ReturnType<typeof startInstance>> | null = null;
    let b: Awaited<ReturnType<typeof startInstance>> | null = null;
    let caddy: Caddy | null = null;
    let client: Deno.HttpClient | null = null;
    const streams: ReturnType<typeof reconnectingStream>[] = [];
    try {
      // One after the other: the first migrates the fresh database.
      a = await startInstance(pg.url, prefix, portA, dirA);
      b = await startInstance(pg.url, prefix, portB, dirB);
      caddy = await startCaddy(
        [`127.0.0.1:${portA}`, `127.0.0.1:${portB}`],
        { logLevel: "INFO" },
      );
      client = Deno.createHttpClient({ caCerts: [caddy.rootPem] });
      const base = caddy.ipUrl;

      const tomorrow = addDays(new Date().toISOString().slice(0, 10), 1);
      const slot = await seedSlot(db, {
        date: tomorrow,
        start: "12:00",
        end: "13:00",
        capacity: CAPACITY,
      });
      const codes = await seedTickets(db, TICKETS);
      await seedStaff(db, {
        username: "boss",
        role: "MANAGER",
        password: PASSWORD,
      });
      const login = await fetch(`${base}/api/operator/login`, {
        method: "POST",
        client,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "boss", password: PASSWORD }),
      });
      assertEquals(login.status, 200);
      const token = (await login.json()).token as string;

      // Two streams one after the other: round robin puts one on each.
      for (let i = 0; i < 2; i++) {
        streams.push(
          reconnectingStream(`${base}/api/dashboard/stream?orq=1`, client, {
            authorization: `Bearer ${token}`,
          }),
        );
        await until(() => streams[i].current.includes("snapshot"), 5_000);
      }

      // The load: clients take the next ticket until the time is up.
      const outcomes: Outcome[] = [];
      let next = 0;
      let killedAt = -1;
      const loadEnds = performance.now() + LOAD_MS;
      const workers = Array.from({ length: WORKERS }, async () => {
        // Each client its own connection to the proxy, as browsers have.
        const own = Deno.createHttpClient({ caCerts: [caddy!.rootPem] });
        try {
          while (performance.now() < loadEnds && next < codes.length) {
            const code = codes[next++];
            outcomes.push(await reserveWithRetry(base, own, code, slot));
            await new Promise((r) => setTimeout(r, PACE_MS));
          }
        } finally {
          own.close();
        }
      });

      const loadDone = Promise.all(workers);
      loadDone.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile

      // A dies once the load is well under way, and comes back.
      await until(() => outcomes.length >= 150, 10_000);
      a.child.kill("SIGKILL");
      await a.child.status;
      killedAt = outcomes.length;
      a = await startInstance(pg.url, prefix, portA, dirA);
      await loadDone;

      const answeredAfterKill = outcomes.length - killedAt;
      assert(answeredAfterKill > 100, `${answeredAfterKill} after the kill`);
      const tally: Record<string, number> = {};
      for (const o of outcomes) tally[o.result] = (tally[o.result] ?? 0) + 1;
      const unexpected = Object.keys(tally).filter((r) =>
        !["201", "TICKET_ALREADY_RESERVED", "SLOT_FULL"].includes(r)
      );
      const why = () =>
        JSON.stringify({ tally, failed: retriedFailures(outcomes) }) + "\n" +
        healthLines(caddy!.log());
      assertEquals(unexpected, [], why());

      // Few retries: at most the requests in flight on A when it died.
      const retried = outcomes.filter((o) => o.attempts > 1);
      assert(retried.length <= WORKERS, why());
      assert(
        outcomes.filter((o) => o.result === "TICKET_ALREADY_RESERVED")
          .every((o) => o.attempts > 1),
        "TICKET_ALREADY_RESERVED on a first attempt",
      );

      // What the clients were told is what the database holds.
      assertEquals(await brokenInvariants(db), []);
      const live = await db.query<{ code: string; id: number }>(
        `SELECT t.code, r.id FROM ticket_reservations r
           JOIN tickets t ON t.id = r.ticket_id
          WHERE r.status <> 'CANCELLED'`,
      );
      const held = new Map(live.map((r) => [r.code, r.id]));
      const told = outcomes.filter((o) =>
        o.result === "201" || o.result === "TICKET_ALREADY_RESERVED"
      );
      assertEquals(
        new Set(told.map((o) => o.code)),
        new Set(held.keys()),
        "reservations the clients know of ≠ reservations in the database",
      );
      for (const o of told) {
        if (o.id !== undefined) assertEquals(held.get(o.code), o.id);
      }
      assert(held.size <= CAPACITY);

      // The restarted instance is back in the rotation.
      assert(
        (await reservationsServed(a.url)) > 0,
        "the restarted instance served no reservation",
      );

      // One stream was on A: it ended and came back (through B or the
      // restarted A); both deliver the next reservation's event.
      assert(
        streams.some((s) => s.opened > 1),
        `no stream reconnected: ${streams.map((s) => s.opened)}`,
      );
      await until(() => streams.every((s) => s.current.includes("snapshot")));
      const counts = streams.map((s) =>
        s.current.filter((k) => k === "reservation").length
      );
      const spare = await seedSlot(db, {
        date: tomorrow,
        start: "14:00",
        end: "15:00",
      });
      const [extra] = await seedTickets(db, 1);
      const last = await reserveWithRetry(base, client, extra, spare);
      assertEquals(last.result, "201");
      await until(
        () =>
          streams.every((s, i) =>
            s.current.filter((k) => k === "reservation").length > counts[i]
          ),
        3_000,
      );
    } finally {
      for (const s of streams) await s.close();
      client?.close();
      await caddy?.stop();
      for (const p of [a, b]) {
        try {
          p?.child.kill("SIGKILL");
        } catch { /* already gone */ }
        await p?.child.status;
      }
      await db.close();
      await pg.drop();
      await Deno.remove(dirA, { recursive: true }).catch(() => {});
      await Deno.remove(dirB, { recursive: true }).catch(() => {});
    }
  },
});

/** Polls `check` every 20 ms until it holds, or throws after `limitMs`. */
async function until(check: () => boolean, limitMs = 5_000): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!check()) {
    if (performance.now() > deadline) {
      throw new Error(`not within ${limitMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What the retried requests met, most frequent first (for failure messages). */
function retriedFailures(outcomes: Outcome[]): [string, number][] {
  const n = new Map<string, number>();
  for (const o of outcomes) {
    for (const f of o.failures ?? []) n.set(f, (n.get(f) ?? 0) + 1);
  }
  return [...n].sort((x, y) => y[1] - x[1]);
}

/** Caddy's log lines about upstreams going down and up (for failure messages). */
function healthLines(log: string): string {
  return log.split("\n").filter((l) => /health|upstream|unhealthy/i.test(l))
    .slice(0, 40).join("\n");
}
