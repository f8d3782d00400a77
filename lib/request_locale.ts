/**
 * The language a page is shown in: the switcher's `?lang=` (remembered in a
 * cookie), else the cookie, else the browser's `Accept-Language`, else the
 * venue's own `locale`, else English.
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import Negotiator from "negotiator";
import { isLocale, type Locale, LOCALES } from "../domain/locale.ts";

/** The cookie that remembers a language picked with the switcher. */
export const LANG_COOKIE = "lang";

/** The best supported match of an `Accept-Language` header, or null. */
export function acceptedLocale(header: string | undefined): Locale | null {
  if (!header) return null;
  const found = new Negotiator({ headers: { "accept-language": header } })
    .languages([...LOCALES]);
  return isLocale(found[0]) ? found[0] : null;
}

/** The request's language (see the module comment); sets the cookie on `?lang=`. */
export function requestLocale(c: Context, venueLocale?: string | null): Locale {
  const asked = c.req.query("lang");
  if (isLocale(asked)) {
    setCookie(c, LANG_COOKIE, asked, {
      path: "/",
      maxAge: 365 * 24 * 3600,
      sameSite: "Lax",
      httpOnly: true,
    });
    return asked;
  }
  const remembered = getCookie(c, LANG_COOKIE);
  if (isLocale(remembered)) return remembered;
  const accepted = acceptedLocale(c.req.header("accept-language"));
  if (accepted) return accepted;
  return isLocale(venueLocale) ? venueLocale : "en";
}
