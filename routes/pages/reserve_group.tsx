import { Hono } from "hono";
import type { Context } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { Island } from "../../components/Island.tsx";
import { pageLanguage } from "../../lib/page_language.ts";
import { PageTop } from "../../components/LanguageSwitcher.tsx";
import GroupBooking from "../../islands/GroupBooking.tsx";
import type { GroupProps } from "../../components/portal/group_state.ts";

/**
 * `/reserve/group`: one booking for several tickets (API.md create-group).
 * Without JavaScript each step's form posts here
 * (routes/pages/reserve_group_form.tsx).
 */
export function reserveGroupRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", (c) =>
    groupPage(c, {
      now: deps.clock().toISOString(),
      code: "",
      ticket: null,
      problem: null,
    }));
  return app;
}

/** The group page showing `props` (at `props.groupStart`'s step, if any). */
export function groupPage(c: Context<ApiEnv>, props: GroupProps): Response {
  const { t, catalogue } = pageLanguage(c, [
    "problems",
    "portal",
    "group",
    "waitlist",
  ]);
  const step = props.groupStart?.step ?? "ticket";
  return renderPage(
    c,
    {
      title: t("group.page.documentTitle", { step: t(`portal.step.${step}`) }),
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
}
