/**
 * Prometheus metrics of one app instance (`GET /metrics`). The request
 * middleware costs a clock read, a map lookup and two increments: label
 * children are cached per (method, route pattern, status). Outcomes
 * (reservation results, scans, refused sign-ins) are reported by the routes
 * that know them.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Sql } from "../db/client.ts";
import { asServiceUnavailable } from "../db/connection_errors.ts";
import { registerDatabaseGauges } from "./metrics_gauges.ts";
import { AppError } from "../domain/errors.ts";
import {
  type HistogramSummary,
  RollingCounts,
  RollingHistogram,
} from "./rolling.ts";

/** Long-lived: its time to headers says nothing about API speed. */
const STREAM_ROUTE = "/api/dashboard/stream";
/** Bounds of the request latency histograms, in seconds. */
const LATENCY_BUCKETS = [
  0.002,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
];
/** The window of {@link Metrics.recent}. */
export const RECENT_WINDOW_MINUTES = 15;

interface RouteChildren {
  count: { inc(): void };
  latency: { observe(v: number): void };
}

/** What the gauges read when scraped. */
export interface MetricsSources {
  db: Sql;
  /** Open dashboard streams on this instance. */
  sseClients: () => number;
  /** The clock of the rolling windows; default the system's. */
  now?: () => Date;
}

/** This instance's activity over the last {@link RECENT_WINDOW_MINUTES} minutes. */
export interface RecentActivity {
  window_minutes: number;
  /** Answers of `POST /api/reservations/create`: `CREATED` or the error code. */
  reservations: Record<string, number>;
  /** `POST /api/operator/validate-ticket` handling times. */
  validations: HistogramSummary;
  /** Every `/api/` request but the dashboard stream. */
  api: HistogramSummary;
  /** Staff sign-ins refused (401) and throttled (429). */
  logins: { failed: number; throttled: number };
}

/** The bucket of refused sign-ins that name no known account. */
const PLATFORM = 0;

/**
 * A failed request's result as the reservation counters name it: its error
 * code, or the HTTP status it is answered with (`routes/app.ts` onError).
 */
export function failureResult(err: unknown): string {
  if (err instanceof AppError) return err.code;
  const answered = asServiceUnavailable(err);
  return String(answered instanceof AppError ? answered.status : 500);
}

/** The organization a refusal names in its context, if any. */
export function orqOfError(err: unknown): number | undefined {
  return err instanceof AppError && typeof err.context.orq === "number"
    ? err.context.orq
    : undefined;
}

function sumCounts(
  a: Record<string, number>,
  b: Record<string, number>,
): Record<string, number> {
  const sum = { ...a };
  for (const [k, n] of Object.entries(b)) sum[k] = (sum[k] ?? 0) + n;
  return sum;
}

interface RecentWindows {
  reservations: RollingCounts;
  logins: RollingCounts;
  validations: RollingHistogram;
  api: RollingHistogram;
}

/**
 * The organization a request was for: set by the route once known
 * (`c.set("orq", ...)`), else on a refusal's context, else the signed-in
 * caller's.
 */
function requestOrq(c: Context): number | undefined {
  const set = c.get("orq") as number | undefined;
  if (set !== undefined) return set;
  const fromError = orqOfError(c.error);
  if (fromError !== undefined) return fromError;
  const p = c.get("principal") as { orq: number } | undefined;
  return p?.orq;
}

/** The counters, histograms and gauges of one instance, in their own registry. */
export class Metrics {
  readonly registry = new Registry();
  #requests: Counter<"method" | "route" | "status">;
  #latency: Histogram<"method" | "route" | "status">;
  #reservations: Counter<"result">;
  #validations: Counter<"result">;
  #expired: Counter;
  #authFailures: Counter<"how">;
  #offlineConflicts: Counter;
  #children = new Map<string, RouteChildren>();
  /** The last minutes per organization: a manager sees only their own. */
  #recent = new Map<number, RecentWindows>();
  #now: () => number;

