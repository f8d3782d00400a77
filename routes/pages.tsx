import { Hono } from "hono";
import { renderToString } from "preact-render-to-string";
import type { ApiEnv, AppDeps } from "./deps.ts";
import { Layout } from "../components/Layout.tsx";

/** Server-rendered pages. The portal, scanner and dashboard join here. */
export function pageRoutes(_deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", (c) =>
    c.html(
      "<!doctype html>" +
        renderToString(
          <Layout title="Timed entry">
            <h1>Timed entry</h1>
            <p>
              Reserve a time for your visit with the ticket code you received.
            </p>
            <ul>
              <li>
                <a href="/api/health">Service health</a>
              </li>
            </ul>
          </Layout>,
        ),
    ));
  return app;
}
