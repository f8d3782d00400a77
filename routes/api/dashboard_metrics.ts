import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith } from "../../lib/http.ts";
import { assertOrg, requireRole } from "../../lib/auth.ts";
import { dashboardMetrics } from "../../lib/dashboard_metrics.ts";
import { orqParam } from "./fields.ts";

/** Query of `GET /api/dashboard/metrics`. */
export const metricsQuery = z.object({
  orq: orqParam,
});

/** `GET /api/dashboard/metrics?orq=`: the story's key metrics and alerts (MANAGER+). */
export function dashboardMetricsRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/metrics", requireRole(deps.auth, "MANAGER"), async (c) => {
    const { orq } = parseWith(metricsQuery, c.req.query());
    assertOrg(c.get("principal"), orq);
    c.header("cache-control", "no-store");
    return c.json(await dashboardMetrics(deps, orq));
  });
  return app;
}
