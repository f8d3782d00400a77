/**
 * What makes the door scanner an installable app that opens with no
 * network: its web app manifest and its service worker, both under
 * `/operator/` so the worker's scope is the scanner's pages and nothing else.
 */
import { Hono } from "hono";
import type { ApiEnv } from "../deps.ts";
import { assetUrl } from "../../lib/assets.ts";

/** The bundled worker (`deno task build` makes it from workers/scanner_sw.ts). */
const WORKER_FILE = "./static/build/scanner_sw.js";

/** The manifest: opens on the scan page, full screen, the scanner's icon. */
export function scannerManifest(): Record<string, unknown> {
  return {
    name: "Door scanner",
    short_name: "Scanner",
    description: "Scan and admit timed-entry tickets at the door.",
    id: "/operator/scan",
    start_url: "/operator/scan",
    scope: "/operator/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#ffffff",
    theme_color: "#0b57d0",
    icons: [
      {
        src: assetUrl("scanner-icon-192.png"),
        sizes: "192x192",
        type: "image/png",
      },
      {
        src: assetUrl("scanner-icon-512.png"),
        sizes: "512x512",
        type: "image/png",
      },
      {
        src: assetUrl("favicon.svg"),
        sizes: "any",
        type: "image/svg+xml",
        purpose: "any",
      },
    ],
  };
}

/** `GET /operator/manifest.webmanifest` and `GET /operator/sw.js`. */
export function scannerAppRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/manifest.webmanifest", (c) => {
    c.header("content-type", "application/manifest+json; charset=utf-8");
    c.header("cache-control", "no-cache");
    return c.body(JSON.stringify(scannerManifest()));
  });

  app.get("/sw.js", async (c) => {
    let source: string;
    try {
      source = await Deno.readTextFile(WORKER_FILE);
    } catch {
      return c.notFound(); // not built yet
    }
    // Revalidated on every check, so a new version reaches phones at once.
    c.header("cache-control", "no-cache");
    c.header("content-type", "text/javascript; charset=utf-8");
    return c.body(source);
  });

  return app;
}
