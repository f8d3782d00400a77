/**
 * The manager's summary of a day (`GET /api/dashboard/summary`, the stream's
 * snapshot, the `/manager` page) and the occupancy that live events carry.
 */
import type { AppDeps } from "./app_deps.ts";
import { type DashboardSummary, daySummary } from "../db/dashboard.ts";
import { occupancyCounts } from "../db/occupancy.ts";
import { type Occupancy, occupancyOf } from "../domain/occupancy.ts";
import { zonedNow } from "../domain/clock.ts";
import { AppError } from "../domain/errors.ts";

type SummaryDeps = Pick<AppDeps, "db" | "clock" | "orgs">;

/** People inside `orq` now, against its `max_occupancy` (ORG_NOT_FOUND if none). */
export async function occupancyNow(
  deps: SummaryDeps,
  orq: number,
  instant = deps.clock(),
): Promise<Occupancy> {
  const org = await deps.orgs.get(orq);
  if (!org) throw new AppError("ORG_NOT_FOUND");
  const date = zonedNow(instant, org.timezone).date;
  const counts = await occupancyCounts(deps.db, {
    orq,
    date,
    timezone: org.timezone,
  });
  return occupancyOf(counts, org.settings.max_occupancy);
}

/**
 * The summary of `orq` on `date` (default: its venue's today); `occupancy`
 * only when that date is today.
 */
export async function dashboardSummary(
  deps: SummaryDeps,
  orq: number,
  date?: string,
): Promise<DashboardSummary> {
  const org = await deps.orgs.get(orq);
  if (!org) throw new AppError("ORG_NOT_FOUND");
  const instant = deps.clock();
  const today = zonedNow(instant, org.timezone).date;
  const day = date ?? today;
  const [summary, occupancy] = await Promise.all([
    daySummary(deps.db, { orq, date: day, instant }),
    day === today ? occupancyNow(deps, orq, instant) : null,
  ]);
  return { ...summary, occupancy };
}
