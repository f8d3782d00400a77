import { EventEmitter } from "node:events";
import { Buffer } from "node:buffer";

/** Bytes read into one slab before a fresh one is taken. */
const SLAB_BYTES = 256 * 1024;
/** A read needs at least this much room left in the slab. */
const MIN_READ_ROOM = 32 * 1024;
/** Queued bytes above which `write` asks the driver to wait for 'drain'. */
const HIGH_WATER = 256 * 1024;

/**
 * The part of a Node `net.Socket` that postgres.js uses (its `socket`
 * option), on Deno's own TCP connection.
 *
 * Why: under Deno's Node compatibility layer every `net.Socket` write is a
 * synchronous call that measured 20–160 µs in the app under load (17–29 % of
 * the server thread in the validation and reservation benchmarks), and each
 * read goes through Node's stream machinery. `Deno.Conn` writes and reads are
 * plain async operations. Only used for plain TCP (no TLS, no Unix socket);
 * other connections keep postgres.js's default socket.
 */
export class DenoPgSocket extends EventEmitter {
  readyState: "open" | "closed" = "open";
  readonly host: string;
  readonly port: number;
  #conn: Deno.TcpConn;
  #queue: { bytes: Uint8Array; done?: () => void }[] = [];
  #queued = 0;
  #writing = false;
  #needDrain = false;
  #ending = false;
  #paused: PromiseWithResolvers<void> | null = null;

  private constructor(conn: Deno.TcpConn, host: string, port: number) {
    super();
    this.#conn = conn;
    this.host = host;
    this.port = port;
    // Start reading once postgres.js has attached its listeners.
    queueMicrotask(() => this.#readLoop());
  }

  /** A connected socket to `host:port`; rejects when the server is unreachable. */
  static async connect(host: string, port: number): Promise<DenoPgSocket> {
    const conn = await Deno.connect({ hostname: host, port });
    conn.setNoDelay(true);
    return new DenoPgSocket(conn, host, port);
  }

  /**
   * Queues a copy of `data` (the driver reuses its buffers); false asks the
   * caller to wait for 'drain'.
   */
  write(data: Uint8Array, done?: () => void): boolean {
    if (this.readyState === "closed") return false;
    // new Uint8Array(view) copies; Buffer#slice would not.
    this.#queue.push({ bytes: new Uint8Array(data), done });
    this.#queued += data.byteLength;
    if (!this.#writing) this.#flush();
    if (this.#queued < HIGH_WATER) return true;
    this.#needDrain = true;
    return false;
  }

  /** Sends `data` (if any), then closes. */
  end(data?: Uint8Array): void {
    if (this.#ending || this.readyState === "closed") return;
    this.#ending = true;
    if (data) this.write(data, () => this.#close(false));
    else if (!this.#writing) this.#close(false);
  }

  destroy(): void {
    this.#close(false);
  }

  setKeepAlive(enable: boolean): void {
    try {
      this.#conn.setKeepAlive(enable);
    } catch { /* closed meanwhile */ }
  }

  pause(): void {
    this.#paused ??= Promise.withResolvers();
  }

  resume(): void {
    this.#paused?.resolve();
    this.#paused = null;
  }

  async #flush(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#queue.length > 0 && this.readyState === "open") {
        const items = this.#queue;
        this.#queue = [];
        const bytes = items.length === 1
          ? items[0].bytes
          : Buffer.concat(items.map((i) => i.bytes));
        let sent = 0;
        while (sent < bytes.byteLength) {
          sent += await this.#conn.write(bytes.subarray(sent));
        }
        this.#queued -= bytes.byteLength;
        for (const i of items) i.done?.();
        if (this.#needDrain && this.#queued < HIGH_WATER) {
          // Only after a refused write, as Node does: postgres.js takes
          // 'drain' to mean the connection is free again.
          this.#needDrain = false;
          this.emit("drain");
        }
      }
    } catch (err) {
      this.#fail(err);
    } finally {
      this.#writing = false;
    }
    if (this.#ending && this.#queue.length === 0) this.#close(false);
  }

  async #readLoop(): Promise<void> {
    let slab = new Uint8Array(SLAB_BYTES);
    let offset = 0;
    try {
      while (this.readyState === "open") {
        if (this.#paused) await this.#paused.promise;
        if (slab.byteLength - offset < MIN_READ_ROOM) {
          // The driver keeps views of earlier reads; never overwrite them.
          slab = new Uint8Array(SLAB_BYTES);
          offset = 0;
        }
        const n = await this.#conn.read(slab.subarray(offset));
        if (n === null) break;
        const chunk = Buffer.from(slab.buffer, offset, n);
        offset += n;
        this.emit("data", chunk);
      }
      this.#close(false);
    } catch (err) {
      this.#fail(err);
    }
  }

  #fail(err: unknown): void {
    if (this.readyState === "closed") return;
    this.emit("error", err);
    this.#close(true);
  }

  #close(hadError: boolean): void {
    if (this.readyState === "closed") return;
    this.readyState = "closed";
    try {
      this.#conn.close();
    } catch { /* already closed */ }
    for (const i of this.#queue) i.done?.();
    this.#queue = [];
    this.emit("close", hadError);
  }
}
