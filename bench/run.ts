/**
 * Benchmarks: the real app (subprocess, over a throw-away PostgreSQL
 * database) against two ceilings measured in the same run — a bare
 * Deno.serve under the same HTTP client, and the app's SQL driven directly
 * with postgres.js. Run with `npx -y deno@2.9.6 task bench`. Each scenario
 * is a module of bench/scenarios/; this file starts the app, seeds it, runs
 * the scenarios chosen and prints the table (bench/report.ts).
 *
 * Settings (environment): BENCH_QUIET_WAIT (seconds to wait before each
 * scenario for other processes to quieten, default 15), BENCH_PROFILE=0 (skip
 * the profiled passes), BENCH_SCENARIOS (e.g. "a,e"; default all of a–g, i
 * and j; "h", the ticket import on both engines, runs only when named; (i)
 * holds check-ins to (f)'s ratio, so run them together),
 * BENCH_RESCHEDULE_PAIRS (slot pairs of (j), the customers' reschedules;
 * default 8),
 * BENCH_PROFILE_DIR (also save each profile there as .cpuprofile),
 * BENCH_PROFILE_REQUESTS (requests in each profiled pass, default 2000),
 * BENCH_PG_URL (server to create the database on,
 * default postgres://postgres@127.0.0.1:5432/postgres), BENCH_SCALE (multiplies
 * every time and count bound; default 1), BENCH_APP_V8_FLAGS (V8 flags for the
 * app server, e.g. `--no-turbo-inlining` so that a profile charges inlined
 * functions to themselves instead of their callers; slows the app down; or
 * `--trace-gc`), BENCH_APP_LOG (a file that receives all the app's output,
 * e.g. that GC trace).
 */
import {
  APP_JWT_SECRET,
  APP_V8_FLAGS,
  extraSlotSizes,
  HOST,
  poolSizes,
  PROFILE,
  QUIET_WAIT,
  RAW_APP_NAME,
  RAW_POOL,
  ROOT,
  SCENARIOS,
} from "./config.ts";
import { childEnv } from "./child_env.ts";
import {
  BENCH_METRICS_TOKEN,
  type Child,
  freePort,
  initClockTicks,
  machineInfo,
  startDeno,
  waitForHttp,
} from "./procs.ts";
import { rawPool, throwawayDatabase } from "./db.ts";
import { seedVenue } from "./seed.ts";
import { Inspector } from "./profile.ts";
import { quietGate } from "./quiet.ts";
import { report } from "./report.ts";
import { type Bench, closeStreams, elapsed, log, newBench } from "./state.ts";
import { settleOutbox } from "./upkeep.ts";
import { benchBare } from "./scenarios/bare.ts";
import { benchValidate } from "./scenarios/validate.ts";
import { benchAvailable } from "./scenarios/availability.ts";
import { benchReserve } from "./scenarios/reserve.ts";
import { benchDrop } from "./scenarios/drop.ts";
import { seedDoor } from "./scenarios/door.ts";
import { benchOperatorValidate } from "./scenarios/operator_validate.ts";
import { benchLive } from "./scenarios/live_events.ts";
import { benchImport } from "./scenarios/import.ts";
import { benchCheckIn, seedCheckInDay } from "./scenarios/check_in.ts";
import { benchReschedule } from "./scenarios/reschedule.ts";

const b: Bench = newBench(
  `${ROOT}bench/.tmp/data-${crypto.randomUUID().slice(0, 8)}`,
);

let cleaning: Promise<void> | null = null;
/** Stops what the run started and drops its database (once). */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    const steps: [string, () => Promise<void> | void][] = [
      ["dashboard streams", () => closeStreams(b)],
      ["inspector", () => b.inspector?.close()],
      ["bare server", () => b.bare?.stop()],
      ["app", () => b.app?.stop()],
      ["raw pool", () => b.pool?.end({ timeout: 2 })],
      ["watcher", () => b.watcher?.end({ timeout: 2 })],
      ["database", () => b.db?.drop()],
      ["data dir", () => Deno.remove(b.dataDir, { recursive: true })],
    ];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound)) {
          console.error(`cleanup of ${name} failed: ${err}`);
        }
      }
    }
  })();
  return cleaning;
}

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(sig, () => {
    console.error(`\n${sig}: cleaning up…`);
    cleanup().finally(() => Deno.exit(130));
  });
}

