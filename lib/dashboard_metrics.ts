/** The manager's key metrics and alerts of today (`/api/dashboard/metrics`, `/manager`). */
import type { AppDeps } from "./app_deps.ts";
import type { DashboardSlot, DashboardSummary } from "../db/dashboard.ts";
import { dashboardSummary } from "./dashboard_summary.ts";
import { conversionCounts } from "../db/dashboard_metrics.ts";
import { type Alert, evaluateAlerts } from "../domain/alerts.ts";
import { slotHasEnded } from "../domain/slot_end.ts";

/** The dashboard's answer types, for the manager's browser code. */
export type { DashboardSlot, DashboardSummary };

/** A fraction rounded to 4 places; null for 0 / 0. */
function ratio(a: number, b: number): number | null {
  return b > 0 ? Math.round((a / b) * 1e4) / 1e4 : null;
}

/** Seconds as milliseconds with one decimal; null stays null. */
function ms(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds * 1e4) / 10;
}

/**
 * The body of `GET /api/dashboard/metrics`. `conversion` and `utilization`
 * come from the database (the organization, every instance); `reservations`,
 * `validation`, `api` and `auth` are this instance's last 15 minutes of
 * requests for that organization (a request counts once its organization is
 * known: a failed sign-in of an unknown username counts for none).
 */
export interface DashboardMetrics {
  orq: number;
  date: string;
  timezone: string;
  generated_at: string;
  window_minutes: number;
  conversion: { reserved: number; eligible: number; rate: number | null };
  utilization: {
    booked_count: number;
    total_capacity: number;
    /** Today's booked / capacity over every slot; null without slots. */
    overall: number | null;
    slots: (DashboardSummary["slots"][number] & { ended: boolean })[];
  };
  reservations: {
    attempts: number;
    created: number;
    failed: number;
    failure_rate: number | null;
    /** Failed attempts by error code (or HTTP status when there was none). */
    by_reason: Record<string, number>;
  };
  validation: { count: number; mean_ms: number | null };
  api: { requests: number; p95_ms: number | null };
  auth: { failed: number; throttled: number };
  alerts: Alert[];
}

type MetricsDeps = Pick<
  AppDeps,
  "db" | "clock" | "zonedNow" | "metrics" | "orgs"
>;

/** Today's metrics and alert states of `orq` (the API route). */
export async function dashboardMetrics(
  deps: MetricsDeps,
  orq: number,
): Promise<DashboardMetrics> {
  return (await dashboardDay(deps, orq)).metrics;
}

/**
 * Today's slots of `orq` and its metrics, from one reading of the day
 * (the `/manager` page shows both).
 */
export async function dashboardDay(
  deps: MetricsDeps,
  orq: number,
): Promise<{ summary: DashboardSummary; metrics: DashboardMetrics }> {
  const now = await deps.zonedNow(orq);
  const instant = deps.clock();
  const [summary, conversion] = await Promise.all([
    dashboardSummary({ ...deps, clock: () => instant }, orq, now.date),
    conversionCounts(deps.db, orq),
  ]);
  const recent = deps.metrics.recent(orq);
  const results = recent.reservations;
  let attempts = 0;
  const byReason: Record<string, number> = {};
  for (const [result, n] of Object.entries(results)) {
    attempts += n;
    if (result !== "CREATED") byReason[result] = n;
  }
  const created = results.CREATED ?? 0;
  const failed = attempts - created;
  const validations = recent.validations;
  const api = recent.api;
  const logins = recent.logins;
  const slots = summary.slots.map((s) => ({
    ...s,
    ended: slotHasEnded({ date: summary.date, end_time: s.end_time }, now),
  }));
  const { booked_count, total_capacity } = summary.totals;
  const metrics: DashboardMetrics = {
    orq,
    date: now.date,
    timezone: now.timezone,
    generated_at: instant.toISOString(),
    window_minutes: recent.window_minutes,
    conversion: {
      ...conversion,
      rate: ratio(conversion.reserved, conversion.eligible),
    },
    utilization: {
      booked_count,
      total_capacity,
      overall: ratio(booked_count, total_capacity),
      slots,
    },
    reservations: {
      attempts,
      created,
      failed,
      failure_rate: ratio(failed, attempts),
      by_reason: byReason,
    },
    validation: { count: validations.count, mean_ms: ms(validations.mean) },
    api: { requests: api.count, p95_ms: ms(api.p95) },
    auth: logins,
    alerts: evaluateAlerts({
      windowMinutes: recent.window_minutes,
      reservations: { attempts, failed },
      openSlots: slots.filter((s) => !s.ended),
      api: { requests: api.count, p95Seconds: api.p95 },
      authFailures: logins.failed + logins.throttled,
    }),
  };
  return { summary, metrics };
}
