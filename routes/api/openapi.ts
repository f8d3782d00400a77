import { Hono } from "hono";
import { compress } from "hono/compress";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import type { ApiEnv } from "../deps.ts";
import { apiDocument } from "../openapi/operations.ts";
import { ApiDocs } from "../../components/docs/ApiDocs.tsx";
import { PAGE_CSP } from "../../components/PageShell.tsx";

/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document of every route;
 * `GET /api/docs`: the same as a page (no script, assets from `/static`).
 * Both are built on first request and kept: routes do not change while
 * the app runs.
 */
export function openApiRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  let doc: ReturnType<typeof apiDocument> | undefined;
  let json: string | undefined;
  let html: string | undefined;

  // About 100 KB of JSON, mostly repeated error shapes. (Compressed on this
  // route only: a sub-app's `use("*")` would run for every /api request.)
  app.get("/openapi.json", compress(), (c) => {
    doc ??= apiDocument();
    json ??= JSON.stringify(doc);
    return c.body(json, 200, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-cache",
    });
  });

  app.get("/docs", compress(), (c) => {
    doc ??= apiDocument();
    html ??= "<!doctype html>" + renderToString(h(ApiDocs, { doc }));
    c.header("cache-control", "no-cache");
    c.header("content-security-policy", PAGE_CSP);
    return c.html(html);
  });

  return app;
}
