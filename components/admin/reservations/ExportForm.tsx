/** The CSV export of a date range: a plain link to the export route (the cookie authorises the GET). */
import { useSignal } from "@preact/signals";
import { query } from "../api.ts";
import { addDays } from "../dates.ts";

/** From and to, and the download link they make. */
export function ExportForm(props: { orq: number; today: string }) {
  const from = useSignal(props.today);
  const to = useSignal(addDays(props.today, 30));
  const href = `/api/reservations/export.csv?${
    query({ orq: props.orq, from: from.value, to: to.value })
  }`;
  const bad = !from.value || !to.value || to.value < from.value;
  return (
    <section class="panel" aria-labelledby="export-title">
      <h2 id="export-title">Export (CSV)</h2>
      <p class="hint">
        Every reservation with a slot in the range (up to 366 days), any status,
        times in the venue's zone.
      </p>
      <div class="adm-grid adm-inline">
        <div class="field adm-field">
          <label for="x-from">From</label>
          <input
            id="x-from"
            type="date"
            value={from.value}
            onInput={(e) => (from.value = e.currentTarget.value)}
          />
        </div>
        <div class="field adm-field">
          <label for="x-to">To</label>
          <input
            id="x-to"
            type="date"
            value={to.value}
            aria-invalid={bad ? "true" : undefined}
            aria-describedby={bad ? "x-to-error" : undefined}
            onInput={(e) => (to.value = e.currentTarget.value)}
          />
          {bad && (
            <p class="field-error" id="x-to-error">
              The last day must be on or after the first.
            </p>
          )}
        </div>
        {bad
          ? (
            <span class="button" aria-disabled="true">
              Download CSV
            </span>
          )
          : (
            <a
              class="button"
              href={href}
              download={`reservations-${from.value}-${to.value}.csv`}
              data-export
            >
              Download CSV
            </a>
          )}
      </div>
    </section>
  );
}
