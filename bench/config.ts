/**
 * The benchmark's settings: environment variables read once, and the count
 * and time bounds of every scenario (see bench/run.ts for the variables).
 */
import type { StaffLogin } from "./scan_seed.ts";

/** The repository root (the app is started from there). */
export const ROOT = new URL("..", import.meta.url).pathname;
/** Where the app, the bare server and the load client talk. */
export const HOST = "127.0.0.1";
const SCALE = Number(Deno.env.get("BENCH_SCALE") ?? "1") || 1;
/** Requests in flight against the app and the bare server. */
export const CONCURRENCY = 64;
/** Raw SQL concurrencies tried; the best one is the ceiling. */
export const RAW_LEVELS = [8, 16, 32, 64];
/** Connections of the raw pool. */
export const RAW_POOL = 20;
/**
 * application_names of the app's pools (db/client.ts: single statements,
 * batched reads and transactions) and of the raw pool.
 */
export const APP_NAMES = [
  "timed-entry-q",
  "timed-entry-tx",
  "timed-entry-batch",
];
/** application_name of the raw pool. */
export const RAW_APP_NAME = "timed-entry-bench";
/**
 * BENCH_PROFILE=0 turns off the profiled passes (the app then runs without
 * --inspect). They run after each measured run, never during one.
 */
export const PROFILE = Deno.env.get("BENCH_PROFILE") !== "0";
/** BENCH_PROFILE_DIR: also save each profile there as .cpuprofile. */
export const PROFILE_DIR = Deno.env.get("BENCH_PROFILE_DIR");
/** BENCH_SCENARIOS: which of a–j to run (default all but h). */
export const SCENARIOS = new Set(
  (Deno.env.get("BENCH_SCENARIOS") ?? "a,b,c,d,e,f,g,i,j").split(",").map((x) =>
    x.trim().toLowerCase()
  ),
);
/** BENCH_APP_V8_FLAGS: V8 flags for the app server (profiling aids). */
export const APP_V8_FLAGS = Deno.env.get("BENCH_APP_V8_FLAGS") ?? "";
/** Seconds to wait, before each scenario, for other processes to calm down. */
export const QUIET_WAIT = Number(Deno.env.get("BENCH_QUIET_WAIT") ?? "15");
/** Reservations fired at once in a drop. */
export const DROP_REQUESTS = 5_000;
/** Places of a drop's slot. */
export const DROP_CAPACITY = 200;

const n = (x: number) => Math.max(1, Math.round(x * SCALE));
/** Count and time bounds of one load: warm-up requests, then the measured run. */
export interface Bounds {
  warm: number;
  max: number;
  seconds: number;
}
/** Count and time bounds per scenario (app run, each raw trial, warm-up). */
export const BOUNDS = {
  bare: { warm: n(3_000), max: n(100_000), seconds: 6 * SCALE },
  validate: { warm: n(2_000), max: n(60_000), seconds: 8 * SCALE },
  available: { warm: n(100), max: n(5_000), seconds: 8 * SCALE },
  reserve: { warm: n(300), max: n(8_000), seconds: 8 * SCALE },
  hot: { warm: n(300), max: n(8_000), seconds: 8 * SCALE },
  rawRead: { warm: n(1_000), max: n(60_000), seconds: 2.5 * SCALE },
  rawWrite: { warm: n(200), max: n(4_000), seconds: 2.5 * SCALE },
  checkIn: { warm: n(500), max: n(10_000), seconds: 6 * SCALE },
  rawCheckIn: { warm: n(300), max: n(5_000), seconds: 2.5 * SCALE },
  reschedule: { warm: n(300), max: n(8_000), seconds: 8 * SCALE },
} satisfies Record<string, Bounds>;
/** The profiled pass after each measured app run: count and time bounds. */
export const PROFILE_PASS = {
  max: n(Number(Deno.env.get("BENCH_PROFILE_REQUESTS") ?? 2_000)),
  seconds: 2 * SCALE,
};
/**
 * Scenario (g): dashboard streams kept open, and check-ins (first
 * admissions, one at a time, `rate` a second) whose events, with the
 * occupancy, every stream must receive.
 */
