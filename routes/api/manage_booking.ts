import { publicOrganization } from "../../lib/public_organization.ts";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { clientKey, parseWith, readJson } from "../../lib/http.ts";
import { codeOrNotFound } from "../../lib/ticket_check.ts";
import { AppError } from "../../domain/errors.ts";
import { changeWindow } from "../../domain/manage_booking.ts";
import { horizonDate } from "../../domain/customer_change.ts";
import {
  bookingOfCode,
  bookingOfToken,
  linkExpired,
  type ManagedBooking,
  type TokenCredential,
} from "../../db/manage_booking.ts";
import type { CustomerCredential } from "../../db/customer_changes.ts";
import { createBody, reservationBody } from "./reservations.ts";
import { anyJsonObject } from "./fields.ts";

/** A manage token as a body field (lib/manage_token.ts). */
export const manageTokenField = z.string().trim().min(
  1,
  "Open the link from your email again",
).max(2048, "Not a manage link").describe(
  "The signed token of the manage link (`/reserve/manage?token=`)",
);

/** Body of `POST /api/reservations/lookup` with the manage link's token. */
export const lookupTokenBody = z.strictObject({
  manage_token: manageTokenField,
});

/** Body of `POST /api/reservations/lookup` with the code and email. */
export const lookupCodeBody = createBody.pick({
  ticket_code: true,
  customer_email: true,
});

/** Either body of `POST /api/reservations/lookup`. */
export const lookupBody = z.union([lookupTokenBody, lookupCodeBody]);

/**
 * The claims of a manage token, or 404 RESERVATION_NOT_FOUND: a forged one,
 * another purpose's (a staff token) or a malformed one says LINK_INVALID,
 * one past its lifetime LINK_EXPIRED (the visit's end is checked with the
 * reservation).
 */
export async function manageClaims(
  deps: AppDeps,
  token: string,
): Promise<TokenCredential> {
  const v = await deps.links.manage.verify(token, deps.clock());
  if (v.ok) return v.claims;
  if (v.reason === "expired") throw linkExpired();
  throw new AppError("RESERVATION_NOT_FOUND", {
    message: "This link is not valid. Please open the link from your email " +
      "again, or use your ticket code and email.",
    details: { reason: "LINK_INVALID" },
  });
}

/**
 * The customer's credential in a body: `manage_token` (the rest checked
 * against `tokenSchema`) or the ticket code and email (`codeSchema`).
 */
export async function credentialOf<
  T extends z.ZodType<{ manage_token: string }>,
  C extends z.ZodType<{ ticket_code: string; customer_email: string }>,
>(
  deps: AppDeps,
  raw: Record<string, unknown>,
  tokenSchema: T,
  codeSchema: C,
): Promise<
  { cred: CustomerCredential; body: z.output<T> | z.output<C> }
> {
  if ("manage_token" in raw) {
    const body = parseWith(tokenSchema, raw);
    return { cred: await manageClaims(deps, body.manage_token), body };
  }
  const body = parseWith(codeSchema, raw);
  return {
    cred: {
      code: codeOrNotFound(body.ticket_code),
      email: body.customer_email,
    },
    body,
  };
}

/**
 * The manage answer: the create answer with the contact in full, a fresh
 * manage token, the venue, and what may still be changed (`manage`).
 */
export async function manageAnswer(deps: AppDeps, b: ManagedBooking) {
  const instant = deps.clock();
  const org = await deps.orgs.get(b.orq);
  if (!org) throw new AppError("RESERVATION_NOT_FOUND");
  const now = await deps.zonedNow(b.orq, instant);
  const window = changeWindow(
    b.status,
    b.starts,
    org.settings.change_cutoff_hours,
    instant,
  );
  return {
    ...reservationBody(deps.links, b),
    organization: publicOrganization(org),
    manage_token: await deps.links.manage.sign(
      { reservationId: b.id, ticketId: b.ticket_id },
      instant,
    ),
    manage: {
      timezone: b.timezone,
      starts_at: b.starts.toISOString(),
      ends_at: b.ends.toISOString(),
      change_cutoff: window.cutoff?.toISOString() ?? null,
      changeable: window.refusal === null,
      refusal: window.refusal,
      horizon_date: horizonDate(now.date, org.settings.booking_horizon_days),
    },
  };
}

/**
 * `POST /api/reservations/lookup`: the booking in full for its manage token
 * or its ticket code and email (a POST: credentials never in a URL). Limited
 * per address as the lookup by code.
 */
export function manageBookingRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post("/lookup", async (c) => {
    await deps.limits.lookup.consume(
      `lookup:${clientKey(c, deps.trustProxy)}`,
    );
    const raw = await readJson(c, anyJsonObject);
    const { cred } = await credentialOf(
      deps,
      raw,
      lookupTokenBody,
      lookupCodeBody,
    );
    const booking = "code" in cred
      ? await bookingOfCode(deps.db, cred.code, cred.email)
      : await bookingOfToken(deps.db, cred, deps.clock());
    c.set("orq", booking.orq);
    return c.json(await manageAnswer(deps, booking));
  });
  return app;
}
