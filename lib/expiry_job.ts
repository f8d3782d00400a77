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
import { createPeriodicJob, type PeriodicJob } from "./periodic_job.ts";

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

/**
 * A running or runnable expiry job; `runOnce` expires everything due now (in
 * batches), or nothing while another instance holds the lock.
 */
export type ExpiryJob = PeriodicJob<ExpiryResult>;

/** The expiry job over `opts.db`; call `start()` to run it every minute. */
export function createExpiryJob(opts: ExpiryJobOptions): ExpiryJob {
  const intervalMs = opts.intervalMs ?? 60_000;
  const batch = opts.batch ?? 1000;

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
      if (pass.held < batch && pass.tickets.length < batch) {
        return total;
      }
    }
  }

  return createPeriodicJob({ name: "expiry", intervalMs, runOnce });
}
