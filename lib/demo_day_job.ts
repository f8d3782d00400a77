/**
 * The demo's day: at start and whenever the venue's date changes (its
 * midnight, on the injected clock), today gets its 00:00–24:00 demo slot and
 * a freshly reserved demo ticket, so the "reserved for today" code scans
 * GREEN at any hour.
 */
import type { Db } from "../db/client.ts";
import { ensureDemoToday } from "../db/demo_today.ts";
import { type Clock, zonedNow } from "../domain/clock.ts";
import { describeError } from "../db/connection_errors.ts";
import { logEvent } from "./log.ts";

/** Options for {@link createDemoDayJob}. */
export interface DemoDayJobOptions {
  db: Db;
  clock: Clock;
  /** The venue's time zone: its midnight starts a demo day. */
  timezone: string;
  /** Told the code of each new day's demo ticket (null: none could be made). */
  onNewDay?: (date: string, code: string | null) => void;
  /** How often the venue's date is compared; default 60 s. */
  checkEveryMs?: number;
}

/** A runnable demo-day job. */
export interface DemoDayJob {
  /** Makes sure the venue's today has its demo slot and ticket; the ticket's code. */
  runOnce(): Promise<{ date: string; code: string | null }>;
  /** Checks the venue's date every interval and runs when it has changed. */
  start(): void;
  /** Stops the timer and waits for a run in flight. */
  stop(): Promise<void>;
}

/** The demo-day job over `opts.db`. */
export function createDemoDayJob(opts: DemoDayJobOptions): DemoDayJob {
  const every = opts.checkEveryMs ?? 60_000;
  let doneFor: string | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<unknown> | null = null;

  async function runOnce() {
    const date = zonedNow(opts.clock(), opts.timezone).date;
    const code = await ensureDemoToday(opts.db, date);
    doneFor = date;
    return { date, code };
  }

  function check() {
    if (running) return;
    // A minute's reading per zone is remembered, so this costs next to nothing.
    if (zonedNow(opts.clock(), opts.timezone).date === doneFor) return;
    running = runOnce().then(({ date, code }) => {
      logEvent("demo.new_day", { date, ticket: code });
      opts.onNewDay?.(date, code);
    }, (err) => {
      // Tried again at the next check (e.g. once the database is back).
      logEvent("demo.error", { reason: describeError(err) });
    }).finally(() => {
      running = null;
    });
  }

  return {
    runOnce,
    start: () => {
      clearInterval(timer);
      timer = setInterval(check, every);
    },
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
