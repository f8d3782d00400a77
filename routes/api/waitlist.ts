import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { clientKey, parseWith, readJson } from "../../lib/http.ts";
import { logEvent } from "../../lib/log.ts";
import { AppError, validationFailed } from "../../domain/errors.ts";
import { normalizeTicketCode } from "../../domain/ticket_code.ts";
import { ORG_LOCALES } from "../../domain/org_settings.ts";
import {
  type JoinedEntry,
  joinWaitlist,
  leaveWaitlist,
} from "../../db/waitlist.ts";
import {
  claimOffer,
  type ClaimOutcome,
  orqOfClaimToken,
} from "../../db/waitlist_claim.ts";
import { createBody } from "./reservations.ts";
import { reservationsAnswer } from "./reservation_answers.ts";
import { withNationalPhone } from "../../lib/national_phone.ts";
import { reservationChanged } from "./reservation_staff.ts";
import { anyJson, ticketCodeField } from "./fields.ts";
import { isNationalInput } from "../../domain/phone.ts";

/** Body of `POST /api/waitlist`. */
export const waitlistJoinBody = z.strictObject({
  ticket_codes: z.array(ticketCodeField).min(1, "At least one ticket code")
    .max(20, "At most 20 ticket codes"),
  slot_id: createBody.shape.slot_id,
  customer_email: createBody.shape.customer_email,
  locale: z.enum(ORG_LOCALES).optional(),
});

/** Body of `POST /api/waitlist/claim`. */
export const waitlistClaimBody = z.strictObject({
  token: z.string().trim().min(1, "Enter the link's token").max(
    200,
    "Too long for a claim token",
  ),
  customer_phone: createBody.shape.customer_phone,
  locale: z.enum(ORG_LOCALES).optional(),
});

/** Body of `DELETE /api/waitlist/:id`. */
export const waitlistLeaveBody = z.strictObject({ code: ticketCodeField });

/** The `:id` of `DELETE /api/waitlist/:id`. */
export const waitlistIdParam = z.string().regex(/^\d{1,9}$/, "Expected an id")
  .transform(Number);

/**
 * `/api/waitlist`: join a full slot's waitlist, claim an offer, leave (API.md
 * "Customer self-service"). Each spends a token of the address's
 * reservation-change limit; joining also one validation token per code.
 */
export function waitlistRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const spendChange = (c: Parameters<typeof clientKey>[0]) =>
    deps.limits.reserve.consume(`reserve:${clientKey(c, deps.trustProxy)}`);
  app.post("/", async (c) => {
    await spendChange(c);
    const entry = await joinWithCodes(
      deps,
      clientKey(c, deps.trustProxy),
      await readJson(c, anyJson),
    );
    c.set("orq", entry.orq);
    return c.json({
      waitlist: { id: entry.id, position: entry.position, slot: entry.slot },
    }, 201);
  });

  app.post("/claim", async (c) => {
    await spendChange(c);
    const outcome = await claimWithPhone(
      deps,
      await readJson(c, anyJson),
      (orq) => c.set("orq", orq),
    );
    return c.json({
      ...(outcome.group_id ? { group_id: outcome.group_id } : {}),
      ...await reservationsAnswer(
        deps,
        outcome.orq,
        outcome.reservations,
        outcome.instant,
      ),
    }, outcome.again ? 200 : 201);
  });

  app.delete("/:id", async (c) => {
    await spendChange(c);
    const id = parseWith(waitlistIdParam, c.req.param("id"));
    const body = await readJson(c, waitlistLeaveBody);
    c.set("orq", await leaveWithCode(deps, id, body.code));
    return c.body(null, 204);
  });

  return app;
}

/**
 * Takes entry `id` off its waitlist for the holder of `typed`, one of its
 * ticket codes (what `DELETE /api/waitlist/:id` and the page's leave form
 * do, after the caller spent the change limit): the entry's venue, or
 * WAITLIST_NOT_FOUND.
 */
