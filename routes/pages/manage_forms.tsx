/**
 * "Manage my booking" without JavaScript: the reschedule, cancel and resend
 * forms post here (`/reserve/manage/{reschedule,cancel,resend}`, URL-encoded,
 * the manage token in a hidden field). They call what the API's routes call
 * (routes/api/customer_changes.ts), with the same rate limits and refusals,
 * and answer 303 to the page with `done=` for its notice, or the page again
 * with the refusal in words.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { AppError } from "../../domain/errors.ts";
import { bodyText, clientKey, parseWith } from "../../lib/http.ts";
import { managePageUrl } from "../../lib/mail/manage_link.ts";
import { rescheduleByCustomer } from "../../db/customer_changes.ts";
import {
  cancelAsCustomer,
  customerClock,
  resendAsCustomer,
} from "../api/customer_changes.ts";
import { bookingOfToken } from "../../db/manage_booking.ts";
import {
  manageAnswer,
  manageClaims,
  manageTokenField,
} from "../api/manage_booking.ts";
import { announceMove } from "../api/reservation_staff.ts";
import type { ManagedBooking } from "../../components/manage/api.ts";
import type { ManageProps } from "../../components/manage/state.ts";
import type { SlotChoice } from "../../components/portal/api.ts";
import { page, problemOf } from "./manage.tsx";
import { viewProps, type ViewQuery } from "./manage_views.ts";

/** A form body is a few hidden fields: far below the API's limit. */
const MAX_FORM_BYTES = 8 * 1024;

const dateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional();

const rescheduleForm = z.strictObject({
  manage_token: manageTokenField,
  slot_id: z.coerce.number().int().positive().max(2 ** 31 - 1),
  date: dateField,
});

const tokenForm = z.strictObject({ manage_token: manageTokenField });

/** The form's fields (a repeated field: its last value). */
async function formOf(c: Context<ApiEnv>): Promise<Record<string, string>> {
  const text = await bodyText(c.req.raw, MAX_FORM_BYTES);
  return Object.fromEntries(new URLSearchParams(text));
}

/** The page at `token` with `done` (the form's 303). */
function done(c: Context<ApiEnv>, token: string, what: string): Response {
  return c.redirect(`${managePageUrl("", token)}&done=${what}`, 303);
}

export function manageFormRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  /**
   * The page again with why `err` refused the form: the booking as it is
   * now (without spending the lookup limit a second time), in `q`'s view.
   */
  async function refused(
    c: Context<ApiEnv>,
    token: string,
    err: AppError,
    q: ViewQuery,
    extra: Partial<ManageProps> = {},
  ): Promise<Response> {
    const props: ManageProps = {
      now: deps.clock().toISOString(),
      booking: null,
      problem: problemOf(err),
    };
    // No token (a body too large, a field missing): the refusal alone.
    if (!token) return page(c, props);
    try {
      const claims = await manageClaims(deps, token);
      const b = await manageAnswer(
        deps,
        await bookingOfToken(deps.db, claims, deps.clock()),
      ) as ManagedBooking;
      props.booking = b;
      Object.assign(props, await viewProps(deps, b, q), extra);
    } catch (again) {
      if (!(again instanceof AppError)) throw again;
      // The link itself opens nothing (any more): say that.
      if (err.code !== "RATE_LIMITED") props.problem = problemOf(again);
    }
    return page(c, props);
  }

  app.post("/reschedule", async (c) => {
    let raw: Record<string, string> = {};
    try {
      raw = await formOf(c);
      const clock = await customerClock(deps, c);
      const body = parseWith(rescheduleForm, raw);
      const cred = await manageClaims(deps, body.manage_token);
      const moved = await rescheduleByCustomer(
        deps.db,
        cred,
        body.slot_id,
        clock,
        deps.store,
      );
      c.set("orq", moved.reservation.orq);
      announceMove(deps, moved, { by: "customer" }, clock.instant);
      const r = moved.reservation;
      const token = await deps.links.manage.sign(
        { reservationId: r.id, ticketId: r.ticket_id },
        clock.instant,
      );
      return done(c, token, "moved");
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const alternatives = (err.details?.alternatives ?? []) as SlotChoice[];
      return await refused(c, raw.manage_token ?? "", err, {
        view: "confirm-move",
        date: raw.date,
        slot: raw.slot_id,
      }, { alternatives });
    }
  });

  app.post("/cancel", async (c) => {
    let raw: Record<string, string> = {};
    try {
      raw = await formOf(c);
      const clock = await customerClock(deps, c);
      const body = parseWith(tokenForm, raw);
      const cred = await manageClaims(deps, body.manage_token);
      const r = await cancelAsCustomer(deps, cred, clock);
      c.set("orq", r.orq);
      return done(c, body.manage_token, "cancelled");
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return await refused(c, raw.manage_token ?? "", err, { view: "cancel" });
    }
  });

  app.post("/resend", async (c) => {
    let raw: Record<string, string> = {};
    try {
      raw = await formOf(c);
      // The address's lookup budget, then the ticket's resend budget (as the API).
      await deps.limits.lookup.consume(
        `lookup:${clientKey(c, deps.trustProxy)}`,
      );
      const body = parseWith(tokenForm, raw);
      const cred = await manageClaims(deps, body.manage_token);
      const instant = deps.clock();
      const b = await bookingOfToken(deps.db, cred, instant);
      await deps.limits.resend.consume(`resend:${b.ticket_code}`);
      const r = await resendAsCustomer(deps, b.ticket_code, instant);
      c.set("orq", r.orq);
      return done(c, body.manage_token, "resent");
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const problem = problemOf(err);
      problem.details = { ...problem.details, resend: true };
      return await refused(c, raw.manage_token ?? "", err, {}, { problem });
    }
  });

  return app;
}
