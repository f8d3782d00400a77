/**
 * The state of one benchmark run, in one object that every scenario is
 * handed: the processes and pools it started (for the cleanup) and the
 * results it gathers (for the table).
 */
import type postgres from "postgres";
import type { Child, CpuSplit } from "./procs.ts";
import type { ThrowawayDb } from "./db.ts";
import type { Inspector } from "./profile.ts";
import {
  formatWaits,
  waitingStatements,
  type WaitProfile,
} from "./pg_waits.ts";
import type { Summary } from "./stats.ts";

/** The best raw run of an operation over the concurrencies tried. */
export interface RawBest {
  summary: Summary;
  /** The best run's latencies (ms) and length, to pool with repeats. */
  latencies: Float64Array;
  seconds: number;
  concurrency: number;
  all: { concurrency: number; rps: number }[];
  cpu: CpuSplit;
  waits: WaitProfile;
}

/** One row of the results table. */
export interface Row {
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

/** The processes, pools and results of one run. */
export interface Bench {
  db: ThrowawayDb | null;
  dbName: string;
  /** The app's DATA_DIR (mailbox, …), removed at the end. */
  dataDir: string;
  app: Child | null;
  bare: Child | null;
  /** The raw pool (ceilings, seeding, checks). */
  pool: postgres.Sql | null;
  /** One connection that samples pg_stat_activity. */
  watcher: postgres.Sql | null;
  inspector: Inspector | null;
  /** Closers of scenario (g)'s dashboard streams while they are open. */
  streams: (() => void)[];
  rows: Row[];
  /** Correctness failures (not missed targets): they make the run exit 1. */
  failures: string[];
  cpuRows: { name: string; cpu: CpuSplit; waits?: WaitProfile }[];
  /** The app's mail worker draining the outbox after each write scenario. */
  mailRates: {
    after: string;
    pending: number;
    sent: number;
    seconds: number;
  }[];
  /** Profile summaries of the server per scenario. */
  profiles: { name: string; lines: string[] }[];
  /** Cores other processes used just before each scenario. */
  backgroundAt: { label: string; cores: number }[];
}

/** A run with nothing started yet, whose app keeps its data in `dataDir`. */
export function newBench(dataDir: string): Bench {
  return {
    db: null,
    dbName: "",
    dataDir,
    app: null,
    bare: null,
    pool: null,
    watcher: null,
    inspector: null,
    streams: [],
    rows: [],
    failures: [],
    cpuRows: [],
    mailRates: [],
    profiles: [],
    backgroundAt: [],
  };
}

/** Closes scenario (g)'s dashboard streams. */
export function closeStreams(b: Bench): void {
  for (const close of b.streams) close();
  b.streams = [];
}

/** One line of the run's output. */
export function log(text: string): void {
  console.log(text);
}

/** The pool's states and the statements seen waiting. */
export function logWaits(indent: string, waits: WaitProfile): void {
  log(`${indent}postgres pool: ${formatWaits(waits)}`);
  for (const l of waitingStatements(waits)) log(`${indent}  waiting: ${l}`);
}

/** Seconds since `from` (a performance.now() reading), e.g. `1.5 s`. */
export function elapsed(from: number): string {
  return `${((performance.now() - from) / 1000).toFixed(1)} s`;
}

/** The CPU rows of an app run and of its raw ceiling, named by scenario `tag`. */
export function recordCpu(
  b: Bench,
  tag: string,
  app: { cpu: CpuSplit; waits: WaitProfile },
  raw: RawBest,
): void {
  b.cpuRows.push({ name: `${tag} app`, cpu: app.cpu, waits: app.waits });
  b.cpuRows.push({
    name: `${tag} raw c=${raw.concurrency}`,
    cpu: raw.cpu,
    waits: raw.waits,
  });
}
