import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "./deps.ts";
import { AppError } from "../domain/errors.ts";
import { sameSecret } from "../lib/same_secret.ts";
import { bearerToken } from "../lib/auth.ts";

/**
 * `GET /metrics`: this instance's metrics in Prometheus text format, for the
 * scraper that holds `METRICS_TOKEN` (Bearer); without a token configured
 * the route does not exist.
 */
export function metricsRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const token = deps.config.metricsToken;
  app.get("/", async (c) => {
    if (!token) throw new AppError("NOT_FOUND");
    const sent = bearerToken(c.req.header("authorization"));
    if (!sent || !sameSecret(sent, token)) {
      throw new AppError("UNAUTHORIZED", {
        headers: { "www-authenticate": 'Bearer realm="metrics"' },
      });
    }
    const { body, contentType } = await deps.metrics.render();
    return c.body(body, 200, {
      "content-type": contentType,
      "cache-control": "no-store",
    });
  });
  return app;
}
