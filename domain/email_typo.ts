/**
 * "Did you mean …@gmail.com?": a likely typo in an email's domain. Only a
 * suggestion shown under the field, never a refusal: the domain may be real.
 */

/** Common mail domains, most used first (a tie goes to the earlier one). */
export const COMMON_EMAIL_DOMAINS = [
  "gmail.com",
  "yahoo.com",
  "hotmail.com",
  "outlook.com",
  "icloud.com",
  "live.com",
  "aol.com",
  "msn.com",
  "me.com",
  "mac.com",
  "googlemail.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "t-online.de",
  "yahoo.co.uk",
  "yahoo.de",
  "yahoo.it",
  "yahoo.ca",
  "hotmail.de",
  "hotmail.it",
  "outlook.de",
  "outlook.fr",
  "outlook.es",
  "live.fr",
  "live.co.uk",
  "hotmail.co.uk",
  "btinternet.com",
  "orange.fr",
  "free.fr",
  "laposte.net",
  "hotmail.fr",
  "yahoo.fr",
  "yahoo.es",
  "hotmail.es",
  "libero.it",
  "ziggo.nl",
  "kpnmail.nl",
  "hotmail.nl",
  "live.nl",
  "telenet.be",
  "skynet.be",
  "bluewin.ch",
  "yandex.com",
  "mail.ru",
  "qq.com",
  "comcast.net",
  "verizon.net",
  "att.net",
];

const KNOWN = new Set(COMMON_EMAIL_DOMAINS);

/**
 * Edit distance counting an insertion, deletion, substitution or swap of
 * two neighbours as one edit (optimal string alignment): "gmial" is one
 * edit from "gmail".
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from(
    { length: a.length + 1 },
    (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i || j),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The address with its domain corrected when the domain is not a common one
 * but one or two edits away from one (two only for domains of 10+
 * characters, so that short real domains are not "corrected"); null
 * otherwise.
 */
export function suggestEmail(email: string): string | null {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf("@");
  if (at < 1 || at === trimmed.length - 1) return null;
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1).toLowerCase();
  if (KNOWN.has(domain)) return null;
  const max = domain.length >= 10 ? 2 : 1;
  let best: string | null = null;
  let bestDistance = max + 1;
  for (const known of COMMON_EMAIL_DOMAINS) {
    if (Math.abs(known.length - domain.length) > max) continue;
    const d = editDistance(domain, known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best ? `${local}@${best}` : null;
}
