import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { clientKey, readJson } from "../../lib/http.ts";
import { logEvent } from "../../lib/log.ts";
import { codeOrNotFound } from "../../lib/ticket_check.ts";
import { AppError } from "../../domain/errors.ts";
import {
  cancelByCustomer,
  type CustomerClock,
  rescheduleByCustomer,
  resendByCustomer,
} from "../../db/customer_changes.ts";
import { createBody, reservationAnswer } from "./reservations.ts";
import { announceMove, reservationChanged } from "./reservation_staff.ts";
import { anyJsonObject, ticketCodeField } from "./fields.ts";
import { credentialOf, manageTokenField } from "./manage_booking.ts";

/** Body of `POST /api/reservations/cancel`: the customer's credential. */
export const customerCancelBody = createBody.pick({
  ticket_code: true,
  customer_email: true,
});

/** Body of `POST /api/reservations/reschedule`. */
export const rescheduleBody = createBody.pick({
  ticket_code: true,
  customer_email: true,
  slot_id: true,
});

/** Body of `POST /api/reservations/cancel` with the manage link's token. */
export const cancelTokenBody = z.strictObject({
  manage_token: manageTokenField,
});

/** Body of `POST /api/reservations/reschedule` with the manage link's token. */
export const rescheduleTokenBody = z.strictObject({
  manage_token: manageTokenField,
  slot_id: createBody.shape.slot_id,
});

/** Body of `POST /api/reservations/resend`. */
export const customerResendBody = z.strictObject({
  ticket_code: ticketCodeField,
});

/**
 * `/api/reservations/{reschedule,cancel,resend}`: the customer's own
 * changes (API.md "Customer self-service"). Reschedule and cancel spend a
 * token of the address's reservation-change limit (as create); resend is
 * limited per ticket.
 */
export function customerChangeRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/reschedule", async (c) => {
    const clock = await customerClock(deps, c);
    const { cred, body } = await credentialOf(
      deps,
      await readJson(c, anyJsonObject),
      rescheduleTokenBody,
      rescheduleBody,
    );
    const moved = await rescheduleByCustomer(
      deps.db,
      cred,
      body.slot_id,
      clock,
      deps.store,
    );
    c.set("orq", moved.reservation.orq);
    announceMove(deps, moved, { by: "customer" }, clock.instant);
    return c.json(await reservationAnswer(deps, moved.reservation));
  });

  app.post("/cancel", async (c) => {
    const clock = await customerClock(deps, c);
    const { cred } = await credentialOf(
      deps,
      await readJson(c, anyJsonObject),
      cancelTokenBody,
      customerCancelBody,
    );
    const r = await cancelAsCustomer(deps, cred, clock);
    c.set("orq", r.orq);
    return c.json({
      ticket: { code: r.ticket_code, status: "ACTIVATED", orq: r.orq },
    });
  });

  app.post("/resend", async (c) => {
    // The address's lookup budget as well: a resend says as much about a
    // code as a lookup does.
    await deps.limits.lookup.consume(
      `lookup:${clientKey(c, deps.trustProxy)}`,
    );
    const body = await readJson(c, customerResendBody);
    const code = codeOrNotFound(body.ticket_code);
    await deps.limits.resend.consume(`resend:${code}`);
    const instant = deps.clock();
    const r = await resendAsCustomer(deps, code, instant);
    c.set("orq", r.orq);
    return c.json({ queued: "confirmation" }, 202);
  });

  return app;
}

/**
 * A customer change's start (the API's and the manage page's forms): the
 * address's reservation-change limit spent, and the request's clock.
 */
export async function customerClock(
  deps: AppDeps,
  c: Context<ApiEnv>,
): Promise<CustomerClock> {
  await deps.limits.reserve.consume(
    `reserve:${clientKey(c, deps.trustProxy)}`,
  );
  const instant = deps.clock();
  return {
    instant,
    zonedNow: (orq) => deps.zonedNow(orq, instant),
    settings: async (orq) => {
      const org = await deps.orgs.get(orq);
      if (!org) throw new AppError("TICKET_NOT_FOUND");
      return org.settings;
    },
  };
}

/** Cancels `cred`'s booking, then the live counts and the event. */
export async function cancelAsCustomer(
  deps: AppDeps,
  cred: Parameters<typeof cancelByCustomer>[1],
  clock: CustomerClock,
) {
  const r = await cancelByCustomer(deps.db, cred, clock, deps.store);
  reservationChanged(deps, r.orq, [r.slot.id]);
  logEvent("reservation.cancelled", {
    orq: r.orq,
    reservation_id: r.id,
    ticket_id: r.ticket_id,
    slot_id: r.slot.id,
    cancelled_by: "customer",
    timestamp: clock.instant.toISOString(),
  });
  return r;
}

/** Queues the confirmation of `code` again, then wakes the mailer and logs it. */
export async function resendAsCustomer(
  deps: AppDeps,
  code: string,
  instant: Date,
) {
  const r = await resendByCustomer(deps.db, code, instant);
  deps.onReservation?.();
  logEvent("reservation.resent", {
    reservation_id: r.reservationId,
    by: "customer",
    timestamp: instant.toISOString(),
  });
  return r;
}
