/**
 * The app's own CPU per request, without the HTTP server and the load
 * client: POST /api/operator/validate-ticket through `app.fetch`, 64 at a
 * time, over a throw-away PostgreSQL database. A steadier yardstick than
 * requests/s on a shared 2-core machine when comparing two versions of the
 * request path. Run: `npx -y deno@2.9.6 run -A bench/app_cpu.ts [requests]`.
 */
import process from "node:process";
import { connectPostgres } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { loadConfig } from "../lib/config.ts";
import { bootstrap } from "../lib/startup.ts";
import { buildDeps } from "../lib/app_deps.ts";
import { createApp } from "../routes/app.ts";
import { setQuietLogs } from "../lib/log.ts";
import { systemClock } from "../domain/clock.ts";
import { rawPool, throwawayDatabase } from "./db.ts";
import { seedVenue } from "./seed.ts";
import { login, seedScanning, seedStaff } from "./scan_seed.ts";

const REQUESTS = Number(Deno.args[0] ?? 40_000);
const CONCURRENCY = 64;

setQuietLogs(true);
const tdb = await throwawayDatabase();
const db = connectPostgres(tdb.url);
try {
  const config = {
    ...loadConfig(),
    databaseUrl: tdb.url,
    rateLimitReservePerMin: 0,
    rateLimitValidatePerMin: 0,
  };
  await migrate(db);
  const jwtSecret = await bootstrap(db, config);
  const deps = buildDeps(db, config, { clock: systemClock, jwtSecret });
  const app = createApp(deps);
  const raw = rawPool(tdb.url, 4);
  const venue = await seedVenue(raw, {
    days: 10,
    hours: [9, 12, 15],
    capacity: 200,
    venueTickets: 2_000,
    soldTickets: 500,
    soldOutSlots: 2,
    pools: {},
    extraSlots: {},
  });
  const operator = {
    username: "cpu-op",
    role: "OPERATOR",
    secret: "482913",
  } as const;
  const verifierId = await seedStaff(raw, operator);
  const scan = await seedScanning(raw, {
    today: venue.today,
    verifierId,
    reservedToday: 8_000,
    verified: 1_000,
    tomorrow: 500,
    pending: 500,
    activated: venue.venueCodes.slice(0, 500),
    unknown: 250,
    live: 0,
  });
  await raw.end();
  const server = Deno.serve({ port: 0, onListen: () => {} }, app.fetch);
  const token = await login(`http://127.0.0.1:${server.addr.port}`, operator);
  await server.shutdown();
  const codes = scan.codes;
  const headers = {
    "content-type": "application/json",
    authorization: `Bearer ${token}`,
  };
  // BENCH_ROUTE=tickets: the public POST /api/tickets/validate instead.
  const publicRoute = Deno.env.get("BENCH_ROUTE") === "tickets";
  const url = publicRoute
    ? "http://app.local/api/tickets/validate"
    : "http://app.local/api/operator/validate-ticket";
  let next = 0;
  const one = async () => {
    const code = codes[next++ % codes.length];
    const body = JSON.stringify(publicRoute ? { ticket_code: code } : { code });
    const res = await app.fetch(
      new Request(url, { method: "POST", headers, body }),
    );
    // The public route answers tickets it cannot book with a 404 or 409.
    const fine = res.status === 200 ||
      (publicRoute && (res.status === 404 || res.status === 409));
    if (!fine) throw new Error(`status ${res.status}`);
    await res.text();
  };
  const run = async (n: number) => {
    let left = n;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (left-- > 0) await one();
      }),
    );
  };
  await run(5_000); // warm-up
  for (let round = 1; round <= 3; round++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run(REQUESTS);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const us = (cpu.user + cpu.system) / REQUESTS;
    console.log(
      `round ${round}: ${us.toFixed(1)} µs CPU per request (this process), ${
        (REQUESTS / wall * 1000).toFixed(0)
      } req/s in process`,
    );
  }
} finally {
  await db.close();
  await tdb.drop();
}
