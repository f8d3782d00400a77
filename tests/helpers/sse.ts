/** Reads a `text/event-stream` response the way a browser's EventSource does. */

/** One server-sent event. */
export interface SseEvent {
  event: string;
  id?: string;
  // deno-lint-ignore no-explicit-any
  data: any;
}

/** An open stream: events in arrival order. */
export interface SseClient {
  status: number;
  headers: Headers;
  /** Comment lines seen so far (heartbeats). */
  comments: string[];
  /** Events seen so far, including those already taken by `next`. */
  seen: SseEvent[];
  /** The next event (of kind `event`, if given), or an error after `timeoutMs`. */
  next(event?: string, timeoutMs?: number): Promise<SseEvent>;
  close(): Promise<void>;
}

/** Opens `url` as an event stream with the given headers. */
export async function openSse(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: abort.signal,
  });
  const queue: SseEvent[] = [];
  const seen: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let ended = false;

  if (res.ok && res.body) {
    (async () => {
      const reader = res.body!.pipeThrough(new TextDecoderStream())
        .getReader();
      let buf = "";
      try {
        while (true) {
          const { done, value } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const e = parseBlock(block, comments);
            if (e) {
              queue.push(e);
              seen.push(e);
            }
          }
          for (const w of waiters) w();
        }
      } catch { /* aborted */ }
      ended = true;
      for (const w of waiters) w();
    })();
  } else {
    await res.body?.cancel();
  }

  async function next(event?: string, timeoutMs = 2000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const i = queue.findIndex((e) => !event || e.event === event);
      if (i >= 0) return queue.splice(i, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0 || ended) {
        throw new Error(
          `No "${event ?? "any"}" event within ${timeoutMs} ms; seen: ${
            JSON.stringify(seen.map((e) => e.event))
          }`,
        );
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, left);
        function done() {
          clearTimeout(t);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  return {
    status: res.status,
    headers: res.headers,
    comments,
    seen,
    next,
    close: async () => {
      abort.abort();
      await new Promise((r) => setTimeout(r, 10));
    },
  };
}

function parseBlock(block: string, comments: string[]): SseEvent | null {
  let event = "message";
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) comments.push(line.slice(1).trim());
    else if (line.startsWith("event: ")) event = line.slice(7);
    else if (line.startsWith("id: ")) id = line.slice(4);
    else if (line.startsWith("data: ")) data.push(line.slice(6));
  }
  if (data.length === 0) return null;
  const text = data.join("\n");
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch { /* keep text */ }
  return { event, id, data: parsed };
}
