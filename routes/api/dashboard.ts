import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import type { StreamOptions } from "../../lib/app_deps.ts";
import { parseWith } from "../../lib/http.ts";
import { assertOrg, requireRole } from "../../lib/auth.ts";
import { dateField, orqParam } from "./fields.ts";
import { dashboardSummary } from "../../lib/dashboard_summary.ts";
import type { LiveEvent } from "../../lib/live/hub.ts";
import { logEvent } from "../../lib/log.ts";
import { eventStream } from "../../lib/event_stream.ts";
import { StreamSlots } from "../../lib/stream_slots.ts";
import { AppError } from "../../domain/errors.ts";
import { credentialOf } from "../../lib/auth.ts";
import { StreamTicker } from "../../lib/stream_ticker.ts";
import { SnapshotFeed } from "../../lib/snapshot_feed.ts";

/** Query of `GET /api/dashboard/summary`. */
export const summaryQuery = z.object({
  orq: orqParam,
  date: dateField.optional(),
});
/** Query of `GET /api/dashboard/stream`. */
export const streamQuery = z.object({ orq: orqParam });

/** `/api/dashboard`: the manager's summary and its live stream (API.md "Manager"). */
export function dashboardRoutes(
  deps: AppDeps,
  opts: StreamOptions = {},
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const manager = requireRole(deps.auth, "MANAGER");
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const maxStreamMs = opts.maxStreamMs ?? 30 * 60_000;
  const maxBacklog = opts.maxBacklog ?? 1000;
  const ticker = new StreamTicker(heartbeatMs, maxStreamMs, opts.timers);
  const slots = new StreamSlots(opts.maxStreamsPerToken ?? 10);

  /** The summary of `orq` on `date` (default: today in its zone). */
  function summary(orq: number, date?: string) {
    return dashboardSummary(deps, orq, date);
  }

  app.get("/summary", manager, async (c) => {
    const q = parseWith(summaryQuery, c.req.query());
    assertOrg(c.get("principal"), q.orq);
    const body = await summary(q.orq, q.date);
    c.header("cache-control", "no-store");
    return c.json(body);
  });

  /**
   * Today's summary of `orq`, one read shared by the streams that ask at
   * once (all of them resync together after the hub listens again).
   */
  const shared = new Map<number, Promise<unknown>>();
  function sharedSummary(orq: number): Promise<unknown> {
    let flight = shared.get(orq);
    if (!flight) {
      flight = summary(orq).finally(() => shared.delete(orq));
      shared.set(orq, flight);
    }
    return flight;
  }

  app.get("/stream", manager, async (c) => {
    const { orq } = parseWith(streamQuery, c.req.query());
    assertOrg(c.get("principal"), orq);
    // Failures as JSON errors, before the stream starts: unknown organization,
    // no LISTEN connection, no database.
    await deps.zonedNow(orq);
    await deps.live.ready();
    const release = slots.take(credentialOf(c));
    if (!release) {
      throw new AppError("RATE_LIMITED", {
        message: "Too many open dashboards for this sign-in.",
        headers: { "retry-after": "30" },
        details: { retry_after_seconds: 30 },
      });
    }
    const feed = new SnapshotFeed(() => sharedSummary(orq), {
      lastId: () => deps.live.lastId,
      onError: (err) =>
        logEvent("dashboard.stream_error", { orq, reason: String(err) }),
    });
    // Subscribed first, so nothing committed after the snapshot's read is
    // missed; events that arrive meanwhile follow the snapshot.
    let unsubscribe = () => {};
    let first: unknown;
    try {
      if (deps.live) {
        unsubscribe = await deps.live.subscribe(orq, {
          // One encoded frame shared by every stream of this instance.
          send: (e: LiveEvent) => feed.event(e.frame),
          resync: () => feed.refresh(),
          close: () => feed.close(),
        });
      }
      first = await summary(orq);
    } catch (err) {
      unsubscribe();
      release();
      throw err;
    }
    const principal = c.get("principal");
    const body = eventStream(maxBacklog, async (sink) => {
      let untick = () => {};
      // A revoked or disabled sign-in's stream ends (PATCH /api/staff/:id).
      const unwatch = principal.kind === "staff"
        ? deps.versions.watch(principal.id!, principal.tv ?? 1, sink.close)
        : () => {};
      try {
        feed.start(sink, first);
        // Heartbeats and the time limit from here: nothing before the snapshot.
        untick = ticker.add(sink);
        await sink.ended;
      } finally {
        unwatch();
        untick();
        unsubscribe();
        release();
      }
    });
    return c.body(body, 200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    });
  });

  return app;
}
