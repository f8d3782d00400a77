/**
 * Dashboard streams (GET /api/dashboard/stream) for the benchmarks: many
 * cheap EventSource-like readers that hand every event to a callback with
 * the instant it arrived. Used by bench/sse.ts and scenario (g) of
 * bench/run.ts.
 */

/** Sees one event: its name, its `data` text and when it arrived. */
export type OnEvent = (event: string, data: string, at: number) => void;

const encoder = new TextEncoder();

/**
 * Opens one stream at `url` with `headers` (e.g. a Bearer token); resolves
 * once its snapshot arrived (so the stream is subscribed), with a function
 * that closes it.
 *
 * A raw TCP socket, not `fetch`: this client shares the machine's cores with
 * the app it measures, and a fetch body (a ReadableStream over the socket,
 * piped through a TextDecoderStream) costs several promises a chunk; with
 * 1,000 streams that took a quarter of a core from the app during a drop.
 * Here a chunk costs one socket read, the chunked framing is undone in place
 * and only the SSE frames are decoded. (Reading the streams through
 * bench/http_client.ts's HttpConn instead, whose pull-style parser awaits each
 * size line and chunk, made (g)'s drops with the streams +12 and +17 % slower
 * than without, against -6 and -12 % with this reader, over two alternating
 * pairs: the duplicated head and chunk parsing stays.)
 */
export async function openStream(
  url: string,
  headers: Record<string, string>,
  onEvent: OnEvent,
): Promise<() => void> {
  const u = new URL(url);
  const conn = await Deno.connect({
    hostname: u.hostname,
    port: Number(u.port),
  });
  conn.setNoDelay(true);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      conn.close();
    } catch {
      // already closed
    }
  };
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`)
    .join("");
  const request = encoder.encode(
    `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n` +
      `Accept: text/event-stream\r\n${extra}\r\n`,
  );
  let snapshot!: () => void;
  let failed!: (err: Error) => void;
  const ready = new Promise<void>((ok, fail) => {
    snapshot = ok;
    failed = fail;
  });
  (async () => {
    try {
      for (let off = 0; off < request.length;) {
        off += await conn.write(request.subarray(off));
      }
      const frames = new SseFrames((event, data, at) => {
        if (event === "snapshot") snapshot();
        onEvent(event, data, at);
      });
      const chunks = new Dechunker((bytes, at) => frames.push(bytes, at));
      const buf = new Uint8Array(16 * 1024);
      let head = "";
      let headDone = false;
      while (true) {
        const n = await conn.read(buf);
        if (n === null) break;
        const at = performance.now();
        let bytes = buf.subarray(0, n);
        if (!headDone) {
          // The response head: status line and headers (latin1 is enough).
          let i = 0;
          while (i < bytes.length && !headDone) {
            head += String.fromCharCode(bytes[i++]);
            headDone = head.endsWith("\r\n\r\n");
          }
          bytes = bytes.subarray(i);
          if (!headDone) continue;
          const status = Number(head.slice(9, 12));
          if (status !== 200) throw new Error(`Stream answered ${status}`);
          if (!/\r\ntransfer-encoding: *chunked/i.test(head)) {
            throw new Error("Stream without chunked framing");
          }
        }
        if (!chunks.push(bytes, at)) break;
      }
      failed(new Error("Stream ended before its snapshot"));
    } catch (err) {
      failed(err as Error); // closed by us (harmless once ready)
    } finally {
      close();
    }
  })();
  try {
    await ready;
  } catch (err) {
    close();
    throw err;
  }
  return close;
}

/** Undoes HTTP/1.1 chunked framing; `push` is false after the last chunk. */
class Dechunker {
  #size = "";
  /** Bytes left in the current chunk; -1 while reading a size line. */
  #left = -1;
  /** CR LF bytes still to skip after a chunk's data. */
  #skip = 0;

  constructor(private out: (bytes: Uint8Array, at: number) => void) {}

  push(bytes: Uint8Array, at: number): boolean {
    let i = 0;
    while (i < bytes.length) {
      if (this.#skip > 0) {
        this.#skip--;
        i++;
      } else if (this.#left < 0) {
        const c = bytes[i++];
        if (c === 10) { // end of the size line
          const size = parseInt(this.#size, 16);
          this.#size = "";
          if (size === 0) return false;
          this.#left = size;
        } else if (c !== 13) this.#size += String.fromCharCode(c);
      } else {
        const n = Math.min(this.#left, bytes.length - i);
        this.out(bytes.subarray(i, i + n), at);
        i += n;
        this.#left -= n;
        if (this.#left === 0) {
          this.#left = -1;
          this.#skip = 2;
        }
      }
    }
    return true;
  }
}

/** Splits the SSE text into frames and hands each frame's event and data on. */
class SseFrames {
  #decoder = new TextDecoder();
  #buf = "";

  constructor(private onEvent: OnEvent) {}

  push(bytes: Uint8Array, at: number): void {
    this.#buf += this.#decoder.decode(bytes, { stream: true });
    let i;
    while ((i = this.#buf.indexOf("\n\n")) >= 0) {
      const block = this.#buf.slice(0, i);
      this.#buf = this.#buf.slice(i + 2);
      let event = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data = line.slice(6);
      }
      if (data) this.onEvent(event, data, at); // not a heartbeat comment or retry hint
    }
  }
}

/**
 * Opens `count` streams, `batch` at a time; `urlOf(i)`, `headersOf(i)` and
 * `onEventOf(i)` give each stream's address, headers and callback. On failure closes those opened.
 */
export async function openStreams(
  count: number,
  urlOf: (i: number) => string,
  headersOf: (i: number) => Record<string, string>,
  onEventOf: (i: number) => OnEvent,
  batch = 50,
): Promise<(() => void)[]> {
  const closers: (() => void)[] = [];
  for (let i = 0; i < count; i += batch) {
    const opened = await Promise.allSettled(
      Array.from(
        { length: Math.min(batch, count - i) },
        (_, j) => openStream(urlOf(i + j), headersOf(i + j), onEventOf(i + j)),
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
