/** The page around the waitlist forms' answers without JavaScript. */
import type { Context } from "hono";
import type { ComponentChildren } from "preact";
import type { ApiEnv } from "../deps.ts";
import type { Translator } from "../../domain/translator.ts";
import { pageLanguage } from "../../lib/page_language.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { inLanguage, PageTop } from "../../components/LanguageSwitcher.tsx";

/** "Waitlist": `body` in a panel, then the way back to booking. */
export function waitlistPage(
  c: Context<ApiEnv>,
  body: (t: Translator) => ComponentChildren,
): Response {
  const { t } = pageLanguage(c, ["waitlist", "problems"]);
  return renderPage(
    c,
    { title: t("waitlist.joinPage.title"), kind: "portal", lang: t.locale },
    <>
      <PageTop t={t} url={c.req.url} />
      <h1>{t("waitlist.joinPage.title")}</h1>
      <section class="panel">
        {body(t)}
        <p>
          <a class="button" href={inLanguage("/reserve", t.locale)}>
            {t("waitlist.joinPage.back")}
          </a>
        </p>
      </section>
    </>,
  );
}
