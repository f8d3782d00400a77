/**
 * Dates and times as the portal shows them. Built by hand rather than with
 * `Intl`, so the server and every browser render the very same text and
 * hydration never has to patch it.
 */

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
];

/** Short weekday names, Monday first, for the calendar's column heads. */
export const WEEKDAY_SHORT = WEEKDAYS.map((d) => d.slice(0, 3));
/** Weekday names, Monday first. */
export const WEEKDAY_LONG = WEEKDAYS;

function parts(date: string): { y: number; m: number; d: number } {
  const [y, m, d] = date.split("-").map(Number);
  return { y, m, d };
}

/** 0 = Monday … 6 = Sunday, for a `YYYY-MM-DD` date. */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** `Friday 27 November 2026`. */
export function longDate(date: string): string {
  const { y, m, d } = parts(date);
  return `${WEEKDAYS[weekdayIndex(date)]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** `Fri 27 Nov`. */
export function shortDate(date: string): string {
  const { m, d } = parts(date);
  return `${WEEKDAY_SHORT[weekdayIndex(date)]} ${d} ${
    MONTHS[m - 1].slice(0, 3)
  }`;
}

/** `12:00–13:00`. */
export function timeRange(start: string, end: string): string {
  return `${start}–${end}`;
}

/** `November 2026` for a month `YYYY-MM`. */
export function monthLabel(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return `${MONTHS[m - 1]} ${y}`;
}

/** The month `YYYY-MM` of a date, or that month moved by `delta` months. */
export function monthOf(date: string, delta = 0): string {
  const { y, m } = parts(date.length === 7 ? `${date}-01` : date);
  const i = y * 12 + (m - 1) + delta;
  return `${Math.floor(i / 12)}-${String(i % 12 + 1).padStart(2, "0")}`;
}

/** Number of days in a month `YYYY-MM`. */
export function daysInMonth(month: string): number {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** `N place(s)`. */
export function places(n: number): string {
  return n === 1 ? "1 place" : `${n} places`;
}
