import { Hono } from "hono";
import type { Context } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { Island } from "../../components/Island.tsx";
import { AppError } from "../../domain/errors.ts";
import { bodyText, clientKey } from "../../lib/http.ts";
import { codeOrNotFound } from "../../lib/ticket_check.ts";
import { managePageUrl } from "../../lib/mail/manage_link.ts";
import { normalizeEmail } from "../../domain/contact.ts";
import { bookingOfCode, bookingOfToken } from "../../db/manage_booking.ts";
import { manageAnswer, manageClaims } from "../api/manage_booking.ts";
import { pageLanguage } from "../../lib/page_language.ts";
import { viewProps } from "./manage_views.ts";
import { assetUrl } from "../../lib/assets.ts";
import { PageTop } from "../../components/LanguageSwitcher.tsx";
import ManageBooking from "../../islands/ManageBooking.tsx";
import {
  type ManageProps,
  VIEW_TITLES,
} from "../../components/manage/state.ts";
import type { Problem } from "../../components/manage/messages.ts";
import type { ManagedBooking } from "../../components/manage/api.ts";

/**
 * `/reserve/manage`: "Manage my booking". The mail's `?token=` is checked
 * here, before rendering (with the lookup's rate limit), so the page arrives
 * showing the booking and hydration changes nothing; without a token (or
 * with one that opens nothing) it asks for the ticket code and email
 * (the island sends them to the API; without JavaScript the form posts here).
 */
export function managePageRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", async (c) => {
    const token = (c.req.query("token") ?? "").trim().slice(0, 2048);
    const props: ManageProps = {
      now: deps.clock().toISOString(),
      booking: null,
      problem: null,
      ...(token ? await open(deps, clientKey(c, deps.trustProxy), token) : {}),
    };
    const q = c.req.query();
    if (props.booking) {
      Object.assign(props, await viewProps(deps, props.booking, q));
    } else if (
      q.done === "cancelled" &&
      props.problem?.code === "RESERVATION_NOT_FOUND" &&
      !props.problem.details?.reason
    ) {
      // After the cancel form's 303: the link's booking is gone, as asked.
      props.problem = null;
      props.view = "cancelled";
    }
    return page(c, props);
  });

  // The form without JavaScript: code and email in the POST body; found →
  // 303 to the page with the booking's token, else the form with why.
  app.post("/", async (c) => {
    const now = deps.clock();
    try {
      await deps.limits.lookup.consume(
        `lookup:${clientKey(c, deps.trustProxy)}`,
      );
      const form = new URLSearchParams(await bodyText(c.req.raw));
      const typed = (form.get("ticket_code") ?? "").slice(0, 200);
      const email = normalizeEmail(
        (form.get("customer_email") ?? "").slice(0, 254),
      );
      if (!typed.trim() || !email) throw new AppError("VALIDATION_FAILED");
      const booking = await bookingOfCode(
        deps.db,
        codeOrNotFound(typed),
        email,
      );
      const token = await deps.links.manage.sign(
        { reservationId: booking.id, ticketId: booking.ticket_id },
        now,
      );
      return c.redirect(managePageUrl("", token), 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return page(c, {
        now: now.toISOString(),
        booking: null,
        problem: { ...problemOf(err), byCode: true },
      });
    }
  });
  return app;
}

/** The page with `props` (also the forms' answer to a refusal). */
export function page(c: Context, props: ManageProps): Response {
  const { t, catalogue } = pageLanguage(
    c,
    ["problems", "portal", "manage"],
    props.booking?.organization?.locale,
  );
  return renderPage(
    c,
    {
      title: t("manage.page.title", {
        view: t(
          VIEW_TITLES[props.view ?? (props.booking ? "booking" : "login")],
        ),
      }),
      kind: "portal",
      lang: t.locale,
    },
    <>
      {props.plain && (
        <link rel="stylesheet" href={assetUrl("manage_plain.css")} />
      )}
      <PageTop t={t} url={c.req.url} />
      <h1>{t("manage.page.h1")}</h1>
      <Island
        name="ManageBooking"
        component={ManageBooking}
        props={{ ...props, i18n: catalogue }}
      />
    </>,
  );
}

/** A refusal as the page's props carry it. */
export function problemOf(err: AppError): Problem {
  const problem: Problem = { code: err.code };
  if (err.details) problem.details = err.details;
  if (err.code === "RATE_LIMITED") {
    problem.retryAfter = Number(err.details?.retry_after_seconds) || undefined;
  }
  return problem;
}

/** What `POST /api/reservations/lookup` would answer for `token`, as props. */
async function open(
  deps: AppDeps,
  client: string,
  token: string,
): Promise<Pick<ManageProps, "booking" | "problem">> {
  try {
    await deps.limits.lookup.consume(`lookup:${client}`);
    const claims = await manageClaims(deps, token);
    const booking = await bookingOfToken(deps.db, claims, deps.clock());
    return {
      booking: await manageAnswer(deps, booking) as ManagedBooking,
      problem: null,
    };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { booking: null, problem: problemOf(err) };
  }
}
