/**
 * Benchmarks: the real app (subprocess, over a throw-away PostgreSQL
 * database) against two ceilings measured in the same run — a bare
 * Deno.serve under the same HTTP client, and the app's SQL driven directly
 * with postgres.js. Run with `npx -y deno@2.9.6 task bench`.
 *
 * Settings (environment): BENCH_QUIET_WAIT (seconds to wait before each
 * scenario for other processes to quieten, default 15), BENCH_PROFILE=0 (skip
 * the profiled passes), BENCH_SCENARIOS (e.g. "a,e"; default all of a–g),
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
import type postgres from "postgres";
import { zonedNow } from "../domain/clock.ts";
import { formatTicketCode } from "../domain/ticket_code.ts";
import {
  encodeRequest,
  type HttpResponse,
  jsonOf,
  openConnections,
  runLoad,
} from "./http_client.ts";
import {
  BENCH_METRICS_TOKEN,
  busiestProcesses,
  type Child,
  cpuMeter,
  type CpuSplit,
  freePort,
  initClockTicks,
  machineInfo,
  startDeno,
  waitForHttp,
} from "./procs.ts";
import { rawPool, throwawayDatabase, type ThrowawayDb } from "./db.ts";
import { type Seeded, seedVenue } from "./seed.ts";
import {
  login,
  type ScanSeed,
  seedScanning,
  seedStaff,
  type StaffLogin,
} from "./scan_seed.ts";
import { openStreams } from "./dashboard_streams.ts";
import {
  appStreams,
  appStreamsGone,
  openFds,
  StreamWatch,
  verifySeries,
} from "./live.ts";
import * as raw from "./raw.ts";
import { type CpuProfile, Inspector, summarizeProfile } from "./profile.ts";
import {
  formatWaits,
  sampleWaits,
  waitingStatements,
  type WaitProfile,
} from "./pg_waits.ts";
import {
  line,
  ms,
  pct,
  rps,
  statusList,
  summarize,
  type Summary,
} from "./stats.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const HOST = "127.0.0.1";
const SCALE = Number(Deno.env.get("BENCH_SCALE") ?? "1") || 1;
/** Requests in flight against the app and the bare server. */
const CONCURRENCY = 64;
/** Raw SQL concurrencies tried; the best one is the ceiling. */
const RAW_LEVELS = [8, 16, 32, 64];
const RAW_POOL = 20;
/**
 * application_names of the app's pools (db/client.ts: single statements,
 * batched reads and transactions) and of the raw pool.
 */
const APP_NAMES = ["timed-entry-q", "timed-entry-tx", "timed-entry-batch"];
const RAW_APP_NAME = "timed-entry-bench";
/**
 * BENCH_PROFILE=0 turns off the profiled passes (the app then runs without
 * --inspect). They run after each measured run, never during one.
 */
const PROFILE = Deno.env.get("BENCH_PROFILE") !== "0";
/** BENCH_SCENARIOS: which of a,b,c,d,e,f,g to run (default all). */
const SCENARIOS = new Set(
  (Deno.env.get("BENCH_SCENARIOS") ?? "a,b,c,d,e,f,g").split(",").map((x) =>
    x.trim().toLowerCase()
  ),
);
/** BENCH_APP_V8_FLAGS: V8 flags for the app server (profiling aids). */
const APP_V8_FLAGS = Deno.env.get("BENCH_APP_V8_FLAGS") ?? "";
const DROP_REQUESTS = 5_000;
const DROP_CAPACITY = 200;

const n = (x: number) => Math.max(1, Math.round(x * SCALE));
/** Count and time bounds per scenario (app run, each raw trial, warm-up). */
const BOUNDS = {
  bare: { warm: n(3_000), max: n(100_000), seconds: 6 * SCALE },
  validate: { warm: n(2_000), max: n(60_000), seconds: 8 * SCALE },
  available: { warm: n(100), max: n(5_000), seconds: 8 * SCALE },
  reserve: { warm: n(300), max: n(8_000), seconds: 8 * SCALE },
  hot: { warm: n(300), max: n(8_000), seconds: 8 * SCALE },
  rawRead: { warm: n(1_000), max: n(60_000), seconds: 2.5 * SCALE },
  rawWrite: { warm: n(200), max: n(4_000), seconds: 2.5 * SCALE },
};
/** The profiled pass after each measured app run: count and time bounds. */
const PROFILE_PASS = {
  max: n(Number(Deno.env.get("BENCH_PROFILE_REQUESTS") ?? 2_000)),
  seconds: 2 * SCALE,
};
/**
 * Scenario (g): dashboard streams kept open, and verifications (one at a
 * time, `rate` a second) whose events every stream must receive.
 */
const LIVE = { streams: 1_000, verifications: n(100), rate: 20 };
/** Door staff of organization 1, seeded with a hashed PIN, signed in over HTTP. */
const OPERATOR: StaffLogin = {
  username: "bench-operator",
  role: "OPERATOR",
  secret: "482913",
};
const MANAGER: StaffLogin = {
  username: "bench-manager",
  role: "MANAGER",
  secret: "bench-manager-password",
};

// ---------------------------------------------------------------- results

interface RawBest {
  summary: Summary;
  /** The best run's latencies (ms) and length, to pool with repeats. */
  latencies: Float64Array;
  seconds: number;
  concurrency: number;
  all: { concurrency: number; rps: number }[];
  cpu: CpuSplit;
  waits: WaitProfile;
}

interface Row {
  scenario: string;
  app: Summary | null;
  /** Shown instead of the app's req/s (rows that are not request loads). */
  rateCell?: string;
  raw: RawBest | null;
  target: string;
  met: boolean;
  detail?: string;
  cpu?: CpuSplit;
}

const rows: Row[] = [];
/** Correctness failures (not missed targets): they make the run exit 1. */
const failures: string[] = [];
const cpuRows: { name: string; cpu: CpuSplit; waits?: WaitProfile }[] = [];
/** The app's mail worker draining the outbox after each write scenario. */
const mailRates: {
  after: string;
  pending: number;
  sent: number;
  seconds: number;
}[] = [];
/** Profile summaries of the server per scenario. */
const profiles: { name: string; lines: string[] }[] = [];

// ---------------------------------------------------------------- lifecycle

let db: ThrowawayDb | null = null;
let app: Child | null = null;
let bare: Child | null = null;
let pool: postgres.Sql | null = null;
let watcher: postgres.Sql | null = null;
let inspector: Inspector | null = null;
/** Closers of scenario (g)'s dashboard streams while they are open. */
let streams: (() => void)[] = [];
let dbName = "";
const dataDir = `${ROOT}bench/.tmp/data-${crypto.randomUUID().slice(0, 8)}`;

