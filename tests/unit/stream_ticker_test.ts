import { deepStrictEqual, strictEqual } from "node:assert/strict";
import type { EventSink } from "../../lib/event_stream.ts";
import { StreamTicker } from "../../lib/stream_ticker.ts";
import { ManualTimers } from "../helpers/manual_timers.ts";

/** A sink that records what it was sent, and whether it was closed. */
function recordingSink() {
  const sent: string[] = [];
  let closed = false;
  const sink: EventSink = {
    write: (chunk) =>
      sent.push(
        typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk),
      ),
    close: () => closed = true,
    ended: new Promise<void>(() => {}),
  };
  return { sink, sent, closed: () => closed };
}

Deno.test("StreamTicker: each tick sends every open stream a heartbeat until its limit, then closes it", () => {
  const timers = new ManualTimers();
  // A long interval: the test calls tick() itself and only moves the clock.
  const ticker = new StreamTicker(60_000, 100, timers);
  timers.advance(1_000);
  const a = recordingSink();
  const removeA = ticker.add(a.sink);
  timers.advance(50);
  const b = recordingSink();
  const removeB = ticker.add(b.sink);
  try {
    ticker.tick();
    deepStrictEqual(a.sent, [": heartbeat\n\n"]);
    deepStrictEqual(b.sent, [": heartbeat\n\n"]);
    timers.advance(50); // 1 100: a's limit (added at 1 000, 100 ms), not yet b's
    ticker.tick();
    strictEqual(a.closed(), true);
    deepStrictEqual(
      a.sent,
      [": heartbeat\n\n"],
      "a closed stream gets no heartbeat",
    );
    deepStrictEqual(b.sent, [": heartbeat\n\n", ": heartbeat\n\n"]);
    strictEqual(ticker.size, 1);
    timers.advance(100);
    ticker.tick();
    strictEqual(b.closed(), true);
    strictEqual(ticker.size, 0);
  } finally {
    removeA();
    removeB();
  }
});

Deno.test("StreamTicker: its interval beats every heartbeat, a removed stream gets nothing more, and the timer stops with the last stream", () => {
  const timers = new ManualTimers();
  const ticker = new StreamTicker(10, 60_000, timers);
  strictEqual(timers.pending, 0, "no timer while no stream is open");
  const a = recordingSink();
  const removeA = ticker.add(a.sink);
  const b = recordingSink();
  const removeB = ticker.add(b.sink);
  strictEqual(timers.pending, 1, "one interval for all streams");
  timers.advance(45);
  strictEqual(a.sent.length, 4, "heartbeats at 10, 20, 30 and 40 ms");
  removeA();
  timers.advance(30);
  strictEqual(a.sent.length, 4, "a removed stream gets nothing more");
  strictEqual(b.sent.length, 7);
  removeB();
  strictEqual(ticker.size, 0);
  strictEqual(timers.pending, 0, "the interval stops with the last stream");
});

Deno.test("StreamTicker: on the system timers, the interval stops with the last stream", async () => {
  const ticker = new StreamTicker(5, 60_000);
  const a = recordingSink();
  let beat!: () => void;
  const firstBeat = new Promise<void>((r) => beat = r);
  a.sink.write = () => beat();
  const removeA = ticker.add(a.sink);
  await firstBeat;
  removeA();
  // Deno's op sanitizer fails this test if the interval were still running.
});
