/**
 * The door search and check-in (API.md "Door") as the scanner's browser
 * code calls them, in the manner of ./api.ts.
 */
import { type Answer, answerOf, NO_ANSWER, type ScanAnswer } from "./api.ts";

/** One item of `GET /api/operator/search`. */
export interface SearchItem extends ScanAnswer {
  reservation_id: number;
}

// Check-in lives with the scanner's other calls; the search panel uses the same.
export { checkIn, type CheckInAnswer, type CheckInRequest } from "./api.ts";

/** Sends a request with the login cookie (same origin) and reads the answer. */
async function send<T>(
  path: string,
  init: RequestInit,
): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (err) {
    if ((err as Error)?.name === "AbortError") throw err;
    return NO_ANSWER;
  }
  return await answerOf<T>(res);
}

/**
 * `GET /api/operator/search?q=`: today's bookings matching `q`. Aborting
 * `signal` rejects with an AbortError (a newer search replaced this one).
 */
export function searchToday(
  q: string,
  signal?: AbortSignal,
): Promise<Answer<{ items: SearchItem[] }>> {
  return send(`/api/operator/search?q=${encodeURIComponent(q)}`, {
    method: "GET",
    signal,
  });
}
