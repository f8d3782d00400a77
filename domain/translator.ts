/**
 * Customer-facing text from the message catalogue (locales/<locale>/*.json,
 * ICU MessageFormat through intl-messageformat). The same translator runs on
 * the server (pages, mails, calendar files) and in the browser (islands), so
 * a hydrated page says exactly what the server rendered.
 *
 * Dates are assembled from the catalogue's month and weekday names rather
 * than `Intl.DateTimeFormat`, whose output differs between ICU versions (and
 * so between the server and some browsers).
 */
import { IntlMessageFormat } from "intl-messageformat";
import type { Locale } from "./locale.ts";

/** Flat catalogue: full key (`namespace.key`) → ICU message. */
export type Messages = Record<string, string>;

/** Values a message may take. */
export type MessageArgs = Record<string, string | number>;

/** What a page hands its islands: the locale and the messages they use. */
export interface Catalogue {
  locale: Locale;
  messages: Messages;
}

/** `t(key, args)` plus the calendar formats every page needs. */
export interface Translator {
  (key: string, args?: MessageArgs): string;
  readonly locale: Locale;
  /** Whether the catalogue has `key`. */
  has(key: string): boolean;
  /** `Friday 27 November 2026` for `2026-11-27`, in the locale's words. */
  longDate(date: string): string;
  /** `Fri 27 Nov`. */
  shortDate(date: string): string;
  /** `November 2026` for `2026-11`. */
  monthLabel(month: string): string;
  /** Short weekday names, Monday first (calendar column heads). */
  weekdaysShort(): string[];
  /** `12:00–13:00`. */
  timeRange(start: string, end: string): string;
  /** `1 place`, `5 places`. */
  places(count: number): string;
}

function parts(date: string): { y: number; m: number; d: number } {
  const [y, m, d] = date.split("-").map(Number);
  return { y, m, d };
}

/** 1 = Monday … 7 = Sunday, for a `YYYY-MM-DD` date. */
function isoWeekday(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7 + 1;
}

/**
 * A translator over `catalogue`. A missing key renders as the key itself
 * (the catalogue test keeps that from shipping); each message is compiled
 * once, on first use.
 */
export function createTranslator(catalogue: Catalogue): Translator {
  const { locale, messages } = catalogue;
  const compiled = new Map<string, IntlMessageFormat>();
  const t = ((key: string, args?: MessageArgs): string => {
    const source = messages[key];
    if (source === undefined) return key;
    let format = compiled.get(key);
    if (!format) {
      format = new IntlMessageFormat(source, locale);
      compiled.set(key, format);
    }
    return String(format.format(args));
  }) as Translator;
  const day = (date: string) => {
    const { y, m, d } = parts(date);
    const w = isoWeekday(date);
    return { y, m, d, w };
  };
  Object.assign(t, {
    locale,
    has: (key: string) => messages[key] !== undefined,
    longDate: (date: string) => {
      const { y, m, d, w } = day(date);
      return t("dates.long", {
        weekday: t(`dates.weekday.${w}`),
        day: d,
        month: t(`dates.month.${m}`),
        year: String(y),
      });
    },
    shortDate: (date: string) => {
      const { m, d, w } = day(date);
      return t("dates.short", {
        weekday: t(`dates.weekdayShort.${w}`),
        day: d,
        month: t(`dates.monthShort.${m}`),
      });
    },
    monthLabel: (month: string) => {
      const [y, m] = month.split("-").map(Number);
      return t("dates.monthLabel", {
        month: t(`dates.month.${m}`),
        year: String(y),
      });
    },
    weekdaysShort: () =>
      [1, 2, 3, 4, 5, 6, 7].map((w) => t(`dates.weekdayShort.${w}`)),
    timeRange: (start: string, end: string) =>
      t("dates.timeRange", { start, end }),
    places: (count: number) => t("common.places", { count }),
  });
  return t;
}
