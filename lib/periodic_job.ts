/**
 * The run loop the periodic jobs share (expiry, reminders, waitlist): a pass
 * now and then every interval, one pass at a time, `stop()` waits for the
 * pass in flight. A failed pass is logged as `<name>.error` and the schedule
 * goes on; a database outage is logged once (db.unavailable says more) and
 * what is due is picked up once the database is back.
 */
import { logEvent } from "./log.ts";
import { describeError, isConnectionError } from "../db/connection_errors.ts";

/** A job's pass and the loop that repeats it. */
export interface PeriodicJob<T> {
  /** One pass now, outside the schedule (tests, the CLI). */
  runOnce(): Promise<T>;
  /** Runs a pass now and then every interval. */
  start(): void;
  /** Stops the timer and waits for a pass in flight. */
  stop(): Promise<void>;
}

/** Options for {@link createPeriodicJob}. */
export interface PeriodicJobOptions<T> {
  /** Event prefix: failures are logged as `<name>.error`. */
  name: string;
  /** Time between the end of one pass and the start of the next. */
  intervalMs: number;
  /** The job's pass. */
  runOnce: () => Promise<T>;
}

/** Wraps `opts.runOnce` in the shared schedule; call `start()` to run it. */
export function createPeriodicJob<T>(
  opts: PeriodicJobOptions<T>,
): PeriodicJob<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  /** The last pass failed for want of a database (logged once). */
  let unreachable = false;

  function tick() {
    if (stopped) return;
    running = opts.runOnce().then(() => {
      unreachable = false;
    }, (err) => {
      const outage = isConnectionError(err);
      if (!(outage && unreachable)) {
        logEvent(`${opts.name}.error`, { reason: describeError(err) });
      }
      unreachable = outage;
    }).finally(() => {
      running = null;
      if (!stopped) timer = setTimeout(tick, opts.intervalMs);
    });
  }

  return {
    runOnce: opts.runOnce,
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
