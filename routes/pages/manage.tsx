import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { Island } from "../../components/Island.tsx";
import { AppError } from "../../domain/errors.ts";
import { clientKey } from "../../lib/http.ts";
import { bookingOfToken } from "../../db/manage_booking.ts";
import { manageAnswer, manageClaims } from "../api/manage_booking.ts";
import ManageBooking from "../../islands/ManageBooking.tsx";
import type { ManageProps } from "../../components/manage/state.ts";
import type { Problem } from "../../components/manage/messages.ts";
import type { ManagedBooking } from "../../components/manage/api.ts";

/**
 * `/reserve/manage`: "Manage my booking". The mail's `?token=` is checked
 * here, before rendering (with the lookup's rate limit), so the page arrives
 * showing the booking and hydration changes nothing; without a token (or
 * with one that opens nothing) it asks for the ticket code and email.
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
    return renderPage(
      c,
      {
        title: `${
          props.booking ? "Your booking" : "Find your booking"
        } · Manage my booking`,
        kind: "portal",
      },
      <>
        <p class="brand">
          <a href="/">Timed entry</a>
        </p>
        <h1>Manage my booking</h1>
        <Island name="ManageBooking" component={ManageBooking} props={props} />
      </>,
    );
  });
  return app;
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
    const problem: Problem = { code: err.code };
    if (err.details) problem.details = err.details;
    if (err.code === "RATE_LIMITED") {
      problem.retryAfter = Number(err.details?.retry_after_seconds) ||
        undefined;
    }
    return { booking: null, problem };
  }
}
