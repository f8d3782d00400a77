/**
 * Every few seconds: waitlist holds that have run out give their places to
 * the next entries, and slots about to start (or ended, or closed) drop
 * their waiting entries (db/waitlist_expiry.ts). Any number of instances may
 * run it: each slot changes under its row lock, once.
 */
import type { Db } from "../db/client.ts";
import { passWaitlists, type WaitlistPass } from "../db/waitlist_expiry.ts";
import type { Clock } from "../domain/clock.ts";
import type { LiveSignal } from "./live/hub.ts";
import { logEvent } from "./log.ts";
import { createPeriodicJob, type PeriodicJob } from "./periodic_job.ts";

/** Options for {@link createWaitlistJob}. */
export interface WaitlistJobOptions {
  db: Db;
  clock: Clock;
  /** Told about each slot a pass changed. */
  live?: LiveSignal;
  /** Called after a pass that queued mails (main.ts: wakes the mail worker). */
  onMail?: () => void;
  /** Time between passes; default 15 s. */
  intervalMs?: number;
}

/** A running or runnable waitlist job. */
export type WaitlistJob = PeriodicJob<WaitlistPass>;

/** The waitlist job over `opts.db`; call `start()` to run it. */
export function createWaitlistJob(opts: WaitlistJobOptions): WaitlistJob {
  const intervalMs = opts.intervalMs ?? 15_000;

  async function runOnce(): Promise<WaitlistPass> {
    const instant = opts.clock();
    const pass = await passWaitlists(opts.db, instant);
    for (const s of pass.slots) opts.live?.changed(s.orq, s.id, "slot_changed");
    if (pass.expired + pass.offered + pass.dropped > 0) {
      logEvent("waitlist.pass", {
        slots: pass.slots.length,
        expired: pass.expired,
        offered: pass.offered,
        dropped: pass.dropped,
        timestamp: instant.toISOString(),
      });
      opts.onMail?.();
    }
    return pass;
  }

  return createPeriodicJob({ name: "waitlist", intervalMs, runOnce });
}
