/**
 * The gauges of `GET /metrics` read from the database on each scrape: is it
 * reachable, how far behind is the mail outbox, how full is each
 * organization's fullest slot still to come today. The Prometheus rules in
 * ops/prometheus/alerts.yml alert on them.
 */
import { Gauge, type Registry } from "prom-client";
import type { Sql } from "../db/client.ts";
import {
  maxSlotUtilizationToday,
  type OutboxBacklog,
  outboxBacklog,
} from "../db/ops_metrics.ts";

/** What the database gauges read. */
export interface GaugeSources {
  db: Sql;
  /** The instant "today" and "ended" are judged at. */
  now: () => Date;
}

/** Registers the database gauges in `registry`. */
export function registerDatabaseGauges(
  registry: Registry,
  sources: GaugeSources,
): void {
  const registers = [registry];
  // The gauges are collected concurrently: they share one outbox read per
  // scrape, whose success also says whether the database answers.
  let inFlight: Promise<OutboxBacklog | null> | null = null;
  const readOutbox = () =>
    inFlight ??= outboxBacklog(sources.db)
      .catch(() => null)
      .finally(() => inFlight = null);

  new Gauge({
    name: "te_database_up",
    help:
      "1 when this instance's database answered the scrape's statement, else 0.",
    registers,
    async collect() {
      this.set((await readOutbox()) ? 1 : 0);
    },
  });
  new Gauge({
    name: "te_mail_outbox_pending",
    help: "Confirmation mails waiting in the outbox (read on scrape).",
    registers,
    async collect() {
      const backlog = await readOutbox();
      // Without an answer keep the last value; the scrape still answers.
      if (backlog) this.set(backlog.pending);
    },
  });
  new Gauge({
    name: "te_mail_outbox_oldest_pending_age_seconds",
    help:
      "Seconds since the oldest pending confirmation mail was queued; 0 when none waits.",
    registers,
    async collect() {
      const backlog = await readOutbox();
      if (backlog) this.set(backlog.oldestAgeSeconds);
    },
  });
  new Gauge({
    name: "te_slot_utilization_max",
    help:
      "Per organization, booked / capacity of its fullest slot of today that has not ended.",
    labelNames: ["orq"],
    registers,
    async collect() {
      let rows;
      try {
        rows = await maxSlotUtilizationToday(sources.db, sources.now());
      } catch {
        return; // Keep the last values; te_database_up tells the outage.
      }
      // An organization whose day is over drops out instead of staying full.
      this.reset();
      for (const r of rows) this.set({ orq: String(r.orq) }, r.utilization);
    },
  });
}
