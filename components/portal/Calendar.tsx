/**
 * The month grid of the date step. It lives inside the `ReservePortal` island
 * (same bundle, same signals) rather than hydrating on its own: it appears
 * only after the ticket and contact steps, so the server never renders it.
 */
import { useSignal } from "@preact/signals";
import { useLayoutEffect, useRef } from "preact/hooks";
import { addDays } from "../../domain/clock.ts";
import type { DateSlots, Level } from "./api.ts";
import { LEVEL_KEY, LevelIcon } from "./LevelIcon.tsx";
import { daysInMonth, monthOf, weekdayIndex } from "./format.ts";
import { useT } from "../i18n.tsx";

/** What the grid needs. */
export interface CalendarProps {
  /** Dates that have slots, by `YYYY-MM-DD`. */
  dates: Map<string, DateSlots>;
  /** Today and the last day shown, in the venue's zone. */
  today: string;
  last: string;
  /** The last date customers may book (API.md `horizon_date`); later days are explained. */
  horizon?: string | null;
  /** The month shown, `YYYY-MM`. */
  month: string;
  selected: string | null;
  onMonth: (month: string) => void;
  onSelect: (date: string) => void;
  /**
   * The id of a form that the days (`date`) and month buttons (`month`)
   * submit when JavaScript is off; with it on, clicks stay in the page.
   */
  form?: string;
}

type DayKind = Level | "PAST" | "NONE" | "BEYOND";

const KEY_STEPS: Record<string, number> = {
  ArrowLeft: -1,
  ArrowRight: 1,
  ArrowUp: -7,
  ArrowDown: 7,
};

/**
 * A month grid: arrow keys move between days, Page Up/Down between months.
 * As the server renders it (no JavaScript yet, maybe never) it is a plain
 * table whose days are all reached with Tab; the grid role and its single
 * tab stop (roving tabindex) come once the script runs the effect.
 */