export const LIVE = { streams: 1_000, verifications: n(100), rate: 20 };
/** Door staff of organization 1, seeded with a hashed PIN, signed in over HTTP. */
export const OPERATOR: StaffLogin = {
  username: "bench-operator",
  role: "OPERATOR",
  secret: "482913",
};
/** The app's JWT secret: the benchmark mints the stream sign-ins of (g) with it. */
export const APP_JWT_SECRET = "bench";
/** The manager who watches the dashboard streams of (g). */
export const MANAGER: StaffLogin = {
  username: "bench-manager",
  role: "MANAGER",
  secret: "bench-manager-password",
};
/** App and raw runs of (f), alternating; see scenarios/operator_validate.ts. */
export const PAIRED_RUNS = 3;
/**
 * Scenario (i), check-ins: the day's slots, of which a few hot ones take a
 * share of the check-ins, and the share of exits and re-entries (half each)
 * among them; the rest are first admissions.
 */
export const DOOR_DAY = {
  slots: 200,
  hotSlots: 3,
  hotShare: 0.3,
  doorShare: 0.2,
};
/** The raw check-in ceiling's concurrency: as many callers as the app has requests in flight. */
export const RAW_CHECK_IN_CONCURRENCY = CONCURRENCY;

/**
 * Check-ins (i) sends to the app and to the raw ceiling: each is a real
 * first scan of its ticket, so each needs a ticket of its own.
 */
export function checkInPools(): { app: number; raw: number } {
  const { checkIn, rawCheckIn } = BOUNDS;
  return {
    app: checkIn.warm + PAIRED_RUNS * checkIn.max +
      (PROFILE ? PROFILE_PASS.max : 0),
    raw: rawCheckIn.warm + PAIRED_RUNS * rawCheckIn.max,
  };
}

/**
 * Drops of (g), without and with the streams, alternating: single drops
 * swing by a third on a shared machine, so several pairs are summed.
 */
export const DROP_PAIRS = 6;

/** `value` for each of (g)'s drops: dropWarm, dropQuiet0, dropLive0, ... */
export function dropPairs(value: number): Record<string, number> {
  const out: Record<string, number> = { dropWarm: value };
  for (let k = 0; k < DROP_PAIRS; k++) {
    out[`dropQuiet${k}`] = value;
    out[`dropLive${k}`] = value;
  }
  return out;
}

/**
 * Scenario (j), customers' reschedules: booked tickets of the app and of
 * the raw ceiling, each moving back and forth between the two slots of its
 * pair; `pairs` such pairs (BENCH_RESCHEDULE_PAIRS), each slot with a place
 * for every ticket of its pair.
 */
export const RESCHEDULE = {
  pairs: Number(Deno.env.get("BENCH_RESCHEDULE_PAIRS") ?? 8) || 8,
  appTickets: n(2_000),
  rawTickets: n(2_000),
};

/** Ticket pool sizes needed by the plan (each ticket is reserved at most once). */
export function poolSizes(): Record<string, number> {
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
    ...(SCENARIOS.has("j")
      ? {
        reschedule: RESCHEDULE.appTickets,
        rawReschedule: RESCHEDULE.rawTickets,
      }
      : {}),
  };
}

/** Extra slots the plan needs, by name, with their places. */
export function extraSlotSizes(): Record<string, number> {
  return {
    appHot: 10_000_000,
    rawHot: 10_000_000,
    drop: DROP_CAPACITY,
    ...(PROFILE ? { dropProfiled: DROP_CAPACITY } : {}),
    ...(SCENARIOS.has("g") ? dropPairs(DROP_CAPACITY) : {}),
  };
}
