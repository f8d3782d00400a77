/** The manager API (API.md "Manager") as the dashboard's browser code calls it. */
import type {
  DashboardMetrics,
  DashboardSlot,
  DashboardSummary,
} from "../../lib/dashboard_metrics.ts";
import type { Alert } from "../../domain/alerts.ts";
import type { Occupancy } from "../../domain/occupancy.ts";

export type {
  Alert,
  DashboardMetrics,
  DashboardSlot,
  DashboardSummary,
  Occupancy,
};

/** A slot's committed counts in a stream event. */
export interface SlotChange {
  id: number;
  date: string;
  status: string;
  total_capacity: number;
  booked_count: number;
  held_count: number;
  available_count: number;
  verified_count: number;
  entries: number;
  exits: number;
}

/** The `data` of every stream event but `snapshot` (API.md "Manager"). */
export type LiveChange =
  | { orq: number; slot: SlotChange; occupancy: Occupancy | null }
  | {
    orq: number;
    slot: { id: number };
    occupancy: Occupancy | null;
    /** A removed slot: only its id is left. */
    deleted: true;
  };

/** The answer, or the HTTP status of a failure (0: no answer at all). */
export type Fetched<T> = { ok: true; data: T } | { ok: false; status: number };

/** Where a manager whose login ran out signs in again. */
export const LOGIN_TO_DASHBOARD = `/operator/login?next=${
  encodeURIComponent("/manager")
}`;

async function getJson<T>(path: string): Promise<Fetched<T>> {
  try {
    const res = await fetch(path, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { accept: "application/json" },
    });
    if (!res.ok) {
      await res.body?.cancel();
      return { ok: false, status: res.status };
    }
    return { ok: true, data: await res.json() as T };
  } catch {
    return { ok: false, status: 0 };
  }
}

/** `GET /api/dashboard/summary` of `orq` on `date`. */
export function fetchSummary(
  orq: number,
  date: string,
): Promise<Fetched<DashboardSummary>> {
  return getJson(`/api/dashboard/summary?orq=${orq}&date=${date}`);
}

/** `GET /api/dashboard/metrics` of `orq`. */
export function fetchMetrics(orq: number): Promise<Fetched<DashboardMetrics>> {
  return getJson(`/api/dashboard/metrics?orq=${orq}`);
}
