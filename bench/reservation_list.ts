/**
 * The back office's reservation search and export at scale: starts the app
 * (over a throw-away PostgreSQL database, with its V8 inspector), seeds
 * BENCH_SEARCH_ROWS reservations (default 1,000,000) with generate_series,
 * then
 * (a) searches over HTTP with a mix of code fragments (typed lower case with
 *     a dash), email fragments and phone digits, beside the same query run
 *     straight on the database (db/reservation_search.ts over a raw pool) in
 *     the same run; target P95 ≤ 50 ms;
 * (b) streams the CSV export of ~100,000 reservations and samples the app's
 *     heap (inspector, Runtime.getHeapUsage) every 50 ms: the growth over
 *     the live heap before must stay under 50 MB.
 * Run: `npx -y deno@2.9.6 run -A bench/reservation_list.ts`
 * (BENCH_SEARCH_REQUESTS per pass, default 600; BENCH_SEARCH_CLIENTS for
 * the throughput pass, default 4, after a one-client latency pass;
 * BENCH_SEARCH_DB_URL: an already seeded database to reuse, kept).
 */
import { freePort, startDeno, waitForHttp } from "./procs.ts";
import { asAppSql, query, rawPool, throwawayDatabase } from "./db.ts";
import { login, seedStaff } from "./scan_seed.ts";
import { Inspector } from "./profile.ts";
import { line, summarize } from "./stats.ts";
import { seedReservations } from "./search_seed.ts";
import { listReservations } from "../db/reservation_search.ts";
import { searchPatterns } from "../domain/reservation_search.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const ROWS = Number(Deno.env.get("BENCH_SEARCH_ROWS") ?? 1_000_000);
const REQUESTS = Number(Deno.env.get("BENCH_SEARCH_REQUESTS") ?? 600);
const CLIENTS = Number(Deno.env.get("BENCH_SEARCH_CLIENTS") ?? 4);
const EXPORT_ROWS = 100_000;

const REUSE = Deno.env.get("BENCH_SEARCH_DB_URL");
const db = REUSE
  ? { url: REUSE, drop: () => Promise.resolve() }
  : await throwawayDatabase();
