/**
 * Every minute: queues the reminder mails that are due (db/reminders.ts).
 * Any number of instances may run it; each reminder is claimed once, in the
 * database.
 */
import type { Db } from "../db/client.ts";
import { queueDueReminders } from "../db/reminders.ts";
import type { Clock } from "../domain/clock.ts";
import { logEvent } from "./log.ts";
import { createPeriodicJob, type PeriodicJob } from "./periodic_job.ts";

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

/**
 * A running or runnable reminder job; `runOnce` queues every reminder due now
 * (in batches) and gives the number of mails queued.
 */
export type ReminderJob = PeriodicJob<number>;

/** The reminder job over `opts.db`; call `start()` to run it every minute. */
export function createReminderJob(opts: ReminderJobOptions): ReminderJob {
  const intervalMs = opts.intervalMs ?? 60_000;
  const batch = opts.batch ?? 500;

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

  return createPeriodicJob({ name: "reminder", intervalMs, runOnce });
}
