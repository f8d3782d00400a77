/** The shell and headers every server-rendered page shares. */
import type { Context } from "hono";
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import { assetUrl } from "../lib/assets.ts";

/** Pages may load only their own files; nothing may frame them. */
export const PAGE_CSP = "default-src 'self'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; " +
  "frame-ancestors 'none'";

/** The kinds of page, each with its own stylesheets after `base.css`. */
export type PageKind = "portal" | "operator" | "manager" | "docs" | "admin";

/** The stylesheets each kind of page loads after `base.css`, in order. */
export const PAGE_STYLES: Record<PageKind, string[]> = {
  portal: ["portal.css", "portal_booking.css", "portal_language.css"],
  operator: [
    "operator.css",
    "operator_result.css",
    "operator_door.css",
    "operator_offline.css",
  ],
  manager: ["manager.css", "manager_day.css", "manager_metrics.css"],
  docs: ["docs.css"],
  admin: ["portal.css", "portal_booking.css", "admin.css", "admin_board.css"],
};

/** What {@link renderPage} needs besides the body. */
export interface PageOptions {
  title: string;
  kind: PageKind;
  status?: 200 | 403 | 404;
  /** The page's language (`<html lang>`); default English. */
  lang?: string;
  /**
   * Whether the page may be stored (only pages that are the same for
   * everyone); default false: `Cache-Control: no-store`.
   */
  cacheable?: boolean;
}

/** The HTML document of a page: `base.css`, its kind's stylesheets, `children` in `<main>`. */
export function PageShell(
  props: {
    title: string;
    kind: PageKind;
    lang?: string;
    children: ComponentChildren;
  },
) {
  return (
    <html lang={props.lang ?? "en"}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="icon" href={assetUrl("favicon.svg")} type="image/svg+xml" />
        {props.kind === "operator" && (
          <>
            <link rel="manifest" href="/operator/manifest.webmanifest" />
            <meta name="theme-color" content="#0b57d0" />
          </>
        )}
        <link rel="stylesheet" href={assetUrl("base.css")} />
        {PAGE_STYLES[props.kind].map((file) => (
          <link key={file} rel="stylesheet" href={assetUrl(file)} />
        ))}
      </head>
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** Answers with a page in the shell, with the page CSP and caching headers. */
export function renderPage(
  c: Context,
  opts: PageOptions,
  children: ComponentChildren,
): Response {
  if (!opts.cacheable) c.header("cache-control", "no-store");
  c.header("content-security-policy", PAGE_CSP);
  return c.html(
    "<!doctype html>" + renderToString(
      <PageShell title={opts.title} kind={opts.kind} lang={opts.lang}>
        {children}
      </PageShell>,
    ),
    opts.status ?? 200,
  );
}
