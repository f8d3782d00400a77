import { Hono } from "hono";
import type { ApiEnv } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { PageTop } from "../../components/LanguageSwitcher.tsx";
import { rich } from "../../components/manage/rich.tsx";
import { pageLanguage } from "../../lib/page_language.ts";
import type { Translator } from "../../domain/translator.ts";

/** `/`: a friendly start that leads to the portal. */
export function homeRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  // In the visitor's language (cookie, Accept-Language): not for shared caches.
  app.get("/", (c) => {
    const { t } = pageLanguage(c, ["pages"]);
    return renderPage(
      c,
      { title: t("pages.home.title"), kind: "portal", lang: t.locale },
      <Home t={t} url={c.req.url} />,
    );
  });
  return app;
}

function Home(props: { t: Translator; url: string }) {
  const { t } = props;
  return (
    <>
      <PageTop t={t} url={props.url} />
      <h1>{t("pages.home.h1")}</h1>
      <p class="lead">{t("pages.home.lead")}</p>
      <section class="panel" aria-labelledby="start-title">
        <h2 id="start-title">{t("pages.home.start.title")}</h2>
        <form method="get" action="/reserve" class="start-form">
          <div class="field">
            <label for="home-code">{t("pages.home.start.code")}</label>
            <p class="hint" id="home-code-hint">
              {t("pages.home.start.hint")}
            </p>
            <input
              id="home-code"
              name="code"
              type="text"
              class="code-input"
              autocomplete="off"
              autocapitalize="characters"
              spellcheck={false}
              aria-describedby="home-code-hint"
            />
          </div>
          <button type="submit" class="button primary">
            {t("pages.home.start.submit")}
          </button>
        </form>
        <p>
          {rich(t, "pages.home.start.or", {}, {
            link: [
              t("pages.home.start.link"),
              (text) => <a href="/reserve">{text}</a>,
            ],
          })}
        </p>
      </section>
      <section aria-labelledby="how-title">
        <h2 id="how-title">{t("pages.home.how.title")}</h2>
        <ol class="how">
          {[1, 2, 3, 4].map((n) => (
            <li key={n}>
              <strong>{t(`pages.home.how.${n}.title`)}</strong>{" "}
              {t(`pages.home.how.${n}.text`)}
            </li>
          ))}
        </ol>
        <p>{t("pages.home.group")}</p>
      </section>
    </>
  );
}
