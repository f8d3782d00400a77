import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { readJson } from "../../lib/http.ts";
import { auditActor, requireRole } from "../../lib/auth.ts";
import { AppError } from "../../domain/errors.ts";
import { logEvent } from "../../lib/log.ts";
import {
  type Moved,
  moveReservation,
  type StaffChange,
} from "../../db/reservation_changes.ts";
import {
  type Cancelled,
  cancelReservation,
  resendConfirmation,
} from "../../db/reservation_cancel.ts";
import { reservationAnswer } from "./reservations.ts";

/** Body of `POST /api/reservations/:id/move`. */
export const moveBody = z.strictObject({
  slot_id: z.int().positive().max(2_147_483_647),
});

/** Body of `POST /api/reservations/:id/cancel` and `/resend`: nothing. */
export const emptyBody = z.strictObject({});

/** `:id` of the staff's reservation routes. */
export const reservationIdParam = z.object({
  id: z.string().regex(/^[1-9]\d{0,9}$/).describe("The reservation's id"),
});

/** The 200 answer of a cancellation: the cancelled row and its ticket. */
export function cancelledBody(r: Cancelled) {
  return {
    reservation: {
      id: r.id,
      ticket_code: r.ticket_code,
      status: r.status,
      customer_email: r.customer_email,
      customer_phone: r.customer_phone,
      reserved_at: new Date(r.reserved_at).toISOString(),
      cancelled_at: new Date(r.cancelled_at).toISOString(),
      cancelled_by: r.cancelled_by,
      slot: r.slot,
    },
    ticket: { code: r.ticket_code, status: "ACTIVATED", orq: r.orq },
  };
}

/**
 * `/api/reservations/:id/{move,cancel,resend}` (MANAGER+): staff changes
 * to one reservation of their organization (another organization's answers
 * 404 RESERVATION_NOT_FOUND, as an unknown id). Each spends a token of the
 * staff member's reservation-change limit (RATE_LIMIT_RESERVE_PER_MIN).
 */
export function reservationStaffRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const manager = requireRole(deps.auth, "MANAGER");

  /** The request's reservation id, the caller and its clock; the limit spent. */
  async function begin(c: Context<ApiEnv>) {
    const p = c.get("principal");
    await deps.limits.reserve.consume(`staff-change:${p.id ?? p.orq}`);
    const id = idOf(c.req.param("id"));
    const instant = deps.clock();
    const who: StaffChange = {
      orq: p.platformAdmin ? null : p.orq,
      actor: auditActor(p),
      instant,
      zonedNow: (orq) => deps.zonedNow(orq, instant),
    };
    return { p, id, who };
  }

  const changed = (orq: number, slots: number[]) =>
    reservationChanged(deps, orq, slots);

  app.post("/:id/move", manager, async (c) => {
    const { p, id, who } = await begin(c);
    const body = await readJson(c, moveBody);
    const moved = await moveReservation(deps.db, id, body.slot_id, who);
    c.set("orq", moved.reservation.orq);
    announceMove(deps, moved, { staff_id: p.id }, who.instant);
    return c.json(await reservationAnswer(deps, moved.reservation));
  });

  app.post("/:id/cancel", manager, async (c) => {
    const { p, id, who } = await begin(c);
    await readJson(c, emptyBody);
    const r = await cancelReservation(deps.db, id, who);
    c.set("orq", r.orq);
    changed(r.orq, [r.slot.id]);
    logEvent("reservation.cancelled", {
      orq: r.orq,
      reservation_id: r.id,
      ticket_id: r.ticket_id,
      slot_id: r.slot.id,
      cancelled_by: "staff",
      staff_id: p.id,
      timestamp: who.instant.toISOString(),
    });
    return c.json(cancelledBody(r));
  });

  app.post("/:id/resend", manager, async (c) => {
    const { p, id, who } = await begin(c);
    await readJson(c, emptyBody);
    const r = await resendConfirmation(deps.db, id, who);
    c.set("orq", r.orq);
    deps.onReservation?.();
    logEvent("reservation.resent", {
      reservation_id: id,
      staff_id: p.id,
      timestamp: who.instant.toISOString(),
    });
    return c.json({ reservation_id: id, queued: "confirmation" }, 202);
  });

  return app;
}

/**
 * After a change to a reservation committed: availability answers, live
 * dashboards (one event per slot touched), the mail worker.
 */
export function reservationChanged(
  deps: AppDeps,
  orq: number,
  slots: number[],
): void {
  deps.caches.availability.forget(orq);
  for (const slot of slots) deps.live.changed(orq, slot, "reservation");
  deps.onReservation?.();
}

/**
 * After a committed move or reschedule: the live events and caches of both
 * slots and the `reservation.moved` line, `by` naming who moved it. Nothing
 * when the reservation stayed in its slot.
 */
export function announceMove(
  deps: AppDeps,
  moved: Moved,
  by: Record<string, unknown>,
  instant: Date,
): void {
  const r = moved.reservation;
  if (moved.from === null) return;
  reservationChanged(deps, r.orq, [moved.from, r.slot.id]);
  logEvent("reservation.moved", {
    orq: r.orq,
    reservation_id: r.id,
    ticket_id: r.ticket_id,
    from_slot_id: moved.from,
    to_slot_id: r.slot.id,
    version: r.version,
    ...by,
    timestamp: instant.toISOString(),
  });
}

/** A reservation id from the path; anything else is an unknown reservation. */
function idOf(text: string | undefined): number {
  const n = text && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : 0;
  if (n < 1 || n > 2_147_483_647) throw new AppError("RESERVATION_NOT_FOUND");
  return n;
}
