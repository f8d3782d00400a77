/** Ticket codes: Crockford base32, 20 characters (100 bits), shown in groups of four. */

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Characters in a stored code. */
export const CODE_LENGTH = 20;

/** A new code from the platform's secure random source, e.g. `7K3QW9M2XC4TPA8R1VNE`. */
export function generateTicketCode(): string {
  // 32 divides 256, so taking the low 5 bits of each byte is unbiased.
  const bytes = crypto.getRandomValues(new Uint8Array(CODE_LENGTH));
  let code = "";
  for (const b of bytes) code += ALPHABET[b & 31];
  return code;
}

/**
 * The stored form of what a person typed: upper case, spaces and dashes
 * dropped, Crockford's look-alikes folded (I/L → 1, O → 0). Returns null when
 * the text cannot be a code at all.
 */
export function normalizeTicketCode(input: string): string | null {
  const folded = input.toUpperCase().replace(SEPARATORS, "")
    .replace(LOOK_ALIKES, (ch) => ch === "O" ? "0" : "1");
  return STORED_FORM.test(folded) ? folded : null;
}

const SEPARATORS = /[\s\-_.]/g;
const LOOK_ALIKES = /[ILO]/g;
/**
 * 12 to 64 characters of ALPHABET (Crockford: no I, L, O, U): ours have 20,
 * imported ones may be 12–64 (API.md conventions).
 */
const STORED_FORM = /^[0-9A-HJKMNP-TV-Z]{12,64}$/;

/** A code as people read it: `7K3Q-W9M2-XC4T-PA8R-1VNE`. */
export function formatTicketCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

/**
 * The code inside a scanned QR payload or link (`.../reserve?code=...`), or
 * the text itself when it is not a link.
 */
export function extractTicketCode(scanned: string): string {
  const text = scanned.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      const fromQuery = url.searchParams.get("code");
      if (fromQuery) return fromQuery;
      const last = url.pathname.split("/").filter(Boolean).pop();
      if (last) return decodeURIComponent(last);
    } catch {
      return text;
    }
  }
  return text;
}

/** Shortest and longest imported code (API.md: 12–64 characters). */
export const IMPORTED_CODE_MIN = 12;
export const IMPORTED_CODE_MAX = 64;
const IMPORTED_FORM = /^[0-9A-HJKMNP-TV-Z]{12,64}$/;

/**
 * An imported code in its stored form, folded like a typed one (upper case,
 * separators dropped, I/L → 1, O → 0), or null unless it is then 12–64
 * characters of Crockford's alphabet.
 */
export function normalizeImportedCode(input: string): string | null {
  if (input.length > 4 * IMPORTED_CODE_MAX) return null;
  const folded = input.toUpperCase().replace(SEPARATORS, "")
    .replace(LOOK_ALIKES, (ch) => ch === "O" ? "0" : "1");
  return IMPORTED_FORM.test(folded) ? folded : null;
}

/** Whether a code has fewer than 80 bits (5 bits a character). */
export function isWeakCode(code: string): boolean {
  return code.length * 5 < 80;
}

/**
 * A search fragment folded like a typed code, or null when it holds a
 * character no code can contain.
 */
export function normalizeCodeFragment(input: string): string | null {
  const folded = input.toUpperCase().replace(SEPARATORS, "")
    .replace(LOOK_ALIKES, (ch) => ch === "O" ? "0" : "1");
  return /^[0-9A-HJKMNP-TV-Z]*$/.test(folded) ? folded : null;
}
