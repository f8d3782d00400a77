import type { EventSink } from "./event_stream.ts";
import { systemTimers, type TimerId, type Timers } from "./timers.ts";

const HEARTBEAT = new TextEncoder().encode(": heartbeat\n\n");

/**
 * One interval timer for all open event streams of a route: each tick sends
 * every stream a heartbeat comment, or closes it once its time limit has
 * passed. Two timers per stream (a heartbeat and a limit) kept about 1.5 KiB
 * of timer state alive per dashboard for its whole life; with a thousand
 * dashboards open that is heap every garbage collection must mark. A limit
 * is therefore kept to within one heartbeat interval. The timer runs only
 * while a stream is open.
 */
export class StreamTicker {
  readonly #heartbeatMs: number;
  readonly #maxStreamMs: number;
  readonly #timers: Timers;
  /** Open streams and the time each must end by (`timers.now()` milliseconds). */
  #open = new Map<EventSink, number>();
  #timer: TimerId | undefined;

  constructor(
    heartbeatMs: number,
    maxStreamMs: number,
    timers: Timers = systemTimers,
  ) {
    this.#heartbeatMs = heartbeatMs;
    this.#maxStreamMs = maxStreamMs;
    this.#timers = timers;
  }

  /** Starts the heartbeats and the time limit of `sink`; returns its removal. */
  add(sink: EventSink): () => void {
    this.#open.set(sink, this.#timers.now() + this.#maxStreamMs);
    this.#timer ??= this.#timers.setInterval(
      () => this.tick(),
      this.#heartbeatMs,
    );
    return () => {
      this.#open.delete(sink);
      if (this.#open.size === 0 && this.#timer !== undefined) {
        this.#timers.clearInterval(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  /** Open streams. */
  get size(): number {
    return this.#open.size;
  }

  /** Heartbeat to each open stream, or its end once past its limit. */
  tick(): void {
    const now = this.#timers.now();
    for (const [sink, endBy] of this.#open) {
      if (now >= endBy) {
        this.#open.delete(sink);
        sink.close();
      } else {
        sink.write(HEARTBEAT);
      }
    }
  }
}
