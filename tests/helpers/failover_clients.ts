/**
 * Clients of the failover test (tests/integration/proxy_failover_test.ts)
 * as a real front end behaves behind a load balancer: a reservation retried
 * only when the proxy or the network failed, and a dashboard stream that
 * reconnects when it ends.
 */
import { reservationBody } from "./api.ts";

/** How one reservation request ended after its retries. */
export interface Outcome {
  code: string;
  /** 201, or the error code of the last answer; "GAVE_UP" after the last retry. */
  result: string;
  /** The reservation's id when the answer was 201. */
  id?: number;
  /** Attempts made (1: no retry). */
  attempts: number;
  /** What each retried attempt met: an HTTP status, or the network error. */
  failures?: string[];
}

/** Answers that say the request may not have reached an instance: retried. */
const RETRIED = new Set([0, 502, 503, 504]);

/**
 * POST /api/reservations/create of `code` through `base`, retried on a
 * connection error or a 502/503/504 (at most `maxAttempts`; pauses of 100 ms
 * doubling up to 1 s).
 * Each ticket is reserved once, so TICKET_ALREADY_RESERVED after a retry
 * means an earlier attempt went through.
 */
export async function reserveWithRetry(
  base: string,
  client: Deno.HttpClient,
  code: string,
  slotId: number,
  maxAttempts = 8,
): Promise<Outcome> {
  const failures: string[] = [];
  for (let attempts = 1;; attempts++) {
    let status = 0;
    let failure = "";
    // deno-lint-ignore no-explicit-any
    let body: any = null;
    try {
      const res = await fetch(`${base}/api/reservations/create`, {
        method: "POST",
        client,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(reservationBody(code, slotId)),
      });
      status = res.status;
      const text = await res.text();
      // The proxy's own 502/503 have no body; the app always answers JSON.
      body = text ? JSON.parse(text) : null;
    } catch (err) {
      // Connection failed, or the answer was cut off after its status line
      // (the instance died mid-answer): as good as no answer.
      failure = `${status || "no answer"}: ${String(err).slice(0, 100)}`;
      status = 0;
    }
    if (!RETRIED.has(status)) {
      const done = { code, attempts, failures };
      return status === 201
        ? { ...done, result: "201", id: body.reservation.id }
        : { ...done, result: body?.error?.code ?? String(status) };
    }
    failures.push(failure || `${status} ${JSON.stringify(body)}`.slice(0, 120));
    if (attempts >= maxAttempts) {
      return { code, result: "GAVE_UP", attempts, failures };
    }
    const pause = Math.min(1000, 100 * 2 ** (attempts - 1));
    await new Promise((r) => setTimeout(r, pause));
  }
}

/** A dashboard stream that reopens itself whenever it ends. */
export interface ReconnectingStream {
  /** Streams opened so far (1 + reconnections). */
  readonly opened: number;
  /** Kinds of events received on the current connection. */
  readonly current: string[];
  /** Event kinds received over all connections, in order. */
  readonly all: string[];
  close(): Promise<void>;
}

/** Opens `url` (an event stream) with `headers` and keeps it open. */
export function reconnectingStream(
  url: string,
  client: Deno.HttpClient,
  headers: Record<string, string>,
): ReconnectingStream {
  const abort = new AbortController();
  const state = { opened: 0, current: [] as string[], all: [] as string[] };
  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        const res = await fetch(url, {
          client,
          headers: { accept: "text/event-stream", ...headers },
          signal: abort.signal,
        });
        if (res.status !== 200) {
          await res.body?.cancel();
          throw new Error(`stream: ${res.status}`);
        }
        state.opened++;
        state.current = [];
        let buf = "";
        for await (
          const chunk of res.body!.pipeThrough(new TextDecoderStream())
        ) {
          buf += chunk;
          for (let i; (i = buf.indexOf("\n\n")) >= 0;) {
            const kind = /^event: (.+)$/m.exec(buf.slice(0, i))?.[1];
            buf = buf.slice(i + 2);
            if (kind) {
              state.current.push(kind);
              state.all.push(kind);
            }
          }
        }
      } catch { /* cut off: open again */ }
      if (!abort.signal.aborted) await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    get opened() {
      return state.opened;
    },
    get current() {
      return state.current;
    },
    get all() {
      return state.all;
    },
    close: async () => {
      abort.abort();
      await loop;
    },
  };
}
