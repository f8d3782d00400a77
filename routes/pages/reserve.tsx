import { Hono } from "hono";
import type { Context } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { Island } from "../../components/Island.tsx";
import { AppError } from "../../domain/errors.ts";
import { normalizeTicketCode } from "../../domain/ticket_code.ts";
import { findReservationByCode } from "../../db/reservations.ts";
import { listOrganizations } from "../../db/organizations.ts";
import { publicOrganization } from "../../lib/public_organization.ts";
import { clientKey } from "../../lib/http.ts";
import { validateTicket } from "../../lib/ticket_check.ts";
import { pageLanguage } from "../../lib/page_language.ts";
import { PageTop } from "../../components/LanguageSwitcher.tsx";
import ReservePortal from "../../islands/ReservePortal.tsx";
import { type PortalProps, STEPS } from "../../components/portal/state.ts";
import type { TicketProblem } from "../../components/portal/messages.ts";

/**
 * `/reserve`: the customer portal. A `?code=` from an email link is checked
 * here, before rendering (with the same rate limit as the API), so the page
 * arrives at the right step and hydration changes nothing.
 */
export function reserveRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", async (c) => {
    const typed = (c.req.query("code") ?? "").trim().slice(0, 200);
    const props: PortalProps = {
      now: deps.clock().toISOString(),
      code: typed,
      ticket: null,
      problem: null,
      ...(typed ? await checkTicket(deps, c, typed) : {}),
    };
    props.venue = await portalVenue(deps, props.ticket?.orq ?? null);
    const { t, catalogue } = pageLanguage(
      c,
      PORTAL_NAMESPACES,
      props.venue?.locale,
    );
    const step = STEPS[props.ticket ? 1 : 0].label;
    return renderPage(
      c,
      {
        title: t("portal.pageTitle", { step: t(step) }),
        kind: "portal",
        lang: t.locale,
      },
      <>
        <PageTop t={t} url={c.req.url} />
        <h1>{t("portal.title")}</h1>
        <Island
          name="ReservePortal"
          component={ReservePortal}
          props={{ ...props, i18n: catalogue }}
        />
      </>,
    );
  });
  return app;
}

/** The message namespaces the booking portal uses. */
export const PORTAL_NAMESPACES = ["problems", "portal"];

/** The ticket's venue, or the only one of a single-venue platform, or null. */
async function portalVenue(
  deps: AppDeps,
  orq: number | null,
): Promise<PortalProps["venue"]> {
  if (orq === null) {
    const all = await listOrganizations(deps.db);
    if (all.length !== 1) return null;
    orq = all[0].orq;
  }
  const org = await deps.orgs.get(orq);
  return org ? publicOrganization(org) : null;
}

/** What `POST /api/tickets/validate` would answer, as portal props. */
async function checkTicket(
  deps: AppDeps,
  c: Context,
  typed: string,
): Promise<Pick<PortalProps, "ticket" | "problem">> {
  try {
    await deps.limits.validate.consume(
      `validate:${clientKey(c, deps.trustProxy)}`,
    );
    const ticket = await validateTicket(deps, typed, "page");
    return { ticket: { code: ticket.code, orq: ticket.orq }, problem: null };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const problem: TicketProblem = { code: err.code };
    if (err.code === "RATE_LIMITED") {
      problem.retryAfter = Number(err.details?.retry_after_seconds) ||
        undefined;
    }
    if (err.code === "TICKET_ALREADY_RESERVED") {
      const reservation = err.details?.reservation as
        | TicketProblem["reservation"]
        | undefined;
      if (reservation) problem.reservation = reservation;
      const found = await findReservationByCode(
        deps.db,
        normalizeTicketCode(typed)!,
      );
      if (found) {
        problem.links = deps.links.urls(found);
      }
    }
    return { ticket: null, problem };
  }
}
