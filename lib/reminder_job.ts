/**
 * Every minute: queues the reminder mails that are due (db/reminders.ts).
 * Any number of instances may run it; each reminder is claimed once, in the
 * database.
 */
import type { Db } from "../db/client.ts";
import { queueDueReminders } from "../db/reminders.ts";
import type { Clock } from "../domain/clock.ts";
import { logEvent } from "./log.ts";
import { describeError, isConnectionError } from "../db/connection_errors.ts";

/** Options for {@link createReminderJob}. */
export interface ReminderJobOptions {
  db: Db;
  /** "Now" of the rules; injectable for tests. */
  clock: Clock;
  /** Told when a pass queued mails (e.g. to wake the mail worker). */
  onQueued?: (count: number) => void;
  /** Time between passes; default 60 s. */
  intervalMs?: number;
  /** Reservations claimed per transaction; default 500. */
  batch?: number;
}

/** A running or runnable reminder job. */
export interface ReminderJob {
  /** Queues every reminder due now (in batches); the number of mails queued. */
  runOnce(): Promise<number>;
  /** Runs a pass now and then every interval. */
  start(): void;
  /** Stops the timer and waits for a pass in flight. */
  stop(): Promise<void>;
}

/** The reminder job over `opts.db`; call `start()` to run it every minute. */
export function createReminderJob(opts: ReminderJobOptions): ReminderJob {
  const intervalMs = opts.intervalMs ?? 60_000;
  const batch = opts.batch ?? 500;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  let unreachable = false;

  async function runOnce(): Promise<number> {
    const instant = opts.clock();
    let total = 0;
    while (true) {
      const pass = await queueDueReminders(opts.db, { instant, limit: batch });
      for (const m of pass.queued) {
        logEvent("reminder.queued", {
          reservation_id: m.reservation_id,
          orq: m.orq,
          tickets: m.tickets,
          timestamp: instant.toISOString(),
        });
      }
      total += pass.queued.length;
      if (pass.queued.length > 0) opts.onQueued?.(pass.queued.length);
      if (pass.claimed < batch) return total;
    }
  }

  function tick() {
    if (stopped) return;
    running = runOnce().then(() => {
      unreachable = false;
    }, (err) => {
      // An outage is logged once; what is due is picked up once it is back.
      const outage = isConnectionError(err);
      if (!(outage && unreachable)) {
        logEvent("reminder.error", { reason: describeError(err) });
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
