/**
 * Paths as people type them: a trailing slash is redirected away (308, so
 * the method and body are kept), and an unknown page answers an HTML 404
 * page. Machine paths (API, metrics, ops, static files) keep their JSON
 * errors and are never redirected.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { ApiEnv } from "./deps.ts";
import { renderPage } from "../components/PageShell.tsx";
import { AppError } from "../domain/errors.ts";
import { errorResponse } from "../lib/http.ts";

/** Whether `path` belongs to programs rather than people. */
export function isMachinePath(path: string): boolean {
  return /^\/(api|metrics|ops|static)(\/|$)/.test(path);
}

/** `/reserve/` → 308 `/reserve` (query kept); `/` and machine paths pass. */
export const redirectTrailingSlash: MiddlewareHandler<ApiEnv> = async (
  c,
  next,
) => {
  const url = new URL(c.req.url);
  const path = url.pathname;
  if (path.length > 1 && path.endsWith("/") && !isMachinePath(path)) {
    // One leading slash only: "//evil.example/" must not become a
    // protocol-relative redirect to another site.
    const target = "/" + path.replace(/^\/+|\/+$/g, "");
    return c.redirect(target + url.search, 308);
  }
  await next();
};

/** The 404 answer: an HTML page for people's GETs, the JSON error otherwise. */
export function notFound(c: Context<ApiEnv>): Response {
  const method = c.req.method;
  if (
    isMachinePath(c.req.path) || (method !== "GET" && method !== "HEAD")
  ) {
    return errorResponse(new AppError("NOT_FOUND"));
  }
  return renderPage(
    c,
    { title: "Page not found · Timed entry", kind: "portal", status: 404 },
    <>
      <p class="brand">
        <a href="/">Timed entry</a>
      </p>
      <h1>Page not found</h1>
      <section class="panel" aria-labelledby="missing-title">
        <h2 id="missing-title">We can't find this page</h2>
        <p>
          The address may be mistyped, or the page has moved. If you followed a
          link from an email, you can find your booking again with your ticket
          code.
        </p>
        <ul class="actions">
          <li>
            <a class="button primary" href="/reserve">
              Reserve or find a visit
            </a>
          </li>
          <li>
            <a class="button" href="/">Home page</a>
          </li>
        </ul>
      </section>
    </>,
  );
}
