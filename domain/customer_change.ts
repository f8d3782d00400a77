/**
 * The customer's limits on changing a booking (API.md "Organization
 * settings": `change_cutoff_hours`, `booking_horizon_days`).
 */
import { AppError } from "./errors.ts";
import { addDays } from "./clock.ts";

const HOUR_MS = 3_600_000;

/**
 * The last instant (exclusive) a customer may reschedule or cancel a booking
 * whose slot starts at `starts`: `hours` of elapsed time before it; null
 * when the setting is null (customers may never change).
 */
export function changeCutoff(starts: Date, hours: number | null): Date | null {
  if (hours === null) return null;
  return new Date(starts.getTime() - hours * HOUR_MS);
}

/** CHANGE_CUTOFF_PASSED unless `now` is before the cut-off; else null. */
export function cutoffRefusal(
  now: Date,
  starts: Date,
  hours: number | null,
): AppError | null {
  const cutoff = changeCutoff(starts, hours);
  if (cutoff !== null && now.getTime() < cutoff.getTime()) return null;
  return new AppError("CHANGE_CUTOFF_PASSED", {
    details: { cutoff: cutoff === null ? null : cutoff.toISOString() },
  });
}

/** The last date customers may book: today + `days` − 1 (`YYYY-MM-DD`). */
export function horizonDate(today: string, days: number): string {
  return addDays(today, days - 1);
}

/** Whether a slot on `date` lies beyond the horizon of `days` from `today`. */
export function beyondHorizon(
  date: string,
  today: string,
  days: number,
): boolean {
  return date > horizonDate(today, days);
}
