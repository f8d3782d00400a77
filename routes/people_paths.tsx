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
import { pageLanguage } from "../lib/page_language.ts";
import { PageTop } from "../components/LanguageSwitcher.tsx";

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
  const { t } = pageLanguage(c, ["pages"]);
  return renderPage(
    c,
    {
      title: t("pages.notFound.title"),
      kind: "portal",
      status: 404,
      lang: t.locale,
    },
    <>
      <PageTop t={t} url={c.req.url} />
      <h1>{t("pages.notFound.h1")}</h1>
      <section class="panel" aria-labelledby="missing-title">
        <h2 id="missing-title">{t("pages.notFound.h2")}</h2>
        <p>{t("pages.notFound.text")}</p>
        <ul class="actions">
          <li>
            <a class="button primary" href="/reserve">
              {t("pages.notFound.reserve")}
            </a>
          </li>
          <li>
            <a class="button" href="/">{t("pages.notFound.home")}</a>
          </li>
        </ul>
      </section>
    </>,
  );
}
