/**
 * The scanner's connection to the server: every API call reports how it
 * went (domain/connectivity.ts decides the mode), and while offline a probe
 * asks the server every few seconds whether it is back. The mode is a
 * signal the header shows at all times.
 */
import { signal } from "@preact/signals";
import {
  afterRequest,
  ANSWER_WAIT_MS,
  type Connectivity,
  ONLINE,
  type Outcome,
} from "../../domain/connectivity.ts";

/** The device's mode; `offline` is what the screen shows. */
export const connection = signal<Connectivity>(ONLINE);
/** Called when the device comes back online (the queue uploads then). */
const backOnline = new Set<() => void>();
/** How often an offline device asks whether the server is back. */
const PROBE_MS = 5000;
let probe: ReturnType<typeof setInterval> | undefined;

/** Records one request's outcome and switches mode when the rule says so. */
export function report(outcome: Outcome): void {
  const before = connection.value;
  const after = afterRequest(before, outcome);
  if (after === before) return;
  connection.value = after;
  if (after.offline && !before.offline) startProbing();
  if (!after.offline && before.offline) {
    stopProbing();
    for (const f of backOnline) f();
  }
}

/** Runs `f` whenever the device comes back online; returns the unsubscribe. */
export function onBackOnline(f: () => void): () => void {
  backOnline.add(f);
  return () => backOnline.delete(f);
}

/**
 * `fetch` with the answer deadline: after {@link ANSWER_WAIT_MS} without an
 * answer it is aborted, the device goes offline, and `"timeout"` is thrown.
 * Any other failure reports itself and is thrown as `"failed"`.
 */
export async function timedFetch(
  input: string,
  init: RequestInit = {},
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ANSWER_WAIT_MS);
  try {
    const res = await fetch(input, { ...init, signal: controller.signal });
    report(res.status >= 500 ? "failed" : "ok");
    return res;
  } catch {
    const outcome = controller.signal.aborted ? "timeout" : "failed";
    report(outcome);
    throw outcome;
  } finally {
    clearTimeout(timer);
  }
}

function startProbing(): void {
  stopProbing();
  probe = setInterval(() => {
    timedFetch("/api/health", { cache: "no-store" }).catch(() => {});
  }, PROBE_MS);
}

function stopProbing(): void {
  clearInterval(probe);
  probe = undefined;
}
