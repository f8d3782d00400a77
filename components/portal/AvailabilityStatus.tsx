/**
 * What the calendar steps (the portal's date step and "Change time" of a
 * booking) show while the dates are not there: loading, or the failure with
 * "Try again"; and the loaded dates by day, as the calendar wants them.
 */
import { useMemo } from "preact/hooks";
import type { Availability, DateSlots } from "./api.ts";
import { useT } from "../i18n.tsx";

/** Loading, or the failure to load the dates with a way to retry. */
export function AvailabilityStatus(
  props: { failed: boolean; onRetry: () => void },
) {
  const t = useT();
  return props.failed
    ? (
      <div class="alert" role="alert">
        <h3>{t("portal.availability.failedTitle")}</h3>
        <p>{t("portal.availability.failedText")}</p>
        <button type="button" class="button" onClick={props.onRetry}>
          {t("portal.availability.retry")}
        </button>
      </div>
    )
    : (
      <p class="loading" role="status">
        {t("portal.availability.loading")}
      </p>
    );
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
