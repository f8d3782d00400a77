import { Hono } from "hono";
import { compress } from "hono/compress";
import { serveStatic } from "hono/deno";
import type { ApiEnv } from "./deps.ts";

/** A year, for URLs that carry their content's fingerprint (`?v=`). */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * `/static/*`: files under `./static` (CSS, built island bundles). Links made
 * by `assetUrl` carry `?v=<fingerprint>` and may be cached for good; bare
 * URLs are revalidated on every use.
 */
export function staticRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", compress());
  app.use(
    "*",
    serveStatic({
      root: "./static",
      rewriteRequestPath: (path) => path.replace(/^\/static/, ""),
      onFound: (_path, c) => {
        c.header("cache-control", c.req.query("v") ? IMMUTABLE : "no-cache");
      },
    }),
  );
  return app;
}
