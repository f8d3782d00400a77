import { addDays } from "../../domain/clock.ts";

/** Previous day, a date field, next day, and back to today. */
export function DayNav(props: {
  date: string;
  today: string;
  busy: boolean;
  go: (date: string) => void;
}) {
  const { date, today, go } = props;
  return (
    <div class="day-nav">
      <button
        type="button"
        class="button"
        onClick={() => go(addDays(date, -1))}
      >
        <span aria-hidden="true">←</span> Previous day
      </button>
      <div class="day-field">
        <label for="dash-date">Date</label>
        <input
          id="dash-date"
          type="date"
          value={date}
          required
          onChange={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            if (/^\d{4}-\d{2}-\d{2}$/.test(v)) go(v);
          }}
        />
      </div>
      <button
        type="button"
        class="button"
        onClick={() => go(addDays(date, 1))}
      >
        Next day <span aria-hidden="true">→</span>
      </button>
      <button
        type="button"
        class="button"
        disabled={date === today}
        onClick={() => go(today)}
      >
        Today
      </button>
      {props.busy && <span class="day-busy">Loading…</span>}
    </div>
  );
}