  constructor(sources: MetricsSources) {
    this.#now = sources.now ? () => sources.now!().getTime() : () => Date.now();
    const registers = [this.registry];
    const labelNames = ["method", "route", "status"] as const;
    this.#requests = new Counter({
      name: "http_requests_total",
      help: "HTTP requests by method, route pattern and status.",
      labelNames,
      registers,
    });
    this.#latency = new Histogram({
      name: "http_request_duration_seconds",
      help:
        "Time to the response headers, by method, route pattern and status.",
      labelNames,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#reservations = new Counter({
      name: "te_reservations_total",
      help: "Reservation requests by result (CREATED or the error code).",
      labelNames: ["result"],
      registers,
    });
    this.#validations = new Counter({
      name: "te_validations_total",
      help: "Ticket validations (scans) by colour.",
      labelNames: ["result"],
      registers,
    });
    this.#expired = new Counter({
      name: "te_reservations_expired_total",
      help: "Reservations the expiry job of this instance expired.",
      registers,
    });
    this.#authFailures = new Counter({
      name: "te_auth_failures_total",
      help: "Staff sign-ins refused (failed) or throttled.",
      labelNames: ["how"],
      registers,
    });
    // The offline door sync (routes/api/door_sync.ts) counts each conflict it
    // records; registered up front so alert rules find the series at 0.
    this.#offlineConflicts = new Counter({
      name: "te_offline_conflicts_total",
      help: "Offline door scans that disagreed with the server when synced.",
      registers,
    });
    registerDatabaseGauges(this.registry, {
      db: sources.db,
      now: sources.now ?? (() => new Date()),
    });
    new Gauge({
      name: "te_sse_clients",
      help: "Open live dashboard streams on this instance.",
      registers,
      collect() {
        this.set(sources.sseClients());
      },
    });
  }

  /** Counts and times every request by its route pattern (never the raw path). */
  readonly middleware: MiddlewareHandler = async (c, next) => {
    const start = performance.now();
    await next();
    const seconds = (performance.now() - start) / 1000;
    const method = c.req.method;
    const status = c.res.status;
    let route = routePath(c);
    // Unmatched paths end on a catch-all middleware: one label for all of them.
    if (status === 404 && route.endsWith("*")) route = "unmatched";
    const key = `${method} ${route} ${status}`;
    let child = this.#children.get(key);
    if (!child) {
      const labels = { method, route, status: String(status) };
      child = {
        count: this.#requests.labels(labels),
        latency: this.#latency.labels(labels),
      };
      this.#children.set(key, child);
    }
    child.count.inc();
    child.latency.observe(seconds);
    // The last minutes count API requests per organization, once it is known.
    if (!route.startsWith("/api/") || route === STREAM_ROUTE) return;
    const orq = requestOrq(c);
    if (orq !== undefined) this.#windows(orq).api.observe(seconds);
  };

  #windows(orq: number): RecentWindows {
    let w = this.#recent.get(orq);
    if (!w) {
      const opts = { windowMs: RECENT_WINDOW_MINUTES * 60_000 };
      w = {
        reservations: new RollingCounts(this.#now, opts),
        logins: new RollingCounts(this.#now, opts),
        validations: new RollingHistogram(this.#now, LATENCY_BUCKETS, opts),
        api: new RollingHistogram(this.#now, LATENCY_BUCKETS, opts),
      };
      this.#recent.set(orq, w);
    }
    return w;
  }

  /** `orq`'s reservations, scans, API latency and failed sign-ins of the last minutes. */
  recent(orq: number): RecentActivity {
    const w = this.#windows(orq);
    // Sign-ins refused before any account was known (floods, guessed names)
    // threaten every organization alike, and say nothing about any of them.
    const logins = sumCounts(
      w.logins.totals(),
      this.#windows(PLATFORM).logins.totals(),
    );
    return {
      window_minutes: RECENT_WINDOW_MINUTES,
      reservations: w.reservations.totals(),
      validations: w.validations.summary(),
      api: w.api.summary(),
      logins: { failed: logins.failed ?? 0, throttled: logins.throttled ?? 0 },
    };
  }

  /**
   * A reservation request's result (`CREATED` or {@link failureResult}); it
   * counts in `orq`'s last minutes when the organization is known.
   */
  reservation(orq: number | undefined, result: string): void {
    this.#reservations.inc({ result });
    if (orq !== undefined) this.#windows(orq).reservations.add(result);
  }

  /** A scan's colour (GREEN, RED, YELLOW) and its time to decision for `orq`. */
  validation(orq: number, result: string, seconds: number): void {
    this.#validations.inc({ result });
    this.#windows(orq).validations.observe(seconds);
  }

  /**
   * A refused (401) or throttled (429) staff sign-in; one that names no
   * known account counts for every organization (see {@link recent}).
   */
  signInRefused(orq: number | undefined, how: "failed" | "throttled"): void {
    this.#authFailures.inc({ how });
    this.#windows(orq ?? PLATFORM).logins.add(how);
  }

  /** Offline scans whose sync found a conflict (the offline door sync). */
  offlineConflicts(count: number): void {
    this.#offlineConflicts.inc(count);
  }

  /** Reservations the expiry job expired. */
  expired(count: number): void {
    this.#expired.inc(count);
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ body: string; contentType: string }> {
    return {
      body: await this.registry.metrics(),
      contentType: this.registry.contentType,
    };
  }
}
