import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "./deps.ts";
import { AppError } from "../domain/errors.ts";
import { sameSecret } from "../lib/same_secret.ts";
import { bearerToken } from "../lib/auth.ts";
import { takeBackup } from "../lib/backup.ts";

/**
 * `POST /ops/backup`: a backup into BACKUP_DIR now, taken by this process
 * (the only one that may read an open PGlite database). Only over loopback,
 * with the backup token (lib/backup_token.ts); otherwise, and without a
 * token, the route answers 404 as if it did not exist. A request that came
 * through a proxy (`X-Forwarded-For`, `Forwarded`, `X-Real-IP`) is refused
 * the same way: behind a proxy on the same host every request arrives over
 * loopback, so loopback alone does not prove the caller is on this machine.
 */
export function opsRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post("/backup", async (c) => {
    const token = deps.config.backupToken;
    const info = c.env as { remoteAddr?: { hostname?: string } } | undefined;
    if (
      !token || !isLoopback(info?.remoteAddr?.hostname) ||
      cameThroughProxy(c.req.raw.headers)
    ) {
      throw new AppError("NOT_FOUND");
    }
    const sent = bearerToken(c.req.header("authorization"));
    if (!sent || !sameSecret(sent, token)) {
      throw new AppError("UNAUTHORIZED", {
        headers: { "www-authenticate": 'Bearer realm="backup"' },
      });
    }
    const file = await takeBackup(deps.db, {
      dir: deps.config.backupDir,
      databaseUrl: deps.config.databaseUrl,
      now: deps.clock(),
    });
    return c.json({
      path: file.path,
      engine: file.engine,
      bytes: file.bytes,
      taken_at: file.takenAt,
    }, 201);
  });
  return app;
}

/** Whether a socket address is this machine's loopback. */
function isLoopback(host: string | undefined): boolean {
  return host === "::1" || host === "::ffff:127.0.0.1" ||
    (host?.startsWith("127.") ?? false);
}

/** Headers a reverse proxy adds (Caddy and nginx as configured in docs/operations.md). */
const PROXY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"];

/** Whether a proxy passed the request on. */
function cameThroughProxy(headers: Headers): boolean {
  return PROXY_HEADERS.some((name) => headers.has(name));
}
