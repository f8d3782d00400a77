import { Hono } from "hono";
import type { Context } from "hono";
import type { ApiEnv } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { Island } from "../../components/Island.tsx";
import { pageLanguage } from "../../lib/page_language.ts";
import { PageTop } from "../../components/LanguageSwitcher.tsx";
import WaitlistClaim, {
  type ClaimProps,
} from "../../islands/WaitlistClaim.tsx";

/**
 * `/reserve/claim?token=`: where a waitlist offer mail's link leads. The
 * token is only handed to the island (the page is `no-store`, and every
 * page's Referrer-Policy keeps it out of Referer headers); the claim itself
 * is the API's, or without JavaScript the form's POST
 * (routes/pages/waitlist_claim_form.tsx).
 */
export function waitlistClaimRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", (c) =>
    claimPage(c, {
      token: (c.req.query("token") ?? "").trim().slice(0, 200),
    }));
  return app;
}

/** The claim page showing `props`. */
export function claimPage(c: Context<ApiEnv>, props: ClaimProps): Response {
  const { t, catalogue } = pageLanguage(c, [
    "problems",
    "portal",
    "waitlist",
  ]);
  return renderPage(
    c,
    {
      title: t("waitlist.claim.documentTitle"),
      kind: "portal",
      lang: t.locale,
    },
    <>
      <PageTop t={t} url={c.req.url} />
      <h1>{t("waitlist.claim.heading")}</h1>
      <Island
        name="WaitlistClaim"
        component={WaitlistClaim}
        props={{ ...props, i18n: catalogue }}
      />
    </>,
  );
}
