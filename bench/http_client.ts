/**
 * A tiny keep-alive HTTP/1.1 load client over raw TCP.
 *
 * The load client shares a 2-core machine with the server and PostgreSQL, so
 * it should cost as little CPU as possible: requests are pre-encoded bytes,
 * responses are parsed only as far as status, Content-Length (or chunked
 * framing) and the body bytes. One request in flight per connection.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A response: status and raw body bytes. */
export interface HttpResponse {
  status: number;
  body: Uint8Array;
}

/**
 * The bytes of one HTTP/1.1 request (`body` is sent as JSON when given;
 * `headers` are added as they are, e.g. `{ authorization: "Bearer …" }`).
 */
export function encodeRequest(
  host: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Uint8Array {
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`)
    .join("");
  if (body === undefined) {
    return encoder.encode(
      `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nAccept: application/json\r\n${extra}\r\n`,
    );
  }
  const json = encoder.encode(JSON.stringify(body));
  const head = encoder.encode(
    `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n` +
      `Content-Type: application/json\r\nAccept: application/json\r\n${extra}` +
      `Content-Length: ${json.length}\r\n\r\n`,
  );
  const out = new Uint8Array(head.length + json.length);
  out.set(head);
  out.set(json, head.length);
  return out;
}

/** The body as parsed JSON. */
export function jsonOf<T = unknown>(r: HttpResponse): T {
  return JSON.parse(decoder.decode(r.body)) as T;
}

/** One keep-alive connection. */
export class HttpConn {
  #conn: Deno.TcpConn;
  #buf = new Uint8Array(16 * 1024);
  #start = 0;
  #end = 0;
  #closed = false;

  private constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
  }

  /** Opens a connection to `hostname:port`. */
  static async open(hostname: string, port: number): Promise<HttpConn> {
    const conn = await Deno.connect({ hostname, port });
    conn.setNoDelay(true);
    return new HttpConn(conn);
  }

  /** Whether the server closed this connection. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends `req` and reads the whole response. */
  async request(req: Uint8Array): Promise<HttpResponse> {
    let off = 0;
    while (off < req.length) off += await this.#conn.write(req.subarray(off));

    let headEnd: number;
    while ((headEnd = this.#findHeadEnd()) < 0) await this.#fill();
    const head = decoder.decode(this.#buf.subarray(this.#start, headEnd));
    this.#start = headEnd + 4;
    const status = Number(head.slice(9, 12));
    let length = -1;
    let chunked = false;
    let close = false;
    for (const line of head.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === "content-length") length = Number(value);
      else if (name === "transfer-encoding") {
        chunked = value.includes("chunked");
      } else if (name === "connection") close = value === "close";
    }
    let body: Uint8Array;
    if (chunked) body = await this.#readChunked();
    else if (length >= 0) body = await this.#take(length);
    else throw new Error("Response without Content-Length or chunked framing");
    if (close) this.close();
    return { status, body };
  }

  /** Closes the socket. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // already closed
    }
  }

  #findHeadEnd(): number {
    const b = this.#buf;
    for (let i = this.#start; i + 3 < this.#end; i++) {
      if (
        b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10
      ) {
        return i;
      }
    }
    return -1;
  }

  async #fill(need = 1): Promise<void> {
    // Compact, then grow, so that `need` more bytes fit.
    if (this.#start > 0) {
      this.#buf.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
    if (this.#buf.length - this.#end < Math.max(need, 4096)) {
      const bigger = new Uint8Array(
        Math.max(this.#buf.length * 2, this.#end + need + 4096),
      );
      bigger.set(this.#buf.subarray(0, this.#end));
      this.#buf = bigger;
    }
    const n = await this.#conn.read(this.#buf.subarray(this.#end));
    if (n === null) {
      this.#closed = true;
      throw new Error("Connection closed by the server");
    }
    this.#end += n;
  }

  async #take(n: number): Promise<Uint8Array> {
    while (this.#end - this.#start < n) {
      await this.#fill(n - (this.#end - this.#start));
    }
    const out = this.#buf.slice(this.#start, this.#start + n);
    this.#start += n;
    return out;
  }

  async #line(): Promise<string> {
    for (;;) {
      for (let i = this.#start; i + 1 < this.#end; i++) {
        if (this.#buf[i] === 13 && this.#buf[i + 1] === 10) {
          const text = decoder.decode(this.#buf.subarray(this.#start, i));
          this.#start = i + 2;
          return text;
        }
      }
      await this.#fill();
    }
  }

  async #readChunked(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const size = parseInt((await this.#line()).split(";")[0], 16);
      if (size === 0) {
        // Trailers end with an empty line.
        while ((await this.#line()) !== "");
        break;
      }
      const part = await this.#take(size);
      parts.push(part);
      total += size;
      await this.#take(2);
    }
    const out = new Uint8Array(total);
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}

/** Opens `n` connections, `batch` at a time. */
export async function openConnections(
  hostname: string,
  port: number,
  n: number,
  batch = 256,
): Promise<HttpConn[]> {
  const conns: HttpConn[] = [];
  for (let i = 0; i < n; i += batch) {
    const k = Math.min(batch, n - i);
    conns.push(
      ...await Promise.all(
        Array.from({ length: k }, () => HttpConn.open(hostname, port)),
      ),
    );
  }
  return conns;
}

/** Settings of one load run. */
export interface LoadOptions {
  hostname: string;
  port: number;
  /** Requests in flight (one connection each). */
  concurrency: number;
  /** Stop after this many requests... */
  maxRequests: number;
  /** ...or after this many seconds, whichever comes first. */
  maxSeconds: number;
  /** The bytes of request number `i` (0-based, in issue order). */
  request: (i: number) => Uint8Array;
  /** Sees every response (e.g. to tally error codes). */
  onResponse?: (i: number, r: HttpResponse) => void;
}

/** What a load run measured. */
export interface LoadResult {
  /** Completed requests. */
  count: number;
  /** Wall time from the first request sent to the last response read. */
  seconds: number;
  /** Per-request latency in ms, in issue order. */
  latencies: Float64Array;
  /** Responses per status code. */
  statuses: Map<number, number>;
  /** Transport errors (connection lost and reopened). */
  errors: number;
}

/** Runs `concurrency` keep-alive connections in a closed loop. */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const conns = await openConnections(
    opts.hostname,
    opts.port,
    opts.concurrency,
  );
  const latencies = new Float64Array(opts.maxRequests).fill(NaN);
  const statuses = new Map<number, number>();
  let next = 0;
  let count = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + opts.maxSeconds * 1000;

  const worker = async (slot: number) => {
    for (;;) {
      const i = next++;
      if (i >= opts.maxRequests || performance.now() >= deadline) return;
      const req = opts.request(i);
      const t0 = performance.now();
      let r: HttpResponse;
      try {
        r = await conns[slot].request(req);
      } catch {
        errors++;
        conns[slot].close();
        conns[slot] = await HttpConn.open(opts.hostname, opts.port);
        continue;
      }
      latencies[i] = performance.now() - t0;
      count++;
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      opts.onResponse?.(i, r);
      if (conns[slot].closed) {
        conns[slot] = await HttpConn.open(opts.hostname, opts.port);
      }
    }
  };
  await Promise.all(conns.map((_, k) => worker(k)));
  const seconds = (performance.now() - started) / 1000;
  for (const c of conns) c.close();
  const issued = Math.min(next, opts.maxRequests);
  return {
    count,
    seconds,
    latencies: latencies.subarray(0, issued).filter((x) => !Number.isNaN(x)),
    statuses,
    errors,
  };
}
