/** Date arithmetic and wording of the back office (plain `YYYY-MM-DD` strings, no zones). */
import { addDays, isoWeekday } from "../../domain/clock.ts";
import {
  daysInMonth,
  longDate,
  monthLabel,
  shortDate,
} from "../portal/format.ts";

export { addDays, daysInMonth, longDate, shortDate };

/** The Monday of `date`'s week. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The first and last day of `date`'s month. */
export function monthRange(date: string): { from: string; to: string } {
  const month = date.slice(0, 7);
  return {
    from: `${month}-01`,
    to: `${month}-${String(daysInMonth(month)).padStart(2, "0")}`,
  };
}

/** Every date from `from` to `to`, both included. */
export function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** An instant (ISO 8601) as `YYYY-MM-DD HH:MM` in `timeZone`. */
export function instant(iso: string | null | undefined, timeZone: string) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(d);
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${
    get("minute")
  }`;
}

/** The month's name and year of `date`, e.g. "November 2026". */
export function monthTitle(date: string): string {
  return monthLabel(date.slice(0, 7));
}
