import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith } from "../../lib/http.ts";
import { assertOrg, requireRole } from "../../lib/auth.ts";
import { conflictsOfDay } from "../../db/door_conflicts.ts";
import { dateField, orqParam } from "./fields.ts";

/** Query of `GET /api/dashboard/conflicts`. */
export const conflictsQuery = z.object({
  orq: orqParam,
  date: dateField.optional(),
});

/**
 * `GET /api/dashboard/conflicts?orq=&date=` (MANAGER+): the day's offline
 * conflicts (default today in the venue's zone), newest first.
 */
export function dashboardConflictRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/conflicts", requireRole(deps.auth, "MANAGER"), async (c) => {
    const q = parseWith(conflictsQuery, c.req.query());
    assertOrg(c.get("principal"), q.orq);
    const date = q.date ?? (await deps.zonedNow(q.orq)).date;
    c.header("cache-control", "no-store");
    return c.json({
      orq: q.orq,
      date,
      conflicts: await conflictsOfDay(deps.db, q.orq, date),
    });
  });
  return app;
}