export async function leaveWithCode(
  deps: AppDeps,
  id: number,
  typed: string,
): Promise<number> {
  const code = normalizeTicketCode(typed);
  if (!code) throw new AppError("WAITLIST_NOT_FOUND");
  const instant = deps.clock();
  const left = await leaveWaitlist(deps.db, id, code, instant);
  reservationChanged(deps, left.orq, [left.slot_id]);
  logEvent("waitlist.left", {
    orq: left.orq,
    entry_id: id,
    slot_id: left.slot_id,
    timestamp: instant.toISOString(),
  });
  return left.orq;
}

/** A booked claim and when it was made. */
export type BookedClaim = Extract<ClaimOutcome, { kind: "booked" }> & {
  instant: Date;
};

/**
 * The claim of `raw` (the body of `POST /api/waitlist/claim`, also what the
 * claim page's form posts), after the caller spent the change limit: the
 * bookings, or the refusal thrown. A national phone is read in the country
 * of the offer's venue, as create reads it in the slot's. `venue` learns
 * the offer's venue once known (refused or not).
 */
export async function claimWithPhone(
  deps: AppDeps,
  raw: unknown,
  venue: (orq: number) => void = () => {},
): Promise<BookedClaim> {
  const b = raw as Record<string, unknown> | null;
  let input = raw;
  if (
    b && typeof b === "object" && typeof b.token === "string" &&
    b.token.length <= 200 && typeof b.customer_phone === "string" &&
    b.customer_phone.length <= 40 && isNationalInput(b.customer_phone)
  ) {
    const orq = await orqOfClaimToken(deps.db, b.token.trim());
    if (orq !== null) input = await withNationalPhone(deps, raw, orq);
  }
  const body = parseWith(waitlistClaimBody, input);
  const instant = deps.clock();
  const outcome = await claimOffer(
    deps.db,
    body.token,
    body.customer_phone,
    instant,
    body.locale,
  );
  venue(outcome.orq);
  // Counts changed either way but for a repeated claim.
  if (outcome.kind === "refused" || !outcome.again) {
    reservationChanged(deps, outcome.orq, [outcome.slot_id]);
  }
  if (outcome.kind === "refused") {
    logEvent("waitlist.claim_refused", {
      orq: outcome.orq,
      slot_id: outcome.slot_id,
      code: outcome.error.code,
      timestamp: instant.toISOString(),
    });
    throw outcome.error;
  }
  if (!outcome.again) {
    logEvent("waitlist.claimed", {
      orq: outcome.orq,
      slot_id: outcome.slot_id,
      reservation_ids: outcome.reservations.map((r) => r.id),
      timestamp: instant.toISOString(),
    });
  }
  return { ...outcome, instant };
}

/**
 * Joins the waitlist of `raw` (the body of `POST /api/waitlist`, also what
 * the waitlist form posts) for `client`, after the caller spent the change
 * limit: one validation token per code, as API.md says; the entry.
 */
export async function joinWithCodes(
  deps: AppDeps,
  client: string,
  raw: unknown,
): Promise<JoinedEntry> {
  const body = parseWith(waitlistJoinBody, raw);
  const key = `validate:${client}`;
  for (const _ of body.ticket_codes) await deps.limits.validate.consume(key);
  const typed = body.ticket_codes.map((t) => normalizeTicketCode(t) ?? t);
  if (new Set(typed).size !== typed.length) {
    throw validationFailed({ ticket_codes: "The same code twice" });
  }
  const codes: string[] = [];
  body.ticket_codes.forEach((t) => {
    const code = normalizeTicketCode(t);
    if (!code) {
      throw new AppError("TICKET_NOT_FOUND", { details: { ticket_code: t } });
    }
    codes.push(code);
  });
  const instant = deps.clock();
  const entry = await joinWaitlist(deps.db, {
    codes,
    slotId: body.slot_id,
    email: body.customer_email,
    locale: body.locale ?? null,
  }, instant);
  logEvent("waitlist.joined", {
    orq: entry.orq,
    entry_id: entry.id,
    slot_id: entry.slot.id,
    places: codes.length,
    position: entry.position,
    timestamp: instant.toISOString(),
  });
  return entry;
}
