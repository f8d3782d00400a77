/**
 * When the scanner works offline (API.md "Offline scanning"): after two
 * failures — a network error, a timeout or a 5xx, not a 401 or 429 — among
 * the last five requests, or one request with no answer within
 * {@link ANSWER_WAIT_MS}; back online after a request succeeds again.
 */

/** Longer than this without an answer, the device goes offline. */
export const ANSWER_WAIT_MS = 2000;
/** How many recent requests are remembered. */
const WINDOW = 5;
/** Failures among them that switch to offline. */
const FAILURES_TO_SWITCH = 2;

/** How one request went. */
export type Outcome = "ok" | "failed" | "timeout" | "neutral";

/** The device's mode and its recent outcomes, newest last. */
export interface Connectivity {
  offline: boolean;
  recent: ("ok" | "failed")[];
}

export const ONLINE: Connectivity = Object.freeze({
  offline: false,
  recent: [],
});

/** The outcome of an HTTP status, or of none (`0`: network error). */
export function outcomeOfStatus(status: number): Outcome {
  if (status === 0 || status >= 500) return "failed";
  // A 401 or 429 is the server answering: the network works.
  return "ok";
}

/** The mode after one more request. */
export function afterRequest(
  state: Connectivity,
  outcome: Outcome,
): Connectivity {
  if (outcome === "neutral") return state;
  if (outcome === "timeout") return { offline: true, recent: [] };
  if (state.offline) {
    // Offline, one answer from the server brings the device back.
    return outcome === "ok" ? { offline: false, recent: [] } : state;
  }
  const recent = [...state.recent, outcome].slice(-WINDOW);
  const failures = recent.filter((o) => o === "failed").length;
  return failures >= FAILURES_TO_SWITCH
    ? { offline: true, recent: [] }
    : { offline: false, recent };
}
