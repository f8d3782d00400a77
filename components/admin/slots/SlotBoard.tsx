/** The week and month views of the slots with their counts and fill. */
import type { AdminSlot } from "../types.ts";
import { WEEKDAYS } from "../types.ts";
import { datesFrom, longDate, shortDate } from "../dates.ts";
import { isoWeekday } from "../../../domain/clock.ts";

/** Booked and held places as a fraction of the capacity. */
export function fill(s: AdminSlot): number {
  return s.total_capacity > 0
    ? (s.booked_count + (s.held_count ?? 0)) / s.total_capacity
    : 1;
}

/** A decorative bar (SVG, so the page CSP needs no inline style); the numbers are written beside it. */
export function FillBar(props: { value: number }) {
  const v = Math.max(0, Math.min(1, props.value));
  const width = Math.round(v * 1000) / 10;
  const kind = v >= 1 ? "full" : v >= 0.9 ? "high" : "ok";
  return (
    <svg
      class={`adm-bar adm-bar-${kind}`}
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
    >
      <rect class="adm-bar-track" x="0" y="0" width="100" height="10" />
      {width > 0 && (
        <rect class="adm-bar-fill" x="0" y="0" width={width} height="10" />
      )}
    </svg>
  );
}

/** "12 booked + 2 held of 20 (70%)". */
export function countsText(s: AdminSlot): string {
  const held = s.held_count ? ` + ${s.held_count} held` : "";
  return `${s.booked_count} booked${held} of ${s.total_capacity} (${
    Math.round(fill(s) * 100)
  }%)`;
}

const STATUS_TEXT: Record<string, string> = {
  ACTIVE: "Open",
  FULL: "Full",
  CLOSED: "Closed",
};

function byDate(slots: AdminSlot[]): Map<string, AdminSlot[]> {
  const m = new Map<string, AdminSlot[]>();
  for (const s of slots) m.set(s.date, [...m.get(s.date) ?? [], s]);
  for (const list of m.values()) {
    list.sort((a, b) => a.start_time.localeCompare(b.start_time));
  }
  return m;
}

/** Seven days, each with its slots; a slot is a button when `onSelect` is given (administrators). */
export function WeekView(props: {
  from: string;
  to: string;
  today: string;
  slots: AdminSlot[];
  selected: number | null;
  onSelect?: (s: AdminSlot) => void;
}) {
  const days = byDate(props.slots);
  return (
    <ol class="adm-week">
      {datesFrom(props.from, props.to).map((date) => {
        const list = days.get(date) ?? [];
        return (
          <li key={date} class="adm-day" data-date={date}>
            <h3>
              {shortDate(date)}
              {date === props.today && <span class="adm-today">today</span>}
            </h3>
            {list.length === 0
              ? <p class="hint">No slots</p>
              : (
                <ul class="adm-slots">
                  {list.map((s) => (
                    <li key={s.id}>
                      <SlotCard
                        slot={s}
                        selected={s.id === props.selected}
                        onSelect={props.onSelect}
                      />
                    </li>
                  ))}
                </ul>
              )}
          </li>
        );
      })}
    </ol>
  );
}

function SlotCard(
  props: {
    slot: AdminSlot;
    selected: boolean;
    onSelect?: (s: AdminSlot) => void;
  },
) {
  const s = props.slot;
  const body = (
    <>
      <span class="adm-slot-time">
        {s.start_time}–{s.end_time}
        {s.status !== "ACTIVE" && (
          <span class={`adm-badge adm-badge-${s.status.toLowerCase()}`}>
            {STATUS_TEXT[s.status] ?? s.status}
          </span>
        )}
      </span>
      <FillBar value={fill(s)} />
      <span class="adm-slot-counts">{countsText(s)}</span>
      {(s.waitlist_count ?? 0) > 0 && (
        <span class="adm-slot-counts">{s.waitlist_count} waiting</span>
      )}
    </>
  );
  if (!props.onSelect) {
    return <div class="adm-slot" data-slot={s.id}>{body}</div>;
  }
  return (
    <button
      type="button"
      class="adm-slot"
      data-slot={s.id}
      aria-pressed={props.selected ? "true" : "false"}
      onClick={() => props.onSelect!(s)}
    >
      <span class="sr-only">{`${longDate(s.date)}: `}</span>
      {body}
      <span class="sr-only">(change)</span>
    </button>
  );
}

/** A month grid: per day the number of slots and their fill; a day opens its week. */
export function MonthView(props: {
  from: string;
  to: string;
  today: string;
  slots: AdminSlot[];
  onPickDay: (date: string) => void;
}) {
  const days = byDate(props.slots);
  const dates = datesFrom(props.from, props.to);
  const cells: (string | null)[] = [
    ...Array(isoWeekday(props.from) - 1).fill(null),
    ...dates,
  ];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from(
    { length: cells.length / 7 },
    (_, i) => cells.slice(i * 7, i * 7 + 7),
  );
  return (
    <table class="adm-month">
      <caption class="sr-only">Slots per day; a day opens its week</caption>
      <thead>
        <tr>
          {WEEKDAYS.map((d) => (
            <th key={d} scope="col" abbr={d}>{d.slice(0, 3)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, w) => (
          <tr key={w}>
            {week.map((date, i) => {
              if (!date) return <td key={`b${i}`} />;
              const list = days.get(date) ?? [];
              const cap = list.reduce((n, s) => n + s.total_capacity, 0);
              const used = list.reduce(
                (n, s) => n + s.booked_count + (s.held_count ?? 0),
                0,
              );
              const pct = cap ? Math.round((used / cap) * 100) : 0;
              return (
                <td key={date} data-date={date}>
                  <button
                    type="button"
                    class={`adm-mday${date === props.today ? " today" : ""}`}
                    onClick={() => props.onPickDay(date)}
                  >
                    <span class="adm-mday-num">
                      <span class="sr-only">
                        {longDate(date).replace(/ \d+ .*/, "")}
                      </span>{" "}
                      {Number(date.slice(8))}
                      <span class="sr-only">
                        {longDate(date).replace(/^\S+ \d+/, "")}: {list.length
                          ? `${list.length} slots, ${used} of ${cap} places taken`
                          : "no slots"}
                      </span>
                    </span>
                    {list.length > 0 && (
                      <>
                        <span class="adm-mday-count">{list.length}×</span>
                        <FillBar value={cap ? used / cap : 0} />
                        <span class="adm-mday-pct">{pct}%</span>
                      </>
                    )}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