const port = freePort();
const inspectPort = freePort();
const app = startDeno(
  "app",
  ["run", "--allow-all", `--inspect=127.0.0.1:${inspectPort}`, "main.ts"],
  {
    DATABASE_URL: db.url,
    PORT: String(port),
    DEMO: "0",
    LOG_EVENTS: "0",
    JWT_SECRET: "reservation-list-bench",
    DATA_DIR: await Deno.makeTempDir(),
  },
  ROOT,
);
const pool = rawPool(db.url, CLIENTS);
try {
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/api/health`, app);
  let t = performance.now();
  const seed = REUSE ? await seeded(pool) : await seedReservations(pool, {
    orq: 1,
    from: "2026-06-01",
    days: 365,
    count: ROWS,
  });
  console.log(
    `seeded ${seed.reservations.toLocaleString("en-US")} reservations on ` +
      `${seed.slots} slots in ${((performance.now() - t) / 1000).toFixed(0)} s`,
  );
  const manager = {
    username: `list-mgr-${crypto.randomUUID().slice(0, 8)}`,
    role: "MANAGER",
    secret: "list-manager-password",
  } as const;
  await seedStaff(pool, manager);
  const token = await login(base, manager);

  // The mix: fragments of real rows, typed as people type them.
  const sample = await query<
    { code: string; email: string; phone: string }
  >(
    pool,
    `SELECT t.code, r.customer_email AS email, r.customer_phone AS phone
       FROM ticket_reservations r JOIN tickets t ON t.id = r.ticket_id
      ORDER BY random() LIMIT 300`,
  );
  const mix: string[] = sample.map((r, i) => {
    if (i % 3 === 0) {
      const s = r.code.slice(4, 10).toLowerCase();
      return `${s.slice(0, 3)}-${s.slice(3)}`;
    }
    if (i % 3 === 1) return r.email.split("@")[0].toUpperCase();
    return r.phone.slice(5, 12);
  });

  const pass = async (
    label: string,
    once: (q: string) => Promise<void>,
    clients = CLIENTS,
  ) => {
    const latencies = new Float64Array(REQUESTS);
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < REQUESTS) {
          const i = next++;
          const t0 = performance.now();
          await once(mix[i % mix.length]);
          latencies[i] = performance.now() - t0;
        }
      }),
    );
    const s = summarize(latencies, (performance.now() - start) / 1000);
    console.log(`${label.padEnd(22)} ${line(s)}`);
    return s;
  };
  const http = async (q: string) => {
    const res = await fetch(
      `${base}/api/reservations?orq=1&q=${encodeURIComponent(q)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (res.status !== 200) throw new Error(`${q}: ${res.status}`);
    const body = await res.json();
    if (body.items.length === 0) throw new Error(`${q}: nothing found`);
  };
  const appSql = asAppSql(pool);
  const raw = async (q: string) => {
    await listReservations(appSql, {
      orq: 1,
      patterns: searchPatterns(q),
      limit: 50,
    });
  };
  console.log(
    "\n(a) search, a mix of code fragments, emails and phones; one client:",
  );
  await pass("warm-up (HTTP)", http, 1);
  await pass("raw database", raw, 1);
  const a = await pass("HTTP GET /api/reservations", http, 1);
  console.log(`${CLIENTS} clients at once:`);
  await pass("raw database", raw);
  await pass("HTTP GET /api/reservations", http);
  for (const q of ["example.com", "venue.example", "maria", "+316"]) {
    const t0 = performance.now();
    await http(q === "+316" ? "3160" : q);
    console.log(
      `  common q "${q}": ${
        (performance.now() - t0).toFixed(1)
      } ms (first page)`,
    );
  }

  // (b) ~100,000 rows: the days that hold them.
  const days = Math.min(
    365,
    Math.ceil(EXPORT_ROWS / (seed.reservations / 365)),
  );
  const [range] = await query<{ to: string; n: number }>(
    pool,
    `SELECT ($1::date + $2::int - 1)::text AS to, count(*)::int AS n
       FROM ticket_reservations r JOIN reservation_slots s ON s.id = r.slot_id
      WHERE s.date BETWEEN $1::date AND $1::date + $2::int - 1`,
    [seed.from, days],
  );
  const inspector = await Inspector.connect(inspectPort);
  const heap = async () =>
    (await inspector.send<{ usedSize: number }>("Runtime.getHeapUsage"))
      .usedSize;
  await inspector.send("HeapProfiler.collectGarbage");
  const before = await heap();
  let peak = before;
  let peakLive = before;
  let sampling = true;
  // The used heap every 50 ms (garbage included), and the live heap after a
  // full collection every 500 ms: what the stream really holds.
  const sampler = (async () => {
    for (let i = 1; sampling; i++) {
      if (i % 10 === 0) {
        await inspector.send("HeapProfiler.collectGarbage");
        peakLive = Math.max(peakLive, await heap());
      } else {
        peak = Math.max(peak, await heap());
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  t = performance.now();
  const res = await fetch(
    `${base}/api/reservations/export.csv?orq=1&from=${seed.from}&to=${range.to}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body!) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const seconds = (performance.now() - t) / 1000;
  sampling = false;
  await sampler;
  inspector.close();
  const mb = (b: number) => (b / 1e6).toFixed(1);
  console.log(
    `\n(b) export ${seed.from}..${range.to}: ${
      (lines - 1).toLocaleString("en-US")
    } rows (database: ${range.n}), ${mb(bytes)} MB in ${
      seconds.toFixed(1)
    } s; ` +
      `app heap ${mb(before)} MB live before; during: live (after full ` +
      `GCs) peak ${mb(peakLive)} MB, growth ${mb(peakLive - before)} MB ` +
      `(limit 50); used incl. garbage peak ${mb(peak)} MB, growth ${
        mb(peak - before)
      } MB`,
  );
  const ok = a.p95 <= 50 && peakLive - before < 50e6 && lines - 1 === range.n;
  console.log(ok ? "\nPASS" : "\nFAIL (see the figures above)");
} finally {
  await pool.end();
  await app.stop();
  await db.drop();
}

/** What an already seeded database holds (BENCH_SEARCH_DB_URL). */
async function seeded(sql: typeof pool) {
  const [r] = await query<
    { slots: number; reservations: number; from: string; to: string }
  >(
    sql,
    `SELECT (SELECT count(*)::int FROM reservation_slots WHERE orq = 1) AS slots,
            (SELECT count(*)::int FROM ticket_reservations WHERE orq = 1) AS reservations,
            (SELECT min(date)::text FROM reservation_slots WHERE orq = 1) AS "from",
            (SELECT max(date)::text FROM reservation_slots WHERE orq = 1) AS "to"`,
  );
  return r;
}
