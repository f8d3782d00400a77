/**
 * What `/reserve` renders, shared by the page (GET) and the steps posted
 * without JavaScript (POST, reserve_form.tsx): the venue, the ticket check
 * with the API's rate limit, and the page around the portal island.
 */
import type { Context } from "hono";
import type { AppDeps } from "../deps.ts";
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

/** The message namespaces the booking portal uses. */
export const PORTAL_NAMESPACES = ["problems", "portal", "waitlist"];

/** The portal page opening at `props` (its step: `start`, else by the ticket). */
export function renderPortal(c: Context, props: PortalProps) {
  const { t, catalogue } = pageLanguage(
    c,
    PORTAL_NAMESPACES,
    props.venue?.locale,
  );
  const id = props.start?.step ?? (props.ticket ? "contact" : "ticket");
  const step = STEPS.find((x) => x.id === id)!.label;
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
}

/** The ticket's venue, or the only one of a single-venue platform, or null. */
export async function portalVenue(
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
export async function checkTicket(
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
    return { ticket: null, problem: await ticketProblem(deps, err, typed) };
  }
}

/** A refusal as the ticket step shows it (with the links of a booked ticket). */
export async function ticketProblem(
  deps: AppDeps,
  err: AppError,
  typed: string,
): Promise<TicketProblem> {
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
    const code = normalizeTicketCode(typed);
    const found = code ? await findReservationByCode(deps.db, code) : null;
    if (found) problem.links = deps.links.urls(found);
  }
  return problem;
}
