/**
 * Dashboard streams (GET /api/dashboard/stream) for the benchmarks: many
 * cheap EventSource-like readers that hand every event to a callback with
 * the instant it arrived. Used by bench/sse.ts and scenario (g) of
 * bench/run.ts.
 */

/** Sees one event: its name, its `data` text and when it arrived. */
export type OnEvent = (event: string, data: string, at: number) => void;

/**
 * Opens one stream at `url` with `headers` (e.g. a Bearer token); resolves
 * once its snapshot arrived (so the stream is subscribed), with a function
 * that closes it.
 */
export async function openStream(
  url: string,
  headers: Record<string, string>,
  onEvent: OnEvent,
): Promise<() => void> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: abort.signal,
  });
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new Error(`Stream answered ${res.status}`);
  }
  let snapshot!: () => void;
  let failed!: (err: Error) => void;
  const ready = new Promise<void>((ok, fail) => {
    snapshot = ok;
    failed = fail;
  });
  (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        const at = performance.now();
        buf += value;
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = "message";
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) event = line.slice(7);
            else if (line.startsWith("data: ")) data = line.slice(6);
          }
          if (!data) continue; // heartbeat comment, retry hint
          if (event === "snapshot") snapshot();
          onEvent(event, data, at);
        }
      }
      failed(new Error("Stream ended before its snapshot"));
    } catch (err) {
      failed(err as Error); // aborted (harmless once ready)
    }
  })();
  try {
    await ready;
  } catch (err) {
    abort.abort();
    throw err;
  }
  return () => abort.abort();
}

/**
 * Opens `count` streams, `batch` at a time; `urlOf(i)` and `onEventOf(i)`
 * give each stream's address and callback. On failure closes those opened.
 */
export async function openStreams(
  count: number,
  urlOf: (i: number) => string,
  headers: Record<string, string>,
  onEventOf: (i: number) => OnEvent,
  batch = 50,
): Promise<(() => void)[]> {
  const closers: (() => void)[] = [];
  for (let i = 0; i < count; i += batch) {
    const opened = await Promise.allSettled(
      Array.from(
        { length: Math.min(batch, count - i) },
        (_, j) => openStream(urlOf(i + j), headers, onEventOf(i + j)),
      ),
    );
    for (const o of opened) if (o.status === "fulfilled") closers.push(o.value);
    const failed = opened.find((o) => o.status === "rejected");
    if (failed) {
      for (const close of closers) close();
      throw failed.reason;
    }
  }
  return closers;
}
