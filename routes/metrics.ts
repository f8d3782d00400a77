import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "./deps.ts";
import { AppError } from "../domain/errors.ts";

/** `GET /metrics`: this instance's metrics in Prometheus text format. */
export function metricsRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", async (c) => {
    if (!deps.metrics) throw new AppError("NOT_FOUND");
    const { body, contentType } = await deps.metrics.render();
    return c.body(body, 200, {
      "content-type": contentType,
      "cache-control": "no-store",
    });
  });
  return app;
}
