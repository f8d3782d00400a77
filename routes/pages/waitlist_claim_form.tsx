import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { bodyText, clientKey } from "../../lib/http.ts";
import { AppError } from "../../domain/errors.ts";
import { managePageUrl } from "../../lib/mail/manage_link.ts";
import { requestLocale } from "../../lib/request_locale.ts";
import { claimWithPhone } from "../api/waitlist.ts";
import { waitlistMessage } from "../../components/portal/waitlist_api.ts";
import { claimPage } from "./waitlist_claim.tsx";

/** A claim form is a token and a phone number: far below this. */
const MAX_FORM_BYTES = 4096;

/**
 * `POST /reserve/claim`: the claim page's form without JavaScript (token
 * and phone in the URL-encoded body). Booked → 303 to the first booking's
 * manage page (its signed token, nothing personal); refused → the form again
 * with why, as the island would show it.
 */
export function waitlistClaimFormRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post("/", async (c) => {
    let token = "";
    let phone = "";
    try {
      const form = new URLSearchParams(
        await bodyText(c.req.raw, MAX_FORM_BYTES),
      );
      token = (form.get("token") ?? "").trim().slice(0, 200);
      phone = (form.get("customer_phone") ?? "").slice(0, 40);
      await deps.limits.reserve.consume(
        `reserve:${clientKey(c, deps.trustProxy)}`,
      );
      const claimed = await claimWithPhone(
        deps,
        { token, customer_phone: phone, locale: requestLocale(c) },
        (orq) => c.set("orq", orq),
      );
      const first = claimed.reservations[0];
      const manage = await deps.links.manage.sign(
        { reservationId: first.id, ticketId: first.ticket_id },
        claimed.instant,
      );
      return c.redirect(managePageUrl("", manage), 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const badPhone = err.code === "VALIDATION_FAILED" &&
        !!token && !!(err.details?.fields as Record<string, unknown>)
        ?.customer_phone;
      return claimPage(c, {
        token,
        phone,
        phoneError: badPhone ? "waitlist.claim.phoneError" : null,
        problem: badPhone ? null : waitlistMessage(err.code),
      });
    }
  });
  return app;
}
