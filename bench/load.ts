/**
 * The measured loads: the app (or the bare server) over HTTP, and the raw
 * SQL ceilings over postgres.js at several concurrencies.
 */
import {
  APP_NAMES,
  type Bounds,
  CONCURRENCY,
  HOST,
  PROFILE_DIR,
  PROFILE_PASS,
  RAW_APP_NAME,
  RAW_LEVELS,
  RAW_POOL,
} from "./config.ts";
import { type HttpResponse, runLoad } from "./http_client.ts";
import { cpuMeter, type CpuSplit } from "./procs.ts";
import { type CpuProfile, summarizeProfile } from "./profile.ts";
import { sampleWaits, type WaitProfile } from "./pg_waits.ts";
import * as raw from "./raw.ts";
import { type Bench, log, logWaits, type RawBest } from "./state.ts";
import { line, rps, statusList, summarize, type Summary } from "./stats.ts";

/** One summary of several runs: their latencies together over their summed time. */
export function pooled(
  runs: { latencies: Float64Array; seconds: number }[],
): Summary {
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
export async function rawCeiling(
  b: Bench,
  name: string,
  bounds: Bounds,
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
    const r = await rawAt(b, name, c, bounds, () => op(next()));
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
export async function rawAt(
  b: Bench,
  name: string,
  c: number,
  bounds: { max: number; seconds: number },
  op: () => Promise<unknown>,
): Promise<Omit<RawBest, "all">> {
  const meter = await cpuMeter(null);
  const stopWaits = sampleWaits(b.watcher!, b.dbName, RAW_APP_NAME);
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
export interface AppRun {
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

/** Options of {@link appLoad}. */
export interface AppLoadOptions {
  /** Run the warm-up first (default true). */
  warm?: boolean;
  /** Run the profiled pass after, when profiling (default true). */
  profile?: boolean;
  /** The first request index (to go on where an earlier run stopped). */
  from?: number;
}

/**
 * Runs a warm-up, a measured closed-loop load against `port`, and then (for
 * the app, when profiling) a short profiled pass that is not measured.
 */
export async function appLoad(
  b: Bench,
  name: string,
  port: number,
  bounds: Bounds,
  request: (i: number) => Uint8Array,
  expect: number,
  onResponse?: (i: number, r: HttpResponse) => void,
  opts: AppLoadOptions = {},
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
  const meter = await cpuMeter(isBare ? b.bare : b.app);
  const stopWaits = isBare
    ? () => Promise.resolve(new Map() as WaitProfile)
    : sampleWaits(b.watcher!, b.dbName, APP_NAMES);
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
  if (!isBare && b.inspector && (opts.profile ?? true)) {
    await b.inspector.start();
    await runLoad({
      hostname: HOST,
      port,
      concurrency: CONCURRENCY,
      maxRequests: PROFILE_PASS.max,
      maxSeconds: PROFILE_PASS.seconds,
      request: () => request(cursor++),
    });
    reportProfile(b, name, await b.inspector.stop());
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

/** Logs the summary of `profile` and keeps it for the table (and PROFILE_DIR). */
export function reportProfile(b: Bench, name: string, profile: CpuProfile) {
  const dir = PROFILE_DIR;
  if (dir) {
    Deno.mkdirSync(dir, { recursive: true });
    Deno.writeTextFileSync(
      `${dir}/${name.replace(/\W+/g, "_")}.cpuprofile`,
      JSON.stringify(profile),
    );
  }
  const lines = summarizeProfile(profile, 8);
  b.profiles.push({ name, lines });
  log(`    profile (separate pass, not measured): ${lines[0]}`);
  for (const l of lines.slice(1)) log(`    ${l}`);
}
