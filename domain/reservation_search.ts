/**
 * What a back-office `q` may mean (API.md "Back office"): a fragment of a
 * ticket code (normalised as a typed code is), of an email (lower case,
 * accents stripped) or of a phone number (its digits, 4 or more). Each
 * meaning becomes a LIKE pattern over the stored search text of
 * db/migrations/0005_reservation_search.sql: "<CODE> <email> <digits>".
 */

/** LIKE patterns for `q`, at least one (the email meaning always applies). */
export function searchPatterns(q: string): string[] {
  const patterns = new Set<string>();
  const email = foldEmail(q);
  if (email.length > 0) patterns.add(contains(email));
  const code = codeFragment(q);
  if (code) patterns.add(contains(code));
  const digits = phoneDigits(q);
  if (digits) patterns.add(contains(digits));
  return [...patterns];
}

/** Lower case, accents stripped, no spaces: as the stored email part. */
export function foldEmail(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[øœæß]/g, (ch) => FOLDS[ch]).replace(/\s/g, "");
}
const FOLDS: Record<string, string> = { ø: "o", œ: "oe", æ: "ae", ß: "ss" };

/**
 * A typed code fragment in the stored form (upper case, separators
 * dropped, I and L as 1, O as 0), or null when it cannot be part of a code
 * or is shorter than 3 characters.
 */
export function codeFragment(text: string): string | null {
  const folded = text.toUpperCase().replace(/[\s\-_.]/g, "")
    .replace(/[ILO]/g, (ch) => ch === "O" ? "0" : "1");
  return /^[0-9A-HJKMNP-TV-Z]{3,64}$/.test(folded) ? folded : null;
}

/**
 * The digits of a typed phone fragment (`+31 6-1234`, `(020) 555`), or null
 * when the text is not one or has fewer than 4 digits.
 */
export function phoneDigits(text: string): string | null {
  if (!/^[\d\s\-.()+/]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, "");
  return digits.length >= 4 ? digits : null;
}

/** `%fragment%` with LIKE's wildcards in the fragment escaped. */
function contains(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
