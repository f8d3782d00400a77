/**
 * The dashboard's live stream (`GET /api/dashboard/stream`, signed in by the
 * login cookie). The browser reconnects by itself after a dropped
 * connection; a refused one (401/403/5xx) closes the EventSource for good, so
 * it is reopened here with a growing pause, after checking whether the login
 * ran out.
 */
import type { DashboardSummary, LiveChange } from "./api.ts";

/** What the connection indicator shows. */
export type Connection = "connecting" | "live" | "reconnecting" | "offline";

/** What the stream hands to the dashboard. */
export interface StreamHandlers {
  snapshot(summary: DashboardSummary): void;
  change(kind: string, change: LiveChange): void;
  /** An offline conflict was recorded (`conflict` event). */
  conflict?(data: unknown): void;
  state(state: Connection): void;
  /** The login ran out or was refused: go and sign in again. */
  unauthorized(): void;
}

/** Every event kind but `snapshot` and `conflict` (API.md "Manager"). */
const KINDS = [
  "reservation",
  "verification",
  "check_in",
  "check_out",
  "undo",
  "expiry",
  "slot_changed",
];

/** Opens the stream of `orq`; returns a function that closes it. */
export function openStream(orq: number, on: StreamHandlers): () => void {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let closed = false;

  function open() {
    if (closed) return;
    const es = new EventSource(`/api/dashboard/stream?orq=${orq}`);
    source = es;
    es.addEventListener("snapshot", (e) => {
      failures = 0;
      on.snapshot(JSON.parse((e as MessageEvent).data));
      on.state("live");
    });
    for (const kind of KINDS) {
      es.addEventListener(kind, (e) => {
        on.change(kind, JSON.parse((e as MessageEvent).data));
      });
    }
    es.addEventListener("conflict", (e) => {
      on.conflict?.(JSON.parse((e as MessageEvent).data));
    });
    es.onerror = () => {
      if (closed) return;
      if (es.readyState === EventSource.CONNECTING) {
        on.state("reconnecting");
        return;
      }
      es.close();
      failures++;
      on.state(failures >= 3 ? "offline" : "reconnecting");
      retryLater();
    };
  }

  async function retryLater() {
    // A refused stream says nothing about why: ask the summary.
    try {
      const res = await fetch(`/api/dashboard/summary?orq=${orq}`, {
        credentials: "same-origin",
        cache: "no-store",
      });
      await res.body?.cancel();
      if (res.status === 401) {
        on.unauthorized();
        return;
      }
    } catch { /* offline: try again later */ }
    if (closed) return;
    timer = setTimeout(open, Math.min(30_000, 1000 * 2 ** failures));
  }

  open();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
  };
}
