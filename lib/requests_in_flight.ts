/**
 * How many HTTP requests the server is handling right now, in shared memory:
 * the HTTP thread counts them (routes/app.ts), the mail thread reads the
 * count to send mail only in the server's pauses (lib/mail/worker.ts). A
 * stream counts until its handler has answered, not while it stays open.
 */
export class RequestsInFlight {
  readonly #count: Int32Array;

  /** A new counter, or a view of another thread's (`buffer` from it). */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.#count = new Int32Array(buffer);
  }

  enter(): void {
    Atomics.add(this.#count, 0, 1);
  }

  leave(): void {
    Atomics.sub(this.#count, 0, 1);
  }

  /** Requests being handled now. */
  now(): number {
    return Atomics.load(this.#count, 0);
  }
}
