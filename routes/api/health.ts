import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { RETRY_AFTER_SECONDS } from "../../db/connection_errors.ts";

/** `/api/health`: 200 once migrations ran and the database answers. */
export function healthRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", async (c) => {
    try {
      await deps.db.query("SELECT 1 FROM schema_migrations LIMIT 1");
      return c.json({ status: "ok", database: deps.db.engine });
    } catch {
      return c.json(
        {
          status: "unavailable",
          database: deps.db.engine,
          error: {
            code: "SERVICE_UNAVAILABLE",
            message: "The database does not answer.",
          },
        },
        503,
        { "retry-after": String(RETRY_AFTER_SECONDS) },
      );
    }
  });
  return app;
}
