import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith } from "../../lib/http.ts";
import { assertOrg, requireRole } from "../../lib/auth.ts";
import { validationFailed } from "../../domain/errors.ts";
import { addDays, daysBetween } from "../../domain/clock.ts";
import { searchPatterns } from "../../domain/reservation_search.ts";
import { decodeCursor, encodeCursor } from "../../lib/list_cursor.ts";
import {
  listReservations,
  type ReservationKey,
} from "../../db/reservation_search.ts";
import { reservationCsvStream } from "../../lib/reservation_csv.ts";
import { logEvent } from "../../lib/log.ts";
import {
  cursorParam,
  dateField,
  limitParam,
  orqParam,
  searchParam,
} from "./fields.ts";

/** Statuses a reservation may have (CANCELLED ones stay as rows). */
export const RESERVATION_STATUSES = [
  "RESERVED",
  "VERIFIED",
  "EXPIRED",
  "CANCELLED",
] as const;

/** Query of `GET /api/reservations`. */
export const reservationListQuery = z.object({
  orq: orqParam,
  date: dateField.optional(),
  slot_id: z.string().regex(/^\d{1,9}$/, "Expected a slot id")
    .transform(Number).optional(),
  status: z.enum(RESERVATION_STATUSES).optional(),
  q: searchParam,
  limit: limitParam,
  cursor: cursorParam,
});

/** Query of `GET /api/reservations/export.csv`. */
export const reservationExportQuery = z.object({
  orq: orqParam,
  from: dateField.optional(),
  to: dateField.optional(),
});

/** Most days one export may span (API.md: ≤ 366 days). */
const EXPORT_MAX_DAYS = 366;

/** A list cursor's key, checked for its shape. */
function keyOf(
  key: (string | number | null)[] | undefined,
): ReservationKey | undefined {
  if (key === undefined) return undefined;
  const [d, t, id] = key;
  if (
    typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d) &&
    typeof t === "string" && /^\d{2}:\d{2}$/.test(t) &&
    typeof id === "number" && id >= 0
  ) {
    return [d, t, id];
  }
  throw validationFailed({ cursor: "Not a cursor of this list; start over" });
}

/**
 * The manager's reservation list and CSV export (API.md "Back office").
 * Mounted on `/api/reservations` before the routes with an `:id`.
 */
export function reservationListRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const manager = requireRole(deps.auth, "MANAGER");

  app.get("/", manager, async (c) => {
    const query = parseWith(reservationListQuery, c.req.query());
    assertOrg(c.get("principal"), query.orq);
    const { cursor, limit, ...bound } = query;
    const after = keyOf(decodeCursor(bound, cursor, 3));
    const page = await listReservations(deps.db, {
      orq: query.orq,
      date: query.date,
      slotId: query.slot_id,
      status: query.status,
      patterns: query.q === undefined ? undefined : searchPatterns(query.q),
      limit,
      after,
    });
    c.header("cache-control", "no-store");
    return c.json({
      items: page.items,
      next_cursor: page.next ? encodeCursor(bound, page.next) : null,
    });
  });

  app.get("/export.csv", manager, async (c) => {
    const query = parseWith(reservationExportQuery, c.req.query());
    const principal = c.get("principal");
    assertOrg(principal, query.orq);
    const now = await deps.zonedNow(query.orq);
    const from = query.from ?? now.date;
    const to = query.to ?? addDays(from, 6);
    const span = daysBetween(from, to);
    if (span < 0) throw validationFailed({ to: "Must not be before from" });
    if (span >= EXPORT_MAX_DAYS) {
      throw validationFailed({ to: "The range may span at most 366 days" });
    }
    logEvent("reservations.exported", {
      orq: query.orq,
      from,
      to,
      staff_id: principal.id,
    });
    const body = reservationCsvStream(deps.db, {
      orq: query.orq,
      timezone: now.timezone,
      from,
      to,
    });
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition":
          `attachment; filename="reservations-${query.orq}-${from}-${to}.csv"`,
        "cache-control": "no-store",
      },
    });
  });
  return app;
}
