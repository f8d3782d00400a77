/**
 * What the calendar steps (the portal's date step and "Change time" of a
 * booking) show while the dates are not there: loading, or the failure with
 * "Try again"; and the loaded dates by day, as the calendar wants them.
 */
import { useMemo } from "preact/hooks";
import type { Availability, DateSlots } from "./api.ts";

/** Loading, or the failure to load the dates with a way to retry. */
export function AvailabilityStatus(
  props: { failed: boolean; onRetry: () => void },
) {
  return props.failed
    ? (
      <div class="alert" role="alert">
        <h3>We couldn't load the available dates</h3>
        <p>Please check your connection and try again.</p>
        <button type="button" class="button" onClick={props.onRetry}>
          Try again
        </button>
      </div>
    )
    : <p class="loading" role="status">Loading available dates…</p>;
}

/** The loaded dates by day (empty while nothing is loaded). */
export function useDatesByDay(
  data: Availability | null,
): Map<string, DateSlots> {
  return useMemo(
    () => new Map((data?.dates ?? []).map((d) => [d.date, d])),
    [data],
  );
}