let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    const steps: [string, () => Promise<void> | void][] = [
      ["dashboard streams", closeStreams],
      ["inspector", () => inspector?.close()],
      ["bare server", () => bare?.stop()],
      ["app", () => app?.stop()],
      ["raw pool", () => pool?.end({ timeout: 2 })],
      ["watcher", () => watcher?.end({ timeout: 2 })],
      ["database", () => db?.drop()],
      ["data dir", () => Deno.remove(dataDir, { recursive: true })],
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

/** Environment for a subprocess: ours, minus anything that changes the app. */
function childEnv(extra: Record<string, string>): Record<string, string> {
  const env = Deno.env.toObject();
  for (
    const k of [
      "DATABASE_URL",
      "REDIS_URL",
      "SMTP_URL",
      "API_KEYS",
      "ADMIN_USERNAME",
      "ADMIN_PASSWORD",
      "TRUST_PROXY",
      "HOST",
      "PUBLIC_URL",
      "DB_POOL_MAX",
      "ORG_TIMEZONE",
    ]
  ) delete env[k];
  return { ...env, ...extra };
}

// ---------------------------------------------------------------- helpers

/** Seconds to wait, before each scenario, for other processes to calm down. */
const QUIET_WAIT = Number(Deno.env.get("BENCH_QUIET_WAIT") ?? "15");

/**
 * Other people's processes on this machine (tests, builds) skew every
 * figure: waits up to `maxSeconds` for them to use ≤ 0.25 cores, and returns
 * what they used at the end.
 */
async function quietGate(label: string, maxSeconds: number): Promise<number> {
  const until = performance.now() + maxSeconds * 1000;
  const ours = new Set<number>([
    Deno.pid,
    ...(app ? await app.tree() : []),
    ...(bare ? await bare.tree() : []),
  ]);
  for (let waited = false;; waited = true) {
    const busy = (await busiestProcesses(1000, 8)).filter((p) =>
      !ours.has(p.pid) && p.cores >= 0.02
    );
    const others = busy.reduce((a, p) => a + p.cores, 0);
    const quiet = others <= 0.25;
    if (quiet || performance.now() >= until) {
      const names = busy.slice(0, 4).map((p) =>
        `${p.comm}[${p.pid}] ${p.cores.toFixed(2)}`
      ).join(", ");
      if (!quiet || waited || label === "start") {
        log(
          `  [${label}] other processes on this machine: ${
            others.toFixed(2)
          } cores${names ? ` (${names})` : ""}${
            quiet ? "" : " — NOT QUIET, figures will be lower"
          }`,
        );
      }
      backgroundAt.push({ label, cores: others });
      return others;
    }
    log(
      `  [${label}] waiting for a quieter machine: others use ${
        others.toFixed(2)
      } cores…`,
    );
  }
}

const backgroundAt: { label: string; cores: number }[] = [];

function log(text: string) {
  console.log(text);
}

/** The pool's states and the statements seen waiting. */
function logWaits(indent: string, waits: WaitProfile) {
  log(`${indent}postgres pool: ${formatWaits(waits)}`);
  for (const l of waitingStatements(waits)) log(`${indent}  waiting: ${l}`);
}

function elapsed(from: number): string {
  return `${((performance.now() - from) / 1000).toFixed(1)} s`;
}

/** App and raw runs of (f), alternating; see benchOperatorValidate. */
const PAIRED_RUNS = 3;

/** One summary of several runs: their latencies together over their summed time. */
function pooled(runs: { latencies: Float64Array; seconds: number }[]): Summary {
  const all = new Float64Array(
    runs.reduce((n, r) => n + r.latencies.length, 0),
  );
  let at = 0;
  for (const r of runs) {
    all.set(r.latencies, at);
    at += r.latencies.length;
  }
  return summarize(all, runs.reduce((t, r) => t + r.seconds, 0));
}

/** The best of the raw concurrency levels for `op`. */
async function rawCeiling(
  name: string,
  bounds: { warm: number; max: number; seconds: number },
  op: (i: number) => Promise<unknown>,
): Promise<RawBest> {
  let cursor = 0;
  const next = () => cursor++;
  await raw.runOps({
    concurrency: 16,
    maxOps: bounds.warm,
    maxSeconds: 2,
    op: () => op(next()),
  });
  let best: RawBest | null = null;
  const all: RawBest["all"] = [];
  for (const c of RAW_LEVELS) {
    const r = await rawAt(name, c, bounds, () => op(next()));
    all.push({ concurrency: c, rps: r.summary.rps });
    if (!best || r.summary.rps > best.summary.rps) best = { ...r, all };
  }
  log(
    `  raw ceiling ${name}: ${rps(best!.summary.rps)} req/s at concurrency ${
      best!.concurrency
    } (pool ${RAW_POOL})`,
  );
  logWaits("    ", best!.waits);
  return best!;
}

/** One measured raw run of `op` at concurrency `c` (after the caller's warm-up). */
async function rawAt(
  name: string,
  c: number,
  bounds: { max: number; seconds: number },
  op: () => Promise<unknown>,
): Promise<Omit<RawBest, "all">> {
  const meter = await cpuMeter(null);
  const stopWaits = sampleWaits(watcher!, dbName, RAW_APP_NAME);
  const r = await raw.runOps({
    concurrency: c,
    maxOps: bounds.max,
    maxSeconds: bounds.seconds,
    op,
  });
  const cpu = await meter();
  const waits = await stopWaits();
  if (r.errors > 0) throw new Error(`raw ${name}: ${r.errors} errors`);
  const summary = summarize(r.latencies, r.seconds);
  log(`    raw c=${String(c).padStart(2)}: ${line(summary)}`);
  return {
    summary,
    latencies: r.latencies,
    seconds: r.seconds,
    concurrency: c,
    cpu,
    waits,
  };
}

/** What an app run measured. */
interface AppRun {
  summary: Summary;
  /** Latencies (ms) and length of the measured run, to pool with repeats. */
  latencies: Float64Array;
  seconds: number;
  cpu: CpuSplit;
  waits: WaitProfile;
  unexpected: number;
  statuses: string;
  /** The request index after the last one this run issued. */
  next: number;
}

/**
 * Runs a warm-up, a measured closed-loop load against `port`, and then (for
 * the app, when profiling) a short profiled pass that is not measured.
 */
async function appLoad(
  name: string,
  port: number,
  bounds: { warm: number; max: number; seconds: number },
  request: (i: number) => Uint8Array,
  expect: number,
  onResponse?: (i: number, r: HttpResponse) => void,
  opts: { warm?: boolean; profile?: boolean; from?: number } = {},
): Promise<AppRun> {
  let cursor = opts.from ?? 0;
  const isBare = name === "bare";
  if (opts.warm ?? true) {
    const warm = await runLoad({
      hostname: HOST,
      port,
      concurrency: CONCURRENCY,
      maxRequests: bounds.warm,
      maxSeconds: 3,
      request: () => request(cursor++),
    });
    const warmBad = warm.count - (warm.statuses.get(expect) ?? 0);
    if (warmBad > 0) {
      log(`  warm-up statuses: ${statusList(warm.statuses)}`);
    }
  }
  const meter = await cpuMeter(isBare ? bare : app);
  const stopWaits = isBare
    ? () => Promise.resolve(new Map() as WaitProfile)
    : sampleWaits(watcher!, dbName, APP_NAMES);
  // runLoad builds requests in issue order: its request i is our `first + i`.
  const first = cursor;
  const r = await runLoad({
    hostname: HOST,
    port,
    concurrency: CONCURRENCY,
    maxRequests: bounds.max,
    maxSeconds: bounds.seconds,
    request: () => request(cursor++),
    onResponse: onResponse && ((i, res) => onResponse(first + i, res)),
  });
  const cpu = await meter();
  const waits = await stopWaits();
  const summary = summarize(r.latencies, r.seconds);
  const unexpected = r.count - (r.statuses.get(expect) ?? 0) + r.errors;
  log(`  ${isBare ? "bare" : "app"} ${name}: ${line(summary)}`);
  log(
    `    statuses ${statusList(r.statuses)}${
      r.errors ? `, ${r.errors} transport errors` : ""
    }; CPU (cores) client ${cpu.client.toFixed(2)} · server ${
      cpu.server.toFixed(2)
    } · postgres ${cpu.postgres.toFixed(2)} · whole machine ${
      cpu.machine.toFixed(2)
    } of ${navigator.hardwareConcurrency}`,
  );
  if (!isBare) logWaits("    ", waits);
  if (!isBare && inspector && (opts.profile ?? true)) {
    await inspector.start();
    await runLoad({
      hostname: HOST,
      port,
      concurrency: CONCURRENCY,
      maxRequests: PROFILE_PASS.max,
      maxSeconds: PROFILE_PASS.seconds,
      request: () => request(cursor++),
    });
    reportProfile(name, await inspector.stop());
  }
  return {
    summary,
    latencies: r.latencies,
    seconds: r.seconds,
    cpu,
    waits,
    unexpected,
    statuses: statusList(r.statuses),
    next: cursor,
  };
}

function reportProfile(name: string, profile: CpuProfile) {
  const dir = Deno.env.get("BENCH_PROFILE_DIR");
  if (dir) {
    Deno.mkdirSync(dir, { recursive: true });
    Deno.writeTextFileSync(
      `${dir}/${name.replace(/\W+/g, "_")}.cpuprofile`,
      JSON.stringify(profile),
    );
  }
  const lines = summarizeProfile(profile, 8);
  profiles.push({ name, lines });
  log(`    profile (separate pass, not measured): ${lines[0]}`);
  for (const l of lines.slice(1)) log(`    ${l}`);
}

function shuffled<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function phone(i: number): string {
  return `+316${String(10_000_000 + i).slice(-8)}`;
}

/**
 * Drops of (g), without and with the streams, alternating. Single drops swing
 * by a third on this shared machine; summed over four pairs the difference
 * still swung from -11 % to +15 % over eight runs, so six pairs are run.
 */
const DROP_PAIRS = 6;

/** `value` for each of (g)'s drops: dropWarm, dropQuiet0, dropLive0, ... */
function dropPairs(value: number): Record<string, number> {
  const out: Record<string, number> = { dropWarm: value };
  for (let k = 0; k < DROP_PAIRS; k++) {
    out[`dropQuiet${k}`] = value;
    out[`dropLive${k}`] = value;
  }
  return out;
}

/** Pool sizes needed by the plan (each ticket is reserved at most once). */
function poolSizes(): Record<string, number> {
  const rawNeed = BOUNDS.rawWrite.warm +
    RAW_LEVELS.length * BOUNDS.rawWrite.max;
  const prof = PROFILE ? PROFILE_PASS.max : 0;
  return {
    appMany: BOUNDS.reserve.warm + BOUNDS.reserve.max + prof,
    rawMany: rawNeed,
    appHot: BOUNDS.hot.warm + BOUNDS.hot.max + prof,
    rawHot: rawNeed,
    drop: DROP_REQUESTS,
    ...(PROFILE ? { dropProfiled: DROP_REQUESTS } : {}),
    ...(SCENARIOS.has("g") ? dropPairs(DROP_REQUESTS) : {}),
  };
}

// ---------------------------------------------------------------- scenarios

async function benchBare(): Promise<Summary> {
  log("\n## HTTP ceiling: bare Deno.serve (subprocess, small JSON body)");
  const port = freePort();
  bare = startDeno(
    "bare server",
    ["run", "--allow-net", "--allow-env", "bench/bare_server.ts"],
    childEnv({ PORT: String(port) }),
    ROOT,
  );
  await waitForHttp(`http://${HOST}:${port}/`, bare);
  const req = encodeRequest(`${HOST}:${port}`, "POST", "/", {
    ticket_code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
  });
  const r = await appLoad("bare", port, BOUNDS.bare, () => req, 200);
  cpuRows.push({ name: "bare Deno.serve", cpu: r.cpu, waits: r.waits });
  await bare.stop();
  bare = null;
  return r.summary;
}

async function benchValidate(port: number, seed: Seeded, bareRps: number) {
  log("\n## (a) POST /api/tickets/validate");
  await quietGate("(a)", QUIET_WAIT);
  const codes = shuffled(seed.venueCodes);
  const host = `${HOST}:${port}`;
  // Half typed as printed (groups of four), half as stored.
  const reqs = codes.map((c, i) =>
    encodeRequest(host, "POST", "/api/tickets/validate", {
      ticket_code: i % 2 ? formatTicketCode(c) : c,
    })
  );
  const r = await appLoad(
    "validate",
    port,
    BOUNDS.validate,
    (i) => reqs[i % reqs.length],
    200,
  );
  const best = await rawCeiling(
    "ticket lookup",
    BOUNDS.rawRead,
    (i) => raw.lookupTicket(pool!, codes[i % codes.length]),
  );
  const ok = r.summary.p99 <= 20 && r.unexpected === 0;
  rows.push({
    scenario: "(a) validate ticket",
    app: r.summary,
    raw: best,
    target: "P99 ≤ 20 ms",
    met: ok,
    detail: `app at ${pct(r.summary.rps / bareRps)} of bare Deno.serve${
      r.unexpected ? `; ${r.unexpected} unexpected (${r.statuses})` : ""
    }`,
    cpu: r.cpu,
  });
  cpuRows.push({ name: "(a) app", cpu: r.cpu, waits: r.waits });
  cpuRows.push({
    name: `(a) raw c=${best.concurrency}`,
    cpu: best.cpu,
    waits: best.waits,
  });
}

async function benchAvailable(port: number, seed: Seeded) {
  log("\n## (b) GET /api/reservation-slots/available?orq=1 (90 days)");
  await quietGate("(b)", QUIET_WAIT);
  const req = encodeRequest(
    `${HOST}:${port}`,
    "GET",
    "/api/reservation-slots/available?orq=1",
  );
  let shape = "";
  const r = await appLoad(
    "available",
    port,
    BOUNDS.available,
    () => req,
    200,
    (i, res) => {
      if (shape || res.status !== 200) return;
      const body = jsonOf<{ dates: { level: string; slots: unknown[] }[] }>(
        res,
      );
      const slots = body.dates.reduce((a, d) => a + d.slots.length, 0);
      const levels = new Map<string, number>();
      for (const d of body.dates) {
        levels.set(d.level, (levels.get(d.level) ?? 0) + 1);
      }
      shape = `${body.dates.length} dates, ${slots} slots, ${
        (res.body.length / 1024).toFixed(0)
      } KiB answer`;
      log(
        `    first answer (request ${i}): date levels ${
          [...levels].map(([k, v]) => `${k} ${v}`).join(" / ")
        }`,
      );
    },
  );
  log(`    answer: ${shape}`);
  const now = { date: seed.today, time: seed.nowTime };
  const to = addDays(seed.today, 89);
  const best = await rawCeiling(
    "listSlots",
    BOUNDS.rawRead,
    () =>
      raw.listSlots(pool!, {
        from: seed.today,
        to,
        date: now.date,
        time: now.time,
      }),
  );
  rows.push({
    scenario: "(b) 90-day availability",
    app: r.summary,
    raw: best,
    target: "P95 ≤ 100 ms",
    met: r.summary.p95 <= 100 && r.unexpected === 0,
    detail: shape,
    cpu: r.cpu,
  });
  cpuRows.push({ name: "(b) app", cpu: r.cpu, waits: r.waits });
  cpuRows.push({
    name: `(b) raw c=${best.concurrency}`,
    cpu: best.cpu,
    waits: best.waits,
  });
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function benchReserve(
  port: number,
  seed: Seeded,
  kind: "many" | "hot",
) {
  const many = kind === "many";
  log(
    many
      ? "\n## (c) POST /api/reservations/create — distinct tickets over many slots"
      : "\n## (d) POST /api/reservations/create — all on one slot with room",
  );
  await vacuum();
  await quietGate(many ? "(c)" : "(d)", QUIET_WAIT);
  const host = `${HOST}:${port}`;
  const appCodes = seed.pools[many ? "appMany" : "appHot"];
  const rawCodes = seed.pools[many ? "rawMany" : "rawHot"];
  const slots = seed.bookableSlots;
  const pick = (i: number) =>
    many
      ? slots[(i * 7_919 + Math.floor(Math.random() * 13)) % slots.length]
      : seed.extraSlots.appHot;
  const outcomes = new Map<string, number>();
  const r = await appLoad(
    many ? "reserve (many slots)" : "reserve (one slot)",
    port,
    many ? BOUNDS.reserve : BOUNDS.hot,
    (i) =>
      encodeRequest(host, "POST", "/api/reservations/create", {
        ticket_code: formatTicketCode(appCodes[i]),
        slot_id: pick(i),
        customer_email: `visitor+${i}@example.com`,
        customer_phone: phone(i).replace(/^(\+\d{2})(\d)(\d{4})/, "$1 $2 $3 "),
      }),
    201,
    (_i, res) => {
      if (res.status === 201) return;
      const code = jsonOf<{ error?: { code?: string } }>(res).error?.code ??
        String(res.status);
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    },
  );
  if (outcomes.size) {
    log(`    refusals: ${[...outcomes].map(([k, v]) => `${k}×${v}`)}`);
  }
  await settleOutbox(many ? "(c)" : "(d)");
  const rawSlot = seed.extraSlots.rawHot;
  const best = await rawCeiling(
    many ? "reservation tx (many slots)" : "reservation tx (one hot slot)",
    BOUNDS.rawWrite,
    async (i) => {
      // Wall clock of organization 1 (for the guarded UPDATE's "not ended").
      const now = zonedNow(new Date(), seed.timezone);
      const out = await raw.reserve(pool!, {
        code: rawCodes[i],
        slotId: many
          ? slots[(i * 7_919 + Math.floor(Math.random() * 13)) % slots.length]
          : rawSlot,
        email: `raw+${i}@example.com`,
        phone: phone(i),
        date: now.date,
        time: now.time,
      });
      if (out !== "created") {
        throw new Error(`raw reservation: ${out} (${raw.lastRefusal})`);
      }
    },
  );
  const ratio = r.summary.rps / best.summary.rps;
  if (many) {
    rows.push({
      scenario: "(c) reserve, many slots",
      app: r.summary,
      raw: best,
      target: "P99 ≤ 50 ms and ≥ 70 % of raw",
      met: r.summary.p99 <= 50 && ratio >= 0.7 && r.unexpected === 0,
      detail: r.unexpected ? `${r.unexpected} not 201 (${r.statuses})` : "",
      cpu: r.cpu,
    });
  } else {
    rows.push({
      scenario: "(d) reserve, one slot",
      app: r.summary,
      raw: best,
      target: "≥ 100 % of raw hot-row",
      met: ratio >= 1 && r.unexpected === 0,
      detail: r.unexpected ? `${r.unexpected} not 201 (${r.statuses})` : "",
      cpu: r.cpu,
    });
  }
  const tag = many ? "(c)" : "(d)";
  cpuRows.push({ name: `${tag} app`, cpu: r.cpu, waits: r.waits });
  cpuRows.push({
    name: `${tag} raw c=${best.concurrency}`,
    cpu: best.cpu,
    waits: best.waits,
  });
}

/** What one drop measured. */
interface DropRun {
  summary: Summary;
  /** Each answer's latency (ms). */
  latencies: Float64Array;
  /** Seconds from the first request sent to the last answer read. */
  drained: number;
  created: number;
  full: number;
  /** Exactly DROP_CAPACITY created and the rest SLOT_FULL, in the answers and the database. */
  exact: boolean;
  cpu: CpuSplit;
  waits: WaitProfile;
  profile: CpuProfile | null;
}

/**
 * The drop: DROP_REQUESTS connections opened first (not timed), then one
 * reservation each at the fresh DROP_CAPACITY-place slot `slotId`, all at
 * once. Logs and checks the outcome; `label` names it in failures.
 */
async function fireDrop(
  port: number,
  slotId: number,
  codes: string[],
  label: string,
  profiled = false,
): Promise<DropRun> {
  const host = `${HOST}:${port}`;
  const reqs = codes.map((c, i) =>
    encodeRequest(host, "POST", "/api/reservations/create", {
      ticket_code: c,
      slot_id: slotId,
      customer_email: `drop+${i}@example.com`,
      customer_phone: phone(i),
    })
  );
  const t0 = performance.now();
  const conns = await openConnections(HOST, port, DROP_REQUESTS, 500);
  log(
    `  ${conns.length} keep-alive connections open in ${
      elapsed(t0)
    } (not timed)`,
  );
  const latencies = new Float64Array(DROP_REQUESTS);
  const outcome = new Map<string, number>();
  if (profiled) await inspector!.start();
  const meter = await cpuMeter(app);
  const stopWaits = sampleWaits(watcher!, dbName, APP_NAMES);
  const start = performance.now();
  await Promise.all(conns.map(async (c, i) => {
    const s = performance.now();
    let key: string;
    try {
      const res = await c.request(reqs[i]);
      latencies[i] = performance.now() - s;
      key = res.status === 201
        ? "201"
        : `${res.status} ${
          jsonOf<{ error?: { code?: string } }>(res).error?.code ?? "?"
        }`;
    } catch (err) {
      latencies[i] = performance.now() - s;
      key = `transport error (${(err as Error).message})`;
    }
    outcome.set(key, (outcome.get(key) ?? 0) + 1);
  }));
  const drained = (performance.now() - start) / 1000;
  const cpu = await meter();
  const waits = await stopWaits();
  const profile = profiled ? await inspector!.stop() : null;
  for (const c of conns) c.close();
  const summary = summarize(latencies, drained);
  const created = outcome.get("201") ?? 0;
  const full = outcome.get("409 SLOT_FULL") ?? 0;
  const [dbRow] = await pool!.unsafe(
    `SELECT s.booked_count, s.status,
            (SELECT count(*)::int FROM ticket_reservations r WHERE r.slot_id = s.id) AS reservations,
            (SELECT count(*)::int FROM mail_outbox m JOIN ticket_reservations r
               ON r.id = m.reservation_id WHERE r.slot_id = s.id) AS mails
       FROM reservation_slots s WHERE s.id = $1`,
    [slotId],
  );
  const exact = created === DROP_CAPACITY &&
    full === DROP_REQUESTS - DROP_CAPACITY &&
    dbRow.booked_count === DROP_CAPACITY &&
    dbRow.reservations === DROP_CAPACITY &&
    dbRow.mails === DROP_CAPACITY;
  log(
    `  drained in ${drained.toFixed(2)} s; ${
      [...outcome].map(([k, v]) => `${k} ×${v}`).join(", ")
    }`,
  );
  log(
    `  database: booked_count ${dbRow.booked_count}, status ${dbRow.status}, ` +
      `${dbRow.reservations} reservations, ${dbRow.mails} queued mails`,
  );
  log(
    `  latency: P50 ${ms(summary.p50)}  P95 ${ms(summary.p95)}  P99 ${
      ms(summary.p99)
    }  max ${ms(summary.max)}`,
  );
  log(
    `  CPU (cores) client ${cpu.client.toFixed(2)} · server ${
      cpu.server.toFixed(2)
    } · postgres ${cpu.postgres.toFixed(2)} · whole machine ${
      cpu.machine.toFixed(2)
    }`,
  );
  logWaits("  ", waits);
  log(
    `  exactly ${DROP_CAPACITY} created and ${
      DROP_REQUESTS - DROP_CAPACITY
    } SLOT_FULL: ${exact ? "PASS" : "FAIL"}`,
  );
  if (!exact) {
    failures.push(
      `${label}: not exactly ${DROP_CAPACITY} created / ${
        DROP_REQUESTS - DROP_CAPACITY
      } SLOT_FULL`,
    );
  }
  return {
    summary,
    latencies,
    drained,
    created,
    full,
    exact,
    cpu,
    waits,
    profile,
  };
}

async function benchDrop(port: number, seed: Seeded, profiled = false) {
  log(
    profiled
      ? "\n## (e') The drop again, profiled (not measured)"
      : `\n## (e) The drop: ${
        DROP_REQUESTS.toLocaleString("en-US")
      } simultaneous ` +
        `reservations at a fresh ${DROP_CAPACITY}-place slot`,
  );
  await vacuum();
  if (!profiled) await quietGate("(e)", QUIET_WAIT);
  const key = profiled ? "dropProfiled" : "drop";
  const d = await fireDrop(
    port,
    seed.extraSlots[key],
    seed.pools[key],
    profiled ? "drop (profiled)" : "drop",
    profiled,
  );
  if (d.profile) {
    reportProfile("drop", d.profile);
    return;
  }
  const pass = d.exact && d.drained <= 2;
  log(
    `  drained ≤ 2 s: ${d.drained <= 2 ? "PASS" : "FAIL"}; DROP: ${
      pass ? "PASS" : "FAIL"
    }`,
  );
  rows.push({
    scenario: `(e) drop: ${DROP_REQUESTS} at ${DROP_CAPACITY} places`,
    app: d.summary,
    raw: null,
    target: "drained ≤ 2 s, exactly 200 created",
    met: pass,
    detail: `drained ${
      d.drained.toFixed(2)
    } s, ${d.created} created, ${d.full} SLOT_FULL${
      d.exact ? "" : " (MISMATCH)"
    }`,
    cpu: d.cpu,
  });
  cpuRows.push({ name: "(e) app drop", cpu: d.cpu, waits: d.waits });
}

/** The door staff's data and logins, for (f) and (g). */
interface Door {
  scan: ScanSeed;
  operatorToken: string;
  managerToken: string;
}

/** Seeds an OPERATOR and a MANAGER with PINs and the door's tickets; signs both in. */
async function seedDoor(port: number, seed: Seeded): Promise<Door> {
  log("\n## Door staff and tickets for (f) and (g)");
  const t = performance.now();
  const operatorId = await seedStaff(pool!, OPERATOR);
  await seedStaff(pool!, MANAGER);
  const scan = await seedScanning(pool!, {
    today: seed.today,
    verifierId: operatorId,
    reservedToday: 20_000,
    verified: 2_000,
    tomorrow: 1_000,
    pending: 1_000,
    activated: seed.venueCodes.slice(0, 1_000),
    unknown: 500,
    live: LIVE.verifications,
  });
  const base = `http://${HOST}:${port}`;
  const operatorToken = await login(base, OPERATOR);
  const managerToken = await login(base, MANAGER);
  const mix = new Map<string, number>();
  for (const r of scan.expected.values()) mix.set(r, (mix.get(r) ?? 0) + 1);
  log(
    `  seeded and signed in (${OPERATOR.role}, ${MANAGER.role}: PIN logins ` +
      `over HTTP) in ${elapsed(t)}; (f) codes by expected decision: ${
        [...mix].map(([k, v]) => `${k} ${v}`).join(", ")
      }; (g): ${scan.liveCodes.length} RESERVED today on a slot of their own`,
  );
  return { scan, operatorToken, managerToken };
}

async function benchOperatorValidate(port: number, door: Door) {
  log("\n## (f) POST /api/operator/validate-ticket (operator's Bearer token)");
  await quietGate("(f)", QUIET_WAIT);
  const { codes, expected } = door.scan;
  const host = `${HOST}:${port}`;
  const auth = { authorization: `Bearer ${door.operatorToken}` };
  // Half as printed (groups of four, as typed), half as stored (as scanned).
  const reqs = codes.map((c, i) =>
    encodeRequest(host, "POST", "/api/operator/validate-ticket", {
      code: i % 2 ? formatTicketCode(c) : c,
    }, auth)
  );
  const reasons = new Map<string, number>();
  let wrong = 0;
  const scan = (opts?: Parameters<typeof appLoad>[6]) =>
    appLoad(
      "operator validate",
      port,
      BOUNDS.validate,
      (i) => reqs[i % reqs.length],
      200,
      (i, res) => {
        if (res.status !== 200) return;
        const { reason } = jsonOf<{ reason: string }>(res);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        if (reason !== expected.get(codes[i % codes.length])) wrong++;
      },
      opts,
    );
  const first = await scan();
  let rawCursor = 0;
  const lookup = () => raw.findTicket(pool!, codes[rawCursor++ % codes.length]);
  const ceiling = await rawCeiling(
    "ticket lookup (scan)",
    BOUNDS.rawRead,
    () => lookup(),
  );
  // One app run and one raw run each take a few seconds on a machine whose
  // three busy processes share two cores, and single runs of either swing by
  // a third; so the app and the raw query at its best concurrency run
  // alternately PAIRED_RUNS times, and their pooled runs are compared.
  const apps = [first];
  const raws: Omit<RawBest, "all">[] = [ceiling];
  log(
    `  ${
      PAIRED_RUNS - 1
    } more alternating runs of the app and of raw c=${ceiling.concurrency}:`,
  );
  for (let k = 1; k < PAIRED_RUNS; k++) {
    apps.push(
      await scan({ warm: false, profile: false, from: apps[k - 1].next }),
    );
    raws.push(
      await rawAt(
        "ticket lookup (scan)",
        ceiling.concurrency,
        BOUNDS.rawRead,
        lookup,
      ),
    );
  }
  const r = {
    ...first,
    summary: pooled(apps),
    unexpected: apps.reduce((n, a) => n + a.unexpected, 0),
    statuses: apps.map((a) => a.statuses).join("; "),
  };
  const best: RawBest = { ...ceiling, summary: pooled(raws) };
  const ratio = r.summary.rps / best.summary.rps;
  log(
    `  pooled over ${PAIRED_RUNS} runs each: app ${
      line(r.summary)
    }; raw c=${best.concurrency} ${rps(best.summary.rps)} req/s; ratio ${
      pct(ratio)
    } (runs: ${
      apps.map((a, k) => pct(a.summary.rps / raws[k].summary.rps)).join(", ")
    })`,
  );
  const answered = [...reasons.values()].reduce((a, b) => a + b, 0);
  log(
    `  decisions of all app runs: ${
      [...reasons].sort((a, b) => b[1] - a[1]).map(([k, v]) =>
        `${k} ${pct(v / answered)}`
      ).join(", ")
    }; ${wrong} not the seeded ticket's reason`,
  );
  if (wrong) failures.push(`(f): ${wrong} scans with the wrong decision`);
  rows.push({
    scenario: "(f) operator validate-ticket",
    app: r.summary,
    raw: best,
    target: "P99 ≤ 20 ms and ≥ 70 % of raw",
    met: r.summary.p99 <= 20 && ratio >= 0.7 && r.unexpected === 0 &&
      wrong === 0,
    detail: `${pct((reasons.get("VALID") ?? 0) / answered)} GREEN${
      wrong ? `; ${wrong} WRONG decisions` : ""
    }${r.unexpected ? `; ${r.unexpected} unexpected (${r.statuses})` : ""}`,
    cpu: r.cpu,
  });
  cpuRows.push({ name: "(f) app", cpu: r.cpu, waits: r.waits });
  cpuRows.push({
    name: `(f) raw c=${best.concurrency}`,
    cpu: best.cpu,
    waits: best.waits,
  });
}

function closeStreams() {
  for (const close of streams) close();
  streams = [];
}

/** `+3 %` / `-2 %`. */
function signedPct(v: number): string {
  return `${v >= 0 ? "+" : ""}${pct(v)}`;
}

async function benchLive(port: number, seed: Seeded, door: Door) {
  const N = LIVE.streams;
  const base = `http://${HOST}:${port}`;
  log(
    `\n## (g) Live events: ${N} dashboard streams (GET /api/dashboard/stream?orq=1)`,
  );
  // One drop drains in about a second and single drops swing by a quarter
  // on this shared machine, and later drops run faster (the app warms up),
  // so drops without (Q) and with (L) the streams run DROP_PAIRS times in the
  // order Q L, L Q, Q L, L Q, ... (so a steady drift favours neither) and
  // their summed drain times are compared.
  const quiet: DropRun[] = [];
  const live: DropRun[] = [];
  let sawFull = 0;
  let verify: Summary | null = null;
  let delivery: Summary | null = null;
  let missing = 0;
  const quietDrop = async (k: number) => {
    log(`  drop ${k + 1} of ${DROP_PAIRS} without streams:`);
    await vacuum();
    await quietGate("(g)", QUIET_WAIT);
    quiet.push(
      await fireDrop(
        port,
        seed.extraSlots[`dropQuiet${k}`],
        seed.pools[`dropQuiet${k}`],
        "(g) drop without streams",
      ),
    );
    await settleOutbox("(g) without streams", 3);
  };
  /** Drop k with the streams open; "warm" is the uncompared warm-up. */
  const liveDrop = async (k: number | "warm") => {
    const fds0 = await openFds();
    const t0 = performance.now();
    const key = k === "warm" ? "dropWarm" : `dropLive${k}`;
    const dropSlot = seed.extraSlots[key];
    // The verification series runs with the warm-up opening of the streams.
    const watch = new StreamWatch(
      N,
      k === "warm" ? LIVE.verifications : 0,
      door.scan.liveSlot,
      dropSlot,
    );
    streams = await openStreams(
      N,
      () => `${base}/api/dashboard/stream?orq=1`,
      { authorization: `Bearer ${door.managerToken}` },
      (i) => watch.onEventOf(i),
    );
    log(
      `  ${N} streams open with their snapshots in ${elapsed(t0)} (manager's ` +
        `Bearer token); the app counts ${await appStreams(base)}; ` +
        `our file descriptors ${fds0} → ${await openFds()}`,
    );
    try {
      if (k === "warm") {
        await quietGate("(g)", QUIET_WAIT);
        log(
          `  ${LIVE.verifications} verify-ticket at ${LIVE.rate}/s, one at a time (operator's token):`,
        );
        const series = await verifySeries({
          hostname: HOST,
          port,
          token: door.operatorToken,
          codes: door.scan.liveCodes,
          rate: LIVE.rate,
        });
        verify = series.latency;
        await watch.allVerified(3000);
        const d = watch.deliveries(series.answeredAt);
        delivery = summarize(d.delays, verify.seconds);
        missing = d.missing;
        log(
          `    verify-ticket answered: P50 ${ms(verify.p50)}  P95 ${
            ms(verify.p95)
          }  P99 ${ms(verify.p99)}  max ${ms(verify.max)}`,
        );
        log(
          `    answer → verification event, ${delivery.count} deliveries: P50 ${
            ms(delivery.p50)
          }  P95 ${ms(delivery.p95)}  P99 ${ms(delivery.p99)}  max ${
            ms(delivery.max)
          }; never seen ${missing}`,
        );
        if (missing) failures.push(`(g): ${missing} verification events lost`);
      }

      log(
        k === "warm"
          ? `  a warm-up drop with the ${N} streams open (not compared):`
          : `  drop ${k + 1} of ${DROP_PAIRS} with the ${N} streams open:`,
      );
      await vacuum();
      await quietGate("(g)", QUIET_WAIT);
      const run = await fireDrop(
        port,
        dropSlot,
        seed.pools[key],
        k === "warm" ? "(g) warm-up drop" : "(g) drop with streams",
      );
      const saw = await watch.sawDropAt(DROP_CAPACITY, 3000);
      if (k !== "warm") {
        live.push(run);
        if (saw === N) sawFull++;
      }
      log(
        `  streams that saw the slot fill: ${saw}/${N}; ${
          (watch.dropEvents / N).toFixed(1)
        } events of the drop slot per stream`,
      );
    } finally {
      closeStreams();
    }
    // Both ends let go of the streams: our sockets and the app's subscribers.
    const left = await appStreamsGone(base, 5000);
    log(
      `  streams closed: the app counts ${left}; our file descriptors ${await openFds()}`,
    );
    if (left > 0) failures.push(`(g): the app still counts ${left} streams`);
    await settleOutbox("(g) with streams", 3);
  };
  // The first drops of a fresh server are slow (connections opened, code not
  // yet optimised), which is not what is compared here; the warm-up runs with
  // the streams open, so that their code (the live events of a booking, the
  // fan-out) is warm as well when the first drop with streams comes.
  await liveDrop("warm");
  for (let k = 0; k < DROP_PAIRS; k++) {
    if (k % 2 === 0) {
      await quietDrop(k);
      await liveDrop(k);
    } else {
      await liveDrop(k);
      await quietDrop(k);
    }
  }

  const drained = (runs: DropRun[]) => runs.reduce((t, r) => t + r.drained, 0);
  const slowdown = drained(live) / drained(quiet) - 1;
  const times = (runs: DropRun[]) =>
    runs.map((r) => r.drained.toFixed(2)).join(" + ");
  log(
    `  drained in ${times(quiet)} s without streams, ${
      times(live)
    } s with ${N}: ${signedPct(slowdown)}`,
  );
  const exact = [...quiet, ...live].every((r) => r.exact);
  rows.push({
    scenario: `(g) verification → ${N} streams`,
    app: delivery!,
    raw: null,
    rateCell: `${rps(LIVE.verifications / verify!.seconds)} verif./s`,
    target: "delivery P95 ≤ 250 ms",
    met: delivery!.p95 <= 250 && missing === 0,
    detail: `${delivery!.count} deliveries${
      missing ? `, ${missing} NEVER SEEN` : ""
    }; verify-ticket P50 ${ms(verify!.p50)}, P99 ${ms(verify!.p99)}`,
  });
  const last = live[live.length - 1];
  rows.push({
    scenario: `(g) drop with ${N} streams`,
    app: pooled(live.map((r) => ({
      latencies: r.latencies,
      seconds: r.drained,
    }))),
    raw: null,
    target: "drain ≤ 10 % slower than without",
    met: slowdown <= 0.1 && exact && sawFull === DROP_PAIRS,
    detail: `${DROP_PAIRS} drops each: drained ${drained(live).toFixed(2)} s ` +
      `vs ${drained(quiet).toFixed(2)} s without: ${signedPct(slowdown)}; ` +
      `${exact ? `exactly ${DROP_CAPACITY} created each` : "NOT EXACT"}; ` +
      `every stream saw the slot fill in ${sawFull} of ${DROP_PAIRS} drops`,
    cpu: last.cpu,
  });
  cpuRows.push({
    name: "(g) drop, no streams (last)",
    cpu: quiet[quiet.length - 1].cpu,
    waits: quiet[quiet.length - 1].waits,
  });
  cpuRows.push({
    name: `(g) drop, ${N} streams (last)`,
    cpu: last.cpu,
    waits: last.waits,
  });
}

/**
 * VACUUM before each write scenario, as autovacuum would between rushes: the
 * raw ceiling runs use the pre-batching statement order (FK KEY SHARE on the
 * slot row, then UPDATE of it), which under concurrency leaves dead slot
 * versions whose xmax is an update MultiXact; every later scan of the slots
 * (the SLOT_FULL alternatives query) would pay MultiXact lookups for them.
 */
async function vacuum() {
  const t0 = performance.now();
  await pool!.unsafe(
    "VACUUM (ANALYZE) reservation_slots, tickets, ticket_reservations, mail_outbox",
  );
  log(`  VACUUM (ANALYZE) of the four hot tables: ${elapsed(t0)}`);
}

/**
 * The app's mail worker renders and "sends" (DATA_DIR/mailbox) one
 * confirmation per reservation, in the server process. Lets it drain the
 * backlog of a write scenario for a few seconds to measure its rate, then
 * marks the rest SENT so that the next scenario does not compete with it.
 */
async function settleOutbox(after: string, maxSeconds = 6) {
  const pending = async () =>
    (await pool!.unsafe(
      `SELECT count(*)::int AS n FROM mail_outbox
        WHERE status = 'PENDING' AND next_attempt_at < 'infinity'`,
    ))[0].n as number;
  const p0 = await pending();
  const t0 = performance.now();
  let p = p0;
  while (p > 0 && performance.now() - t0 < maxSeconds * 1000) {
    await new Promise((r) => setTimeout(r, 250));
    p = await pending();
  }
  const seconds = (performance.now() - t0) / 1000;
  const [{ n: skipped }] = await pool!.unsafe(
    `WITH u AS (
       UPDATE mail_outbox SET status = 'SENT', sent_at = now(), last_error = 'skipped by bench'
        WHERE status = 'PENDING' AND next_attempt_at < 'infinity' RETURNING 1)
     SELECT count(*)::int AS n FROM u`,
  );
  mailRates.push({ after, pending: p0, sent: p0 - p, seconds });
  log(
    `  mail outbox: ${p0} confirmations pending; the app's worker sent ${
      p0 - p
    } in ${seconds.toFixed(1)} s (${
      ((p0 - p) / Math.max(seconds, 0.001)).toFixed(0)
    }/s with nothing else running); ${skipped} more marked SENT by the bench`,
  );
}

// ---------------------------------------------------------------- report

function report(bareSummary: Summary, machine: string[], runStart: number) {
  log("\n# Results\n");
  for (const m of machine) log(m);
  log("");
  log(
    "| scenario | app req/s | P50 | P95 | P99 | raw ceiling req/s | ratio | target | met? |",
  );
  log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
  for (const r of rows) {
    const ratio = r.app && r.raw ? pct(r.app.rps / r.raw.summary.rps) : "—";
    const rawCell = r.raw
      ? `${rps(r.raw.summary.rps)} (c=${r.raw.concurrency})`
      : "—";
    const a = r.app;
    log(
      `| ${r.scenario} | ${r.rateCell ?? (a ? rps(a.rps) : "—")} | ${
        a ? ms(a.p50) : "—"
      } | ${a ? ms(a.p95) : "—"} | ${
        a ? ms(a.p99) : "—"
      } | ${rawCell} | ${ratio} | ${r.target} | ${r.met ? "yes" : "**no**"}${
        r.detail ? ` — ${r.detail}` : ""
      } |`,
    );
  }
  log(
    `| HTTP ceiling: bare Deno.serve, small JSON | ${rps(bareSummary.rps)} | ${
      ms(bareSummary.p50)
    } | ${ms(bareSummary.p95)} | ${
      ms(bareSummary.p99)
    } | — | — | (reference) | — |`,
  );
  log("");
  log(
    "CPU in cores (1.00 = one core busy) during each measured run; the machine has " +
      `${navigator.hardwareConcurrency}:`,
  );
  log("");
  log(
    "| run | load client / raw driver | app server | postgres | kernel + other processes | machine | pool backends (avg) |",
  );
  log("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const c of cpuRows) {
    const { client, server, postgres, machine } = c.cpu;
    log(
      `| ${c.name} | ${client.toFixed(2)} | ${
        c.name.includes("raw") ? "idle" : server.toFixed(2)
      } | ${postgres.toFixed(2)} | ${
        Math.max(0, machine - client - server - postgres).toFixed(2)
      } | ${machine.toFixed(2)} | ${
        c.waits?.size ? formatWaits(c.waits) : "—"
      } |`,
    );
  }
  if (mailRates.length) {
    log("");
    log(
      "Confirmation mails (the app's outbox worker, in the server process, idle load): " +
        mailRates.map((m) =>
          `after ${m.after} ${m.sent}/${m.pending} in ${
            m.seconds.toFixed(1)
          } s = ${(m.sent / Math.max(m.seconds, 0.001)).toFixed(0)}/s`
        ).join("; "),
    );
  }
  if (profiles.length) {
    log("");
    log("Server profile hints (separate profiled passes, not measured):");
    for (const p of profiles) {
      log(`- ${p.name}: ${p.lines[0]}`);
      log(`  ${p.lines[1].trim()}`);
      log(`  top: ${p.lines.slice(3, 6).map((l) => l.trim()).join(" | ")}`);
    }
  }
  log("");
  log(
    `App: ${CONCURRENCY} requests in flight on keep-alive connections (the drop: ` +
      `${DROP_REQUESTS} connections, one request each); app pool DB_POOL_MAX default (20). ` +
      `(g): ${LIVE.streams} dashboard streams in this process (raw sockets), ` +
      `${LIVE.verifications} verifications one at a time at ${LIVE.rate}/s. ` +
      `Raw: postgres.js pool ${RAW_POOL}, best of concurrency ${
        RAW_LEVELS.join("/")
      }.`,
  );
  log(
    "The load client, the app (or bare server) and PostgreSQL share this machine's " +
      "cores, so every figure includes their competition for CPU.",
  );
  log(`Total run time ${elapsed(runStart)}.`);
}

// ---------------------------------------------------------------- main

async function main(): Promise<boolean> {
  const runStart = performance.now();
  await initClockTicks();
  const mi = await machineInfo();
  log("# Timed-entry benchmarks: app vs bare Deno.serve vs raw SQL");
  log(
    `Machine: nproc ${mi.nproc}, CPU ${mi.cpu}; load client, server and ` +
      `PostgreSQL all share these ${mi.nproc} cores.`,
  );

  await quietGate("start", QUIET_WAIT * 2);
  const bareSummary = await benchBare();

  log("\n## Setup");
  let t = performance.now();
  db = await throwawayDatabase();
  log(`  throw-away database ${db.name}`);
  dbName = db.name;
  const port = freePort();
  const inspectPort = freePort();
  await Deno.mkdir(dataDir, { recursive: true });
  app = startDeno(
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
      JWT_SECRET: "bench",
      DATA_DIR: dataDir,
    }),
    ROOT,
  );
  await waitForHttp(`http://${HOST}:${port}/api/health`, app);
  log(`  app listening on ${HOST}:${port} after ${elapsed(t)}`);

  if (PROFILE) inspector = await Inspector.connect(inspectPort);
  pool = rawPool(db.url, RAW_POOL, RAW_APP_NAME);
  watcher = rawPool(db.url, 1, `${RAW_APP_NAME}-watch`);
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
    extraSlots: {
      appHot: 10_000_000,
      rawHot: 10_000_000,
      drop: DROP_CAPACITY,
      ...(PROFILE ? { dropProfiled: DROP_CAPACITY } : {}),
      ...(SCENARIOS.has("g") ? dropPairs(DROP_CAPACITY) : {}),
    },
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
      backgroundAt.map((b) => `${b.label} ${b.cores.toFixed(2)}`).join(", ")
    }.`,
  ];

  if (SCENARIOS.has("a")) await benchValidate(port, seed, bareSummary.rps);
  if (SCENARIOS.has("b")) await benchAvailable(port, seed);
  if (SCENARIOS.has("c")) await benchReserve(port, seed, "many");
  if (SCENARIOS.has("d")) await benchReserve(port, seed, "hot");
  if (SCENARIOS.has("e")) {
    await benchDrop(port, seed);
    await settleOutbox("(e)", 3);
    if (PROFILE) await benchDrop(port, seed, true);
  }
  // Seeded only now, so that (a)–(e) see the same database as before.
  const door = SCENARIOS.has("f") || SCENARIOS.has("g")
    ? await seedDoor(port, seed)
    : null;
  if (SCENARIOS.has("f")) await benchOperatorValidate(port, door!);
  if (SCENARIOS.has("g")) await benchLive(port, seed, door!);

  const [check] = await pool.unsafe(
    `SELECT count(*)::int AS bad FROM reservation_slots s
      WHERE s.booked_count <> (SELECT count(*) FROM ticket_reservations r WHERE r.slot_id = s.id)
         OR s.booked_count > s.total_capacity`,
  );
  log(
    `\nConsistency: slots whose booked_count differs from their reservations: ${check.bad} ` +
      (check.bad === 0 ? "(PASS)" : "(FAIL)"),
  );
  if (check.bad !== 0) failures.push("booked_count differs from reservations");
  const appErrors = app!.errorLines();
  if (appErrors.length) {
    failures.push(
      `the app logged ${appErrors.length} error line(s), see above`,
    );
    log(`\nThe app logged errors (first ${appErrors.length}):`);
    for (const l of appErrors) log(`  ${l.slice(0, 600)}`);
  }
  report(bareSummary, machine(), runStart);
  if (failures.length) log(`\nCorrectness failures: ${failures.join("; ")}`);
  return failures.length === 0;
}

let ok = false;
try {
  ok = await main();
} catch (err) {
  console.error(
    `\nBenchmark failed: ${err instanceof Error ? err.stack : err}`,
  );
  const child = app as Child | null;
  if (child) {
    console.error(`--- app output (tail) ---\n${child.output().slice(-4000)}`);
  }
} finally {
  await cleanup();
}
Deno.exit(ok ? 0 : 1);
