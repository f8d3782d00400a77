import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { Island } from "../../components/Island.tsx";
import { pageLanguage } from "../../lib/page_language.ts";
import { PageTop } from "../../components/LanguageSwitcher.tsx";
import GroupBooking from "../../islands/GroupBooking.tsx";
import type { PortalProps, Step } from "../../components/portal/state.ts";

/** `/reserve/group`: one booking for several tickets (API.md create-group). */
export function reserveGroupRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", (c) => {
    const props: PortalProps = {
      now: deps.clock().toISOString(),
      code: "",
      ticket: null,
      problem: null,
    };
    const { t, catalogue } = pageLanguage(c, [
      "problems",
      "portal",
      "group",
      "waitlist",
    ]);
    const first: Step = "ticket";
    return renderPage(
      c,
      {
        title: t("group.page.documentTitle", {
          step: t(`portal.step.${first}`),
        }),
        kind: "portal",
        lang: t.locale,
      },
      <>
        <PageTop t={t} url={c.req.url} />
        <h1>{t("group.page.title")}</h1>
        <Island
          name="GroupBooking"
          component={GroupBooking}
          props={{ ...props, i18n: catalogue }}
        />
      </>,
    );
  });
  return app;
}
