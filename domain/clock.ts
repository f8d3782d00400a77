/** The current instant; passed in wherever "now" matters so tests can pin it. */
export type Clock = () => Date;

/** The real clock. */
export const systemClock: Clock = () => new Date();

/** A local wall-clock reading in a time zone. */
export interface ZonedNow {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  /** `HH:MM` in the zone. */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The date and time at `instant` on the wall clocks of `timeZone`. */
export function zonedNow(instant: Date, timeZone: string): ZonedNow {
  // Every zone's offset is a whole number of minutes, so the reading only
  // changes when the UTC minute does: remember readings per zone and minute.
  // Several minutes, not only the last: a rescan reads the earlier minute of
  // its verification, which must not evict the current one.
  const minute = Math.floor(instant.getTime() / 60_000);
  let readings = readingsByZone.get(timeZone);
  if (!readings) {
    readings = new Map();
    readingsByZone.set(timeZone, readings);
  }
  const known = readings.get(minute);
  if (known) return { ...known };
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    parts[p.type] = p.value;
  }
  const reading = {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
  if (readings.size >= READINGS_PER_ZONE) readings.clear();
  readings.set(minute, reading);
  return { ...reading };
}

/** Minutes remembered per zone before the memory starts over. */
const READINGS_PER_ZONE = 1_024;
const readingsByZone = new Map<string, Map<number, ZonedNow>>();

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+\-]+)*$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** `date` plus `days` calendar days, both `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Calendar days from `a` to `b` (`YYYY-MM-DD`), negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round(
    (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000,
  );
}

/** ISO weekday of a `YYYY-MM-DD` date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Whether `text` is a real calendar date `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Minutes the wall clock of `timeZone` is ahead of UTC at `instant`. */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const { date, time } = zonedNow(instant, timeZone);
  const wall = Date.parse(`${date}T${time}:00Z`);
  const minute = Math.floor(instant.getTime() / 60_000) * 60_000;
  return Math.round((wall - minute) / 60_000);
}

/**
 * The instant the wall clocks of `timeZone` read `time` (`HH:MM`, `24:00` =
 * the next midnight) on `date`. A time skipped by a clock change counts as
 * the same time after it (02:30 → 03:30 CEST); a time read twice, as its
 * first reading (as Temporal's "compatible" choice).
 */
export function zonedInstant(
  date: string,
  time: string,
  timeZone: string,
): Date {
  const [h, m] = time.split(":").map(Number);
  const wall = Date.parse(`${date}T00:00:00Z`) + (h * 60 + m) * 60_000;
  // The offsets a day before and after: at most one change lies between.
  const before = zoneOffsetMinutes(new Date(wall - 86_400_000), timeZone);
  const after = zoneOffsetMinutes(new Date(wall + 86_400_000), timeZone);
  const readings = [...new Set([before, after])]
    .map((offset) => wall - offset * 60_000)
    .filter((t) =>
      wall - zoneOffsetMinutes(new Date(t), timeZone) * 60_000 === t
    )
    .sort((a, b) => a - b);
  return new Date(readings[0] ?? wall - before * 60_000);
}
