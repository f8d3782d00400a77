/** Where an event stream's frames go. */
export interface EventSink {
  /**
   * Queues `chunk` for the client at once (no promise per write). A client
   * that has left more than the backlog unread is dropped instead.
   */
  write(chunk: string | Uint8Array): void;
  /** Ends the stream after what is queued. */
  close(): void;
  /** Resolves when the stream ends: the client left, was dropped, or close(). */
  readonly ended: Promise<void>;
}

const encoder = new TextEncoder();

/**
 * A `text/event-stream` body that `run` feeds through a sink, ended when
 * `run` settles. A live event goes to every open dashboard at once, so each
 * write must be cheap: Hono's streamSSE passes every chunk through a
 * TransformStream writer (a promise per write and per read, and one more per
 * write for our backlog count); here the one encoded frame is enqueued
 * straight into each stream's queue, whose length is the backlog.
 */
export function eventStream(
  maxBacklog: number,
  run: (sink: EventSink) => Promise<void>,
): ReadableStream<Uint8Array> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  let resolveEnded!: () => void;
  const ended = new Promise<void>((r) => resolveEnded = r);
  const finish = (how: "close" | "drop" | "left") => {
    if (!open) return;
    open = false;
    if (how === "close") controller.close();
    // A client that stops reading is dropped, not buffered forever.
    if (how === "drop") controller.error(new Error("client stopped reading"));
    resolveEnded();
  };
  const sink: EventSink = {
    write(chunk) {
      if (!open) return;
      // desiredSize is the high-water mark (1) minus the chunks queued, and
      // this chunk would be one more.
      if (1 - (controller.desiredSize ?? 0) >= maxBacklog) {
        finish("drop");
        return;
      }
      controller.enqueue(
        typeof chunk === "string" ? encoder.encode(chunk) : chunk,
      );
    },
    close: () => finish("close"),
    ended,
  };
  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      // After start() returns, so that the stream exists when `run` writes.
      queueMicrotask(() =>
        run(sink).then(() => finish("close"), () => finish("drop"))
      );
    },
    cancel() {
      finish("left");
    },
  }, new CountQueuingStrategy({ highWaterMark: 1 }));
}
