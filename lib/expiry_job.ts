/**
 * Every minute: reservations whose slot has ended become EXPIRED, and so do
 * unreserved tickets past their own expiry. Any number of instances may run
 * it; an advisory lock lets one at a time do the work (db/expiry.ts).
 */
import type { Db } from "../db/client.ts";
import { expireDue } from "../db/expiry.ts";
import type { Clock } from "../domain/clock.ts";
import type { LiveSignal } from "./live/hub.ts";
import { logEvent } from "./log.ts";
import { describeError, isConnectionError } from "../db/connection_errors.ts";

/** Options for {@link createExpiryJob}. */
export interface ExpiryJobOptions {
  db: Db;
  /** "Now" of the rules; injectable for tests. */
  clock: Clock;
  /** Told about each slot whose reservations expired. */
  live?: LiveSignal;
  /** Called with the number of reservations expired by a pass. */
  onExpired?: (count: number) => void;
  /** Time between passes; default 60 s. */
  intervalMs?: number;
  /** Rows per transaction; default 1000. */
  batch?: number;
}

/** What {@link ExpiryJob.runOnce} did. */
export interface ExpiryResult {
  /** False when another instance held the lock, so this one did nothing. */
  ran: boolean;
  reservations: number;
  tickets: number;
}

/** A running or runnable expiry job. */
export interface ExpiryJob {
  /** Expires everything due now (in batches); another instance's lock skips it. */
  runOnce(): Promise<ExpiryResult>;
  /** Runs a pass now and then every interval. */
  start(): void;
  /** Stops the timer and waits for a pass in flight. */
  stop(): Promise<void>;
}

/** The expiry job over `opts.db`; call `start()` to run it every minute. */
export function createExpiryJob(opts: ExpiryJobOptions): ExpiryJob {
  const intervalMs = opts.intervalMs ?? 60_000;
  const batch = opts.batch ?? 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  /** The last pass failed for want of a database (logged once). */
  let unreachable = false;

  async function runOnce(): Promise<ExpiryResult> {
    const instant = opts.clock();
    const total: ExpiryResult = { ran: false, reservations: 0, tickets: 0 };
    while (true) {
      const pass = await expireDue(opts.db, { instant, limit: batch });
      if (!pass.locked) return total;
      total.ran = true;
      total.reservations += pass.reservations.length;
      total.tickets += pass.tickets.length;
      for (const r of pass.reservations) {
        opts.live?.changed(r.orq, r.slot_id, "expiry");
        logEvent("reservation.expired", {
          reservation_id: r.id,
          ticket_id: r.ticket_id,
          slot_id: r.slot_id,
          orq: r.orq,
          timestamp: instant.toISOString(),
        });
      }
      for (const t of pass.tickets) {
        logEvent("ticket.expired", {
          ticket_id: t.id,
          orq: t.orq,
          timestamp: instant.toISOString(),
        });
      }
      if (pass.reservations.length > 0) {
        opts.onExpired?.(pass.reservations.length);
      }
      if (pass.reservations.length < batch && pass.tickets.length < batch) {
        return total;
      }
    }
  }

  function tick() {
    if (stopped) return;
    running = runOnce().then(() => {
      unreachable = false;
    }, (err) => {
      // An outage is logged once (db.unavailable says more); the job keeps
      // its schedule and picks up what is due once the database is back.
      const outage = isConnectionError(err);
      if (!(outage && unreachable)) {
        logEvent("expiry.error", { reason: describeError(err) });
      }
      unreachable = outage;
    }).finally(() => {
      running = null;
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  }

  return {
    runOnce,
    start: () => {
      stopped = false;
      clearTimeout(timer);
      timer = setTimeout(tick, 0);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
