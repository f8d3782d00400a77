/**
 * The language of a customer's mail: the reservation's (or waitlist
 * entry's) `locale`, else the venue's, else English.
 */
import { isLocale, type Locale } from "../../domain/locale.ts";
import type { Translator } from "../../domain/translator.ts";
import { translatorFor } from "../catalogue.ts";

/** The first supported one of `locale` and `orgLocale`, else en. */
export function mailLocale(
  locale: string | null | undefined,
  orgLocale: string | null | undefined,
): Locale {
  if (isLocale(locale)) return locale;
  if (isLocale(orgLocale)) return orgLocale;
  return "en";
}

/** The translator of a mail about facts with these locales. */
export function mailTranslator(
  facts: { locale?: string | null; org_locale?: string | null },
): Translator {
  return translatorFor(mailLocale(facts.locale, facts.org_locale));
}