async function main(): Promise<boolean> {
  const runStart = performance.now();
  await initClockTicks();
  const mi = await machineInfo();
  log("# Timed-entry benchmarks: app vs bare Deno.serve vs raw SQL");
  log(
    `Machine: nproc ${mi.nproc}, CPU ${mi.cpu}; load client, server and ` +
      `PostgreSQL all share these ${mi.nproc} cores.`,
  );

  await quietGate(b, "start", QUIET_WAIT * 2);
  const bareSummary = await benchBare(b);

  log("\n## Setup");
  let t = performance.now();
  const db = await throwawayDatabase();
  b.db = db;
  log(`  throw-away database ${db.name}`);
  b.dbName = db.name;
  const port = freePort();
  const inspectPort = freePort();
  await Deno.mkdir(b.dataDir, { recursive: true });
  const app = startDeno(
    "app",
    [
      "run",
      "--allow-all",
      ...(PROFILE ? [`--inspect=${HOST}:${inspectPort}`] : []),
      ...(APP_V8_FLAGS ? [`--v8-flags=${APP_V8_FLAGS}`] : []),
      "main.ts",
    ],
    childEnv({
      DATABASE_URL: db.url,
      PORT: String(port),
      DEMO: "0",
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
      RATE_LIMIT_LOOKUP_PER_MIN: "0",
      RATE_LIMIT_RESERVE_PER_MIN: "0",
      RATE_LIMIT_VALIDATE_PER_MIN: "0",
      LOG_EVENTS: "0",
      JWT_SECRET: APP_JWT_SECRET,
      DATA_DIR: b.dataDir,
    }),
    ROOT,
  );
  b.app = app;
  await waitForHttp(`http://${HOST}:${port}/api/health`, app);
  log(`  app listening on ${HOST}:${port} after ${elapsed(t)}`);

  if (PROFILE) b.inspector = await Inspector.connect(inspectPort);
  const pool = rawPool(db.url, RAW_POOL, RAW_APP_NAME);
  b.pool = pool;
  b.watcher = rawPool(db.url, 1, `${RAW_APP_NAME}-watch`);
  const [{ server_version: pgVersion }] = await pool.unsafe(
    "SHOW server_version",
  );
  t = performance.now();
  const seed = await seedVenue(pool, {
    days: 90,
    hours: [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
    capacity: 200,
    venueTickets: 20_000,
    soldTickets: 8_000,
    soldOutSlots: 15,
    pools: poolSizes(),
    extraSlots: extraSlotSizes(),
  });
  log(
    `  seeded in ${
      elapsed(t)
    }: ${seed.slotCount} slots (${seed.bookableSlots.length} bookable for (c)), ${
      seed.ticketCount.toLocaleString("en-US")
    } tickets ` +
      `(20,000 venue ACTIVATED + scenario pools), ${seed.reservationCount} earlier reservations; ` +
      `organization 1 zone ${seed.timezone}, today ${seed.today}`,
  );
  const machine = () => [
    `Machine: nproc ${mi.nproc}; CPU ${mi.cpu}; PostgreSQL ${pgVersion}; Deno 2.9.6.${
      APP_V8_FLAGS ? ` App server run with V8 flags ${APP_V8_FLAGS}.` : ""
    }`,
    `Load client, app server and PostgreSQL share the ${mi.nproc} cores. ` +
    `Other processes on the machine just before each scenario (cores): ${
      b.backgroundAt.map((b) => `${b.label} ${b.cores.toFixed(2)}`).join(", ")
    }.`,
  ];

  if (SCENARIOS.has("a")) await benchValidate(b, port, seed, bareSummary.rps);
  if (SCENARIOS.has("b")) await benchAvailable(b, port, seed);
  if (SCENARIOS.has("c")) await benchReserve(b, port, seed, "many");
  if (SCENARIOS.has("d")) await benchReserve(b, port, seed, "hot");
  if (SCENARIOS.has("e")) {
    await benchDrop(b, port, seed);
    await settleOutbox(b, "(e)", 3);
    if (PROFILE) await benchDrop(b, port, seed, true);
  }
  // Seeded only now, so that (a)–(e) see the same database as before.
  const door = ["f", "g", "i"].some((s) => SCENARIOS.has(s))
    ? await seedDoor(b, port, seed)
    : null;
  const fRatio = SCENARIOS.has("f")
    ? await benchOperatorValidate(b, port, door!)
    : null;
  if (SCENARIOS.has("g")) await benchLive(b, port, seed, door!);
  if (SCENARIOS.has("i")) {
    // Seeded after (f) and (g), which keep scanning the database they had.
    const day = await seedCheckInDay(b, seed, door!);
    await benchCheckIn(b, port, door!, day, fRatio, seed.timezone);
  }
  // On slots and bookings of its own, after the others.
  if (SCENARIOS.has("j")) await benchReschedule(b, port, seed);
  if (SCENARIOS.has("h")) {
    await quietGate(b, "(h)", QUIET_WAIT);
    for (const f of await benchImport()) {
      b.rows.push({
        scenario: `(h) import 100,000 codes, CSV [${f.engine}]`,
        app: null,
        raw: null,
        rateCell: `${f.seconds.toFixed(1)} s`,
        target: `≤ ${f.engine === "postgres" ? 10 : 60} s`,
        met: f.met,
        detail: `raw insert ${f.rawSeconds.toFixed(1)} s; peak RSS ` +
          `+${f.peakRssMb} MB, heap +${f.retainedHeapMb} MB after GC`,
      });
    }
  }

  const [check] = await pool.unsafe(
    `SELECT count(*)::int AS bad FROM reservation_slots s
      WHERE s.booked_count <> (SELECT count(*) FROM ticket_reservations r WHERE r.slot_id = s.id)
         OR s.booked_count > s.total_capacity`,
  );
  log(
    `\nConsistency: slots whose booked_count differs from their reservations: ${check.bad} ` +
      (check.bad === 0 ? "(PASS)" : "(FAIL)"),
  );
  if (check.bad !== 0) {
    b.failures.push("booked_count differs from reservations");
  }
  const appErrors = app.errorLines();
  if (appErrors.length) {
    b.failures.push(
      `the app logged ${appErrors.length} error line(s), see above`,
    );
    log(`\nThe app logged errors (first ${appErrors.length}):`);
    for (const l of appErrors) log(`  ${l.slice(0, 600)}`);
  }
  report(b, bareSummary, machine(), runStart);
  if (b.failures.length) {
    log(`\nCorrectness failures: ${b.failures.join("; ")}`);
  }
  return b.failures.length === 0;
}

let ok = false;
try {
  ok = await main();
} catch (err) {
  console.error(
    `\nBenchmark failed: ${err instanceof Error ? err.stack : err}`,
  );
  const child = b.app as Child | null;
  if (child) {
    console.error(`--- app output (tail) ---\n${child.output().slice(-4000)}`);
  }
} finally {
  await cleanup();
}
Deno.exit(ok ? 0 : 1);
