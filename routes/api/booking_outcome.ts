/**
 * What a booking's outcome sets off, for one ticket (routes/api/reservations.ts
 * bookReservation) or a group (routes/api/reservation_group.ts bookGroup): the
 * mailer woken, availability and live counts refreshed and the metrics
 * counted on success; the `reservation.failed` event and the metric on a
 * refusal.
 */
import type { AppDeps } from "../deps.ts";
import { AppError } from "../../domain/errors.ts";
import { logEvent } from "../../lib/log.ts";
import { failureResult, orqOfError } from "../../lib/metrics.ts";

/** `count` places taken in slot `slotId` of `orq`. */
export function announceBooked(
  deps: AppDeps,
  orq: number,
  slotId: number,
  count: number,
): void {
  deps.onReservation?.();
  deps.caches.availability.forget(orq);
  deps.live.changed(orq, slotId, "reservation");
  for (let i = 0; i < count; i++) deps.metrics.reservation(orq, "CREATED");
}

/**
 * A booking that failed with `err`: its event once the request was read
 * (`asked`: when, for which slot and ticket; `extra` joins the event before
 * its timestamp), and its metric in any case.
 */
export function recordBookingFailure(
  deps: AppDeps,
  err: unknown,
  asked: { at: Date; slotId: number } | null,
  ticketId: (err: AppError) => unknown,
  extra: Record<string, unknown> = {},
): void {
  if (asked && err instanceof AppError) {
    logEvent("reservation.failed", {
      ticket_id: ticketId(err),
      slot_id: asked.slotId,
      reason: err.code,
      ...extra,
      timestamp: asked.at.toISOString(),
    });
  }
  deps.metrics.reservation(orqOfError(err), failureResult(err));
}
