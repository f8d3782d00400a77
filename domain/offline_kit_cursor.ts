/**
 * The offline kit's cursor (API.md "Offline scanning"): opaque to the
 * scanner, it says which organization and venue date the kit was for, the
 * last revocation and door event it included, and when it was made. An
 * unknown, stale or yesterday's cursor means a full kit.
 */

/** What a cursor remembers. */
export interface KitCursor {
  orq: number;
  /** The venue's date of the kit's verified set. */
  date: string;
  /** Highest signature_revocations id included. */
  rev: number;
  /** Highest verification_events id included. */
  ev: number;
  /** The kit's server time, Unix milliseconds. */
  at: number;
}

/** Longest a cursor stays usable; older ones get a full kit. */
export const CURSOR_MAX_AGE_MS = 24 * 3600_000;

/** The cursor's text: `k1.<orq>.<date>.<rev>.<ev>.<at>`. */
export function formatKitCursor(c: KitCursor): string {
  return `k1.${c.orq}.${c.date}.${c.rev}.${c.ev}.${c.at}`;
}

/** A cursor read back, or null when the text is not one. */
export function parseKitCursor(text: string | undefined): KitCursor | null {
  if (!text) return null;
  const m =
    /^k1\.(\d{1,9})\.(\d{4}-\d{2}-\d{2})\.(\d{1,15})\.(\d{1,15})\.(\d{1,15})$/
      .exec(text);
  if (!m) return null;
  return {
    orq: Number(m[1]),
    date: m[2],
    rev: Number(m[3]),
    ev: Number(m[4]),
    at: Number(m[5]),
  };
}

/**
 * Whether an incremental kit may follow `c`: the same organization and
 * venue date, not older than a day nor from the future, and not past the
 * ids the database has now (a restored database starts over).
 */
export function cursorUsable(
  c: KitCursor | null,
  now: { orq: number; date: string; at: number; rev: number; ev: number },
): c is KitCursor {
  return c !== null && c.orq === now.orq && c.date === now.date &&
    c.at <= now.at && now.at - c.at <= CURSOR_MAX_AGE_MS &&
    c.rev <= now.rev && c.ev <= now.ev;
}
