import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { clientKey, parseWith, readJson } from "../../lib/http.ts";
import { validationFailed } from "../../domain/errors.ts";
import { normalizeTicketCode } from "../../domain/ticket_code.ts";
import { type BookedGroup, createGroup } from "../../db/reservation_group.ts";
import { logEvent } from "../../lib/log.ts";
import { announceBooked, recordBookingFailure } from "./booking_outcome.ts";
import { anyJson, ticketCodeField } from "./fields.ts";
import { createBody } from "./reservations.ts";
import { reservationsAnswer } from "./reservation_answers.ts";
import { withNationalPhone } from "../../lib/national_phone.ts";

/** Most tickets one group books (API.md). */
export const MAX_GROUP = 20;

/** Body of `POST /api/reservations/create-group`. */
export const createGroupBody = z.strictObject({
  ticket_codes: z.array(ticketCodeField).min(2, "At least 2 ticket codes")
    .max(MAX_GROUP, `At most ${MAX_GROUP} ticket codes`),
  slot_id: createBody.shape.slot_id,
  customer_email: createBody.shape.customer_email,
  customer_phone: createBody.shape.customer_phone,
  locale: createBody.shape.locale,
});

/** `POST /api/reservations/create-group`: several tickets, one slot, all or nothing. */
export function reservationGroupRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/create-group", async (c) => {
    const { group, instant } = await bookGroup(
      deps,
      clientKey(c, deps.trustProxy),
      await readJson(c, anyJson),
    );
    c.set("orq", group.orq);
    return c.json({
      group_id: group.group_id,
      ...await reservationsAnswer(
        deps,
        group.orq,
        group.reservations,
        instant,
      ),
    }, 201);
  });

  return app;
}

/**
 * Books the group of `raw` (the body of create-group, also what the group
 * page's form posts) for `client`: its rate limits, checks, events and
 * metrics, as API.md says; the group, or the refusal thrown.
 */
export async function bookGroup(
  deps: AppDeps,
  client: string,
  raw: unknown,
): Promise<{ group: BookedGroup; instant: Date }> {
  let asked: { at: Date; slotId: number } | null = null;
  try {
    await deps.limits.reserve.consume(`reserve:${client}`);
    // National phones are read in the venue's country, as create reads them.
    const body = parseWith(
      createGroupBody,
      await withNationalPhone(deps, raw),
    );
    // API.md: one validation token per code given.
    for (let i = 0; i < body.ticket_codes.length; i++) {
      await deps.limits.validate.consume(`validate:${client}`);
    }
    const codes = body.ticket_codes.map((t) => normalizeTicketCode(t));
    const seen = new Set<string>();
    for (const code of codes) {
      if (code === null) continue;
      if (seen.has(code)) {
        throw validationFailed({
          ticket_codes: "Each ticket code may appear only once",
        });
      }
      seen.add(code);
    }
    const instant = deps.clock();
    asked = { at: instant, slotId: body.slot_id };
    const group = await createGroup(deps.db, {
      codes,
      typed: body.ticket_codes,
      slotId: body.slot_id,
      email: body.customer_email,
      phone: body.customer_phone,
      locale: body.locale ?? null,
    }, {
      instant,
      zonedNow: (orq) => deps.zonedNow(orq, instant),
    });
    for (const r of group.reservations) {
      logEvent("reservation.created", {
        ticket_id: r.ticket_id,
        reservation_id: r.id,
        slot_id: r.slot.id,
        customer_email: r.customer_email,
        group_id: group.group_id,
        timestamp: instant.toISOString(),
      });
    }
    announceBooked(
      deps,
      group.orq,
      body.slot_id,
      group.reservations.length,
    );
    return { group, instant };
  } catch (err) {
    recordBookingFailure(deps, err, asked, () => null, { group: true });
    throw err;
  }
}
