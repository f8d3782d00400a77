import { ok, rejects, strictEqual } from "node:assert/strict";
import { type EventSink, eventStream } from "../../lib/event_stream.ts";

/** A stream whose sink the test drives; `run` ends when `release` is called. */
function driven(maxBacklog: number) {
  let sink!: EventSink;
  let release!: () => void;
  let ready!: () => void;
  const got = new Promise<void>((r) => ready = r);
  const body = eventStream(maxBacklog, (s) => {
    sink = s;
    ready();
    return new Promise<void>((r) => release = r);
  });
  return { body, got: got.then(() => ({ sink, release })) };
}

Deno.test("eventStream: frames in order, text encoded, ended when run returns", async () => {
  const { body, got } = driven(10);
  const { sink, release } = await got;
  sink.write("event: a\n\n");
  sink.write(new TextEncoder().encode("event: b\n\n"));
  release();
  strictEqual(await new Response(body).text(), "event: a\n\nevent: b\n\n");
  await sink.ended;
  sink.write("late"); // ignored once ended
});

Deno.test("eventStream: a client leaving more than the backlog unread is dropped", async () => {
  const { body, got } = driven(3);
  const { sink, release } = await got;
  for (let i = 0; i < 3; i++) sink.write(`${i}\n`);
  let ended = false;
  sink.ended.then(() => ended = true);
  await Promise.resolve();
  ok(!ended, "three unread chunks are within the backlog");
  sink.write("3\n"); // the fourth unread chunk
  await sink.ended;
  await rejects(new Response(body).text());
  release();
});

Deno.test("eventStream: a client that goes away ends the sink", async () => {
  const { body, got } = driven(10);
  const { sink, release } = await got;
  sink.write("hello\n\n");
  const reader = body.getReader();
  strictEqual(
    new TextDecoder().decode((await reader.read()).value),
    "hello\n\n",
  );
  await reader.cancel();
  await sink.ended;
  sink.write("after"); // ignored, no throw
  release();
});
