/** The live publisher's batching and payload limits, without a database. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import {
  LivePublisher,
  payloads,
  SLOTS_PER_PAYLOAD,
} from "../../lib/live/publisher.ts";
import { parsePayload } from "../../lib/live/hub.ts";
import { setQuietLogs } from "../../lib/log.ts";
import { ManualTimers } from "../helpers/manual_timers.ts";

Deno.test("changes within the window go out as one payload per organization and kind", async () => {
  const sent: string[] = [];
  const timers = new ManualTimers();
  const p = new LivePublisher((text) => {
    sent.push(text);
    return Promise.resolve();
  }, { windowMs: 20, timers });
  for (let i = 0; i < 100; i++) p.changed(1, 10 + (i % 3), "reservation");
  p.changed(1, 11, "verification");
  timers.advance(19);
  p.changed(2, 99, "reservation");
  assertEquals(sent, [], "nothing goes out before the window ends");
  assertEquals(timers.pending, 1, "one window for all changes");
  timers.advance(1);
  assertEquals(timers.pending, 0);
  assertEquals(
    sent.map((t) => JSON.parse(t)).sort((a, b) =>
      a.orq - b.orq || a.kind.localeCompare(b.kind)
    ),
    [
      { orq: 1, kind: "reservation", slots: [10, 11, 12] },
      { orq: 1, kind: "verification", slots: [11] },
      { orq: 2, kind: "reservation", slots: [99] },
    ],
  );
  p.changed(1, 10, "expiry");
  assertEquals(timers.pending, 1, "a change after the window opens a new one");
  await p.flush();
  assertEquals(timers.pending, 0, "flush ends the window");
  assertEquals(JSON.parse(sent[3]), { orq: 1, kind: "expiry", slots: [10] });
});

Deno.test("a failed NOTIFY is logged, not thrown", async () => {
  setQuietLogs(true);
  const p = new LivePublisher(() => Promise.reject(new Error("down")));
  p.changed(1, 1, "reservation");
  await p.flush();
  setQuietLogs(false);
});

Deno.test("payloads stay under NOTIFY's 8000 bytes", () => {
  const slots = Array.from({ length: 1234 }, (_, i) => 2_000_000_000 + i);
  const out = payloads({ orq: 123456789, kind: "verification", slots });
  assertEquals(out.length, Math.ceil(1234 / SLOTS_PER_PAYLOAD));
  for (const text of out) assert(new TextEncoder().encode(text).length < 8000);
  assertEquals(out.flatMap((t) => JSON.parse(t).slots), slots);
});

Deno.test("only well-formed payloads are accepted", () => {
  assertEquals(parsePayload('{"orq":1,"kind":"expiry","slots":[3]}'), {
    orq: 1,
    kind: "expiry",
    slots: [3],
  });
  for (
    const bad of [
      "nope",
      "null",
      '{"orq":"1","kind":"expiry","slots":[3]}',
      '{"orq":1,"kind":"drop","slots":[3]}',
      '{"orq":1,"kind":"expiry","slots":["3"]}',
      '{"orq":1,"kind":"expiry"}',
    ]
  ) assertEquals(parsePayload(bad), null, bad);
});
