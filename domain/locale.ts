/** The languages customers can read the portal, mails and calendar files in. */
export const LOCALES = ["en", "de", "fr", "es"] as const;

/** One of {@link LOCALES}. */
export type Locale = typeof LOCALES[number];

/** Each language named in itself, as the language switcher shows it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
};

/** Whether `value` is a supported locale code. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" &&
    (LOCALES as readonly string[]).includes(value);
}

/** `value` when supported, else `fallback`. */
export function localeOr(value: unknown, fallback: Locale): Locale {
  return isLocale(value) ? value : fallback;
}
