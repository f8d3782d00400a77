import { addDays, daysBetween, isoWeekday } from "./clock.ts";

/** A slot to create: date and local start/end times. */
export interface SlotSpec {
  date: string;
  start_time: string;
  end_time: string;
}

/**
 * Every (date, times) of a weekly series from `from` to `to` inclusive on the
 * ISO `weekdays` (1 = Monday), each (date, start) once.
 */
export function expandSeries(
  series: {
    from: string;
    to: string;
    weekdays: number[];
    times: [string, string][];
  },
): SlotSpec[] {
  const days = new Set(series.weekdays);
  const out: SlotSpec[] = [];
  const seen = new Set<string>();
  const span = daysBetween(series.from, series.to);
  for (let i = 0; i <= span; i++) {
    const date = addDays(series.from, i);
    if (!days.has(isoWeekday(date))) continue;
    for (const [start_time, end_time] of series.times) {
      const key = `${date} ${start_time}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ date, start_time, end_time });
    }
  }
  return out;
}

/** `HH:MM` from 00:00 to 23:59, or 24:00 when `allowMidnightEnd`. */
export function isClockTime(text: string, allowMidnightEnd = false): boolean {
  if (allowMidnightEnd && text === "24:00") return true;
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(text);
}
