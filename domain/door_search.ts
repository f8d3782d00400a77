/**
 * What a door search's `q` may mean (API.md "Door"): the back office's
 * meanings (domain/reservation_search.ts: a code fragment typed as people
 * do, an email fragment with case and accents ignored, phone digits), with
 * phone digits from 3 on, since a guest at the door may remember only the
 * end of a number.
 */
import { searchPatterns } from "./reservation_search.ts";

/** Most results a door search answers. */
export const DOOR_SEARCH_LIMIT = 20;
/** Fewest letters or digits a door search needs. */
export const DOOR_SEARCH_MIN = 3;
/** Longest `q` accepted (an email address can be 254 characters). */
export const DOOR_SEARCH_MAX = 254;

/**
 * The letters and digits of `q`: what can match. Spaces, dashes and other
 * punctuation a person types between them narrow nothing.
 */
export function meaningfulCharacters(q: string): number {
  return q.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}

/** Whether `q` is long enough to search with (3+ letters or digits). */
export function isDoorQuery(q: string): boolean {
  return meaningfulCharacters(q) >= DOOR_SEARCH_MIN &&
    q.trim().length <= DOOR_SEARCH_MAX;
}

/**
 * LIKE patterns over the stored search text for `q`, or null when `q` has
 * fewer than {@link DOOR_SEARCH_MIN} letters or digits.
 */
export function doorSearchPatterns(q: string): string[] | null {
  if (meaningfulCharacters(q) < DOOR_SEARCH_MIN) return null;
  const patterns = new Set(searchPatterns(q));
  // The back office wants 4+ digits for a phone; a door search takes 3.
  if (/^[\d\s\-.()+/]+$/.test(q)) {
    const digits = q.replace(/\D/g, "");
    if (digits.length >= DOOR_SEARCH_MIN) patterns.add(`%${digits}%`);
  }
  return [...patterns];
}
