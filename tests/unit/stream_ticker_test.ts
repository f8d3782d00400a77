import { deepStrictEqual, strictEqual } from "node:assert/strict";
import type { EventSink } from "../../lib/event_stream.ts";
import { StreamTicker } from "../../lib/stream_ticker.ts";

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
  let now = 1_000;
  // A long interval: the test calls tick() itself.
  const ticker = new StreamTicker(60_000, 100, () => now);
  const a = recordingSink();
  const removeA = ticker.add(a.sink);
  now = 1_050;
  const b = recordingSink();
  const removeB = ticker.add(b.sink);
  try {
    ticker.tick();
    deepStrictEqual(a.sent, [": heartbeat\n\n"]);
    deepStrictEqual(b.sent, [": heartbeat\n\n"]);
    now = 1_100; // a's limit (added at 1 000, 100 ms), not yet b's
    ticker.tick();
    strictEqual(a.closed(), true);
    deepStrictEqual(
      a.sent,
      [": heartbeat\n\n"],
      "a closed stream gets no heartbeat",
    );
    deepStrictEqual(b.sent, [": heartbeat\n\n", ": heartbeat\n\n"]);
    strictEqual(ticker.size, 1);
    now = 1_200;
    ticker.tick();
    strictEqual(b.closed(), true);
    strictEqual(ticker.size, 0);
  } finally {
    removeA();
    removeB();
  }
});

Deno.test("StreamTicker: a removed stream gets nothing more, and the timer stops with the last stream", async () => {
  const ticker = new StreamTicker(10, 60_000);
  const a = recordingSink();
  const removeA = ticker.add(a.sink);
  await new Promise((r) => setTimeout(r, 45));
  const beats = a.sent.length;
  strictEqual(beats >= 2, true, `${beats} heartbeats in 45 ms at 10 ms`);
  removeA();
  strictEqual(ticker.size, 0);
  await new Promise((r) => setTimeout(r, 30));
  strictEqual(a.sent.length, beats);
  // Deno's test sanitizer fails this test if the interval were still running.
});
