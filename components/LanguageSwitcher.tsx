/**
 * The language switcher: plain links (they work without JavaScript) to the
 * same page with `?lang=`, which the server remembers in a cookie.
 */
import { type Locale, LOCALE_NAMES, LOCALES } from "../domain/locale.ts";
import type { Translator } from "../domain/translator.ts";

/** The page's address with `lang` set to `locale` (other parameters kept). */
export function languageHref(url: string, locale: Locale): string {
  const u = new URL(url);
  u.searchParams.set("lang", locale);
  return u.pathname + u.search;
}

/**
 * `path` (a page of the site, no query) in `locale`: a link that keeps the
 * language even where the page took it from a venue or a booking.
 */
export function inLanguage(path: string, locale: Locale): string {
  return `${path}?lang=${locale}`;
}

/** Links to the page in every language; the current one marked. */
export function LanguageSwitcher(props: { t: Translator; url: string }) {
  const { t } = props;
  return (
    <nav class="languages" aria-label={t("common.language")}>
      <ul>
        {LOCALES.map((locale) => (
          <li key={locale}>
            {locale === t.locale
              ? (
                <span aria-current="true" lang={locale}>
                  {LOCALE_NAMES[locale]}
                </span>
              )
              : (
                <a
                  href={languageHref(props.url, locale)}
                  hreflang={locale}
                  lang={locale}
                >
                  {LOCALE_NAMES[locale]}
                </a>
              )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The top line of a customer page: the brand and the language switcher. */
export function PageTop(props: { t: Translator; url: string }) {
  return (
    <div class="page-top">
      <p class="brand">
        <a href="/">{props.t("common.brand")}</a>
      </p>
      <LanguageSwitcher t={props.t} url={props.url} />
    </div>
  );
}
