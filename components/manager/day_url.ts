/**
 * The dashboard's chosen day in its address (`/manager?date=YYYY-MM-DD`), so
 * that reload, bookmarks and the browser's back and forward keep it; today
 * has no date in the address (it follows the venue's midnight).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The `date` of a dashboard address, or null when it has none (or no valid one). */
export function dateOfUrl(href: string): string | null {
  const d = new URL(href, "http://x").searchParams.get("date");
  return d && DATE.test(d) && !Number.isNaN(Date.parse(d)) ? d : null;
}

/** The dashboard's address of `date` (without one for `today`), keeping the rest of `href`. */
export function urlOfDate(href: string, date: string, today: string): string {
  const u = new URL(href, "http://x");
  if (date === today) u.searchParams.delete("date");
  else u.searchParams.set("date", date);
  return u.pathname + u.search + u.hash;
}
