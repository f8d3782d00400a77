import type { EventSink } from "./event_stream.ts";

/** Options for {@link SnapshotFeed}. */
export interface SnapshotFeedOptions {
  /** The id of the last live event (a snapshot takes it as its SSE `id:`). */
  lastId: () => number;
  /** Told when a fresh snapshot could not be read after all attempts. */
  onError: (err: unknown) => void;
  /** Between attempts to read a fresh snapshot; default 500 ms. */
  retryMs?: number;
  /** Attempts to read a fresh snapshot; default 10. */
  attempts?: number;
}

/**
 * The order of one dashboard stream's frames: a `snapshot`, then the live
 * events after it. Events that arrive before the stream starts, or while a
 * fresh snapshot is read (after the hub lost its LISTEN connection for a
 * while), wait and follow that snapshot, which they may be newer than.
 */
export class SnapshotFeed {
  #read: () => Promise<unknown>;
  #opts: SnapshotFeedOptions;
  #sink: EventSink | null = null;
  #held: Uint8Array[] | null = [];
  #refreshing = false;
  #again = false;
  #closed = false;

  constructor(read: () => Promise<unknown>, opts: SnapshotFeedOptions) {
    this.#read = read;
    this.#opts = opts;
  }

  /** Starts the stream with `snapshot`, then what waited. */
  start(sink: EventSink, snapshot: unknown): void {
    this.#sink = sink;
    sink.ended.then(() => this.#closed = true);
    if (this.#closed) return sink.close();
    sink.write("retry: 3000\n" + this.#frame(snapshot));
    this.#release();
    if (this.#again) {
      this.#again = false;
      this.refresh();
    }
  }

  /** A live event's frame: sent now, or after the snapshot being read. */
  event(frame: Uint8Array): void {
    if (this.#held) this.#held.push(frame);
    else this.#sink!.write(frame);
  }

  /** Reads and sends a fresh snapshot (retrying while the database is away). */
  refresh(): void {
    if (this.#closed) return;
    if (!this.#sink || this.#refreshing) {
      this.#again = true;
      return;
    }
    this.#refreshing = true;
    this.#held = [];
    this.#reread().finally(() => {
      this.#release();
      this.#refreshing = false;
      if (this.#again) {
        this.#again = false;
        this.refresh();
      }
    });
  }

  /** Ends the stream. */
  close(): void {
    this.#closed = true;
    this.#sink?.close();
  }

  async #reread(): Promise<void> {
    const attempts = this.#opts.attempts ?? 10;
    for (let attempt = 1; !this.#closed; attempt++) {
      try {
        const body = await this.#read();
        if (!this.#closed) this.#sink!.write(this.#frame(body));
        return;
      } catch (err) {
        if (attempt >= attempts) return this.#opts.onError(err);
        await new Promise((r) => setTimeout(r, this.#opts.retryMs ?? 500));
      }
    }
  }

  #release(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const frame of held) this.#sink!.write(frame);
  }

  #frame(snapshot: unknown): string {
    return `event: snapshot\nid: ${this.#opts.lastId()}\ndata: ${
      JSON.stringify(snapshot)
    }\n\n`;
  }
}
