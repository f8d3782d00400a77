/** A customer page's language: its translator and what its islands receive. */
import type { Context } from "hono";
import type { Catalogue, Translator } from "../domain/translator.ts";
import { catalogueFor, translatorFor } from "./catalogue.ts";
import { requestLocale } from "./request_locale.ts";

/** What a page renders with. */
export interface PageLanguage {
  /** For the server-rendered parts (title, headings outside islands). */
  t: Translator;
  /** For the `i18n` prop of the page's islands: only `namespaces` (plus the base ones). */
  catalogue: Catalogue;
}

/** The request's language (lib/request_locale.ts) with the page's `namespaces`. */
export function pageLanguage(
  c: Context,
  namespaces: readonly string[],
  venueLocale?: string | null,
): PageLanguage {
  const locale = requestLocale(c, venueLocale);
  return {
    t: translatorFor(locale),
    catalogue: catalogueFor(locale, namespaces),
  };
}