export function Calendar(props: CalendarProps) {
  const t = useT();
  const { dates, today, month } = props;
  const first = monthOf(today);
  const lastMonth = monthOf(props.last);
  const focus = useSignal<string | null>(null);
  const live = useSignal(false);
  useLayoutEffect(() => {
    live.value = true;
  }, []);
  const moveFocus = useRef(false);
  const grid = useRef<HTMLTableElement>(null);

  const kindOf = (date: string): DayKind =>
    date < today
      ? "PAST"
      : props.horizon && date > props.horizon
      ? "BEYOND"
      : dates.get(date)?.level ?? "NONE";
  const inMonth = (date: string | null) => !!date && date.startsWith(month);
  const days = Array.from(
    { length: daysInMonth(month) },
    (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`,
  );
  const focusable = inMonth(focus.value)
    ? focus.value!
    : inMonth(props.selected)
    ? props.selected!
    : days.find((d) => dates.has(d) && d >= today) ??
      (inMonth(today) ? today : days[0]);

  useLayoutEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    grid.current?.querySelector<HTMLElement>(`[data-date="${focusable}"]`)
      ?.focus();
  });

  const goMonth = (delta: number) => {
    const next = monthOf(month, delta);
    if (next < first || next > lastMonth) return;
    focus.value = null;
    props.onMonth(next);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    let next: string;
    const d = focusable;
    if (e.key in KEY_STEPS) next = addDays(d, KEY_STEPS[e.key]);
    else if (e.key === "Home") next = addDays(d, -weekdayIndex(d));
    else if (e.key === "End") next = addDays(d, 6 - weekdayIndex(d));
    else if (e.key === "PageUp" || e.key === "PageDown") {
      const m = monthOf(d, e.key === "PageUp" ? -1 : 1);
      const day = Math.min(Number(d.slice(8)), daysInMonth(m));
      next = `${m}-${String(day).padStart(2, "0")}`;
    } else return;
    e.preventDefault();
    const lo = `${first}-01`;
    const hi = `${lastMonth}-${daysInMonth(lastMonth)}`;
    next = next < lo ? lo : next > hi ? hi : next;
    focus.value = next;
    moveFocus.current = true;
    if (!next.startsWith(month)) props.onMonth(monthOf(next));
  };

  const lead = weekdayIndex(days[0]);
  const cells: (string | null)[] = [...Array(lead).fill(null), ...days];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from(
    { length: cells.length / 7 },
    (_, i) => cells.slice(i * 7, i * 7 + 7),
  );
  const atFirst = month <= first;
  const atLast = month >= lastMonth;

  return (
    <div class="calendar">
      <div class="calendar-head">
        <button
          {...submits(props.form, "month", atFirst ? "" : monthOf(month, -1))}
          class="month-nav"
          aria-label={t("portal.calendar.previous")}
          aria-disabled={atFirst ? "true" : undefined}
          onClick={(e) => {
            e.preventDefault();
            goMonth(-1);
          }}
        >
          <span aria-hidden="true">‹</span>
        </button>
        <h3 id="calendar-month" aria-live="polite">{t.monthLabel(month)}</h3>
        <button
          {...submits(props.form, "month", atLast ? "" : monthOf(month, 1))}
          class="month-nav"
          aria-label={t("portal.calendar.next")}
          aria-disabled={atLast ? "true" : undefined}
          onClick={(e) => {
            e.preventDefault();
            goMonth(1);
          }}
        >
          <span aria-hidden="true">›</span>
        </button>
      </div>
      <table
        role={live.value ? "grid" : undefined}
        aria-labelledby="calendar-month"
        ref={grid}
        onKeyDown={onKeyDown}
      >
        <thead>
          <tr>
            {t.weekdaysShort().map((d, i) => (
              <th key={i} scope="col" abbr={t(`dates.weekday.${i + 1}`)}>
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.find(Boolean)}>
              {week.map((date, i) =>
                date
                  ? (
                    <td key={date}>
                      <Day
                        date={date}
                        kind={kindOf(date)}
                        beyond={props.horizon ?? ""}
                        today={date === today}
                        selected={date === props.selected}
                        tabbable={!live.value || date === focusable}
                        onFocus={() => (focus.value = date)}
                        onSelect={props.onSelect}
                        form={props.form}
                      />
                    </td>
                  )
                  : <td key={`blank-${i}`} />
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A button's type and form fields: a submit button of `form` carrying
 * `name=value` (for pages used without JavaScript), else a plain button.
 */
export function submits(
  form: string | undefined,
  name: string,
  value: string,
): { type: "submit" | "button"; form?: string; name?: string; value?: string } {
  return form && value
    ? { type: "submit", form, name, value }
    : { type: "button" };
}

const KIND_KEY: Record<DayKind, string> = {
  AVAILABLE: LEVEL_KEY.AVAILABLE,
  LIMITED: LEVEL_KEY.LIMITED,
  FULL: "portal.calendar.full",
  NONE: LEVEL_KEY.NONE,
  PAST: "portal.calendar.past",
  BEYOND: "portal.calendar.notYet",
};

function Day(props: {
  date: string;
  kind: DayKind;
  /** The horizon date (`YYYY-MM-DD`), for a day beyond it; else "". */
  beyond: string;
  today: boolean;
  selected: boolean;
  tabbable: boolean;
  onFocus: () => void;
  onSelect: (date: string) => void;
  form?: string;
}) {
  const t = useT();
  const { date, kind } = props;
  const horizon = props.beyond ? t.shortDate(props.beyond) : "";
  const selectable = kind !== "PAST" && kind !== "NONE" && kind !== "BEYOND";
  return (
    <button
      {...submits(props.form, "date", selectable ? date : "")}
      class={`day day-${kind.toLowerCase()}${props.today ? " today" : ""}`}
      data-date={date}
      tabIndex={props.tabbable ? 0 : -1}
      aria-pressed={selectable
        ? (props.selected ? "true" : "false")
        : undefined}
      aria-disabled={selectable ? undefined : "true"}
      aria-current={props.today ? "date" : undefined}
      title={kind === "BEYOND"
        ? t("portal.calendar.beyond", { date: horizon })
        : undefined}
      onFocus={props.onFocus}
      onClick={(e) => {
        e.preventDefault();
        if (selectable) props.onSelect(date);
      }}
    >
      <span class="day-num" aria-hidden="true">{Number(date.slice(8))}</span>
      {selectable && <LevelIcon level={kind as Level} />}
      <span class="sr-only">
        {t(props.today ? "portal.calendar.today" : "portal.calendar.day", {
          date: t.longDate(date),
          state: kind === "BEYOND" && horizon
            ? t("portal.calendar.notYetUntil", { date: horizon })
            : t(KIND_KEY[kind]),
        })}
      </span>
    </button>
  );
}
