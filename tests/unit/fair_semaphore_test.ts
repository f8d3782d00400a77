import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { FairSemaphore } from "../../lib/fair_semaphore.ts";

/** A task that finishes when `release()` is called. */
function gated() {
  let release!: () => void;
  const done = new Promise<void>((r) => release = r);
  return { release, task: () => done };
}

Deno.test("the semaphore runs at most `limit` tasks at once", async () => {
  const sem = new FairSemaphore(2);
  let running = 0, peak = 0;
  await Promise.all(Array.from({ length: 10 }, () =>
    sem.run("a", async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 1));
      running--;
    })));
  strictEqual(peak, 2);
  strictEqual(sem.running, 0);
  throws(() => new FairSemaphore(0), RangeError);
});

Deno.test("a waiting key is served before a busy key's queue", async () => {
  const sem = new FairSemaphore(1);
  const order: string[] = [];
  const first = gated();
  const note = (what: string) => () => {
    order.push(what);
    return Promise.resolve();
  };
  const held = sem.run("flood", first.task);
  const waiting = [
    ...Array.from({ length: 5 }, (_, i) => sem.run("flood", note(`flood${i}`))),
    sem.run("door", note("door")),
  ];
  first.release();
  await held;
  await Promise.all(waiting);
  // The door's task queued after five of the flood's and ran second.
  deepStrictEqual(order.slice(0, 2), ["flood0", "door"]);
  strictEqual(order.length, 6);
});

Deno.test("a failing task frees its place", async () => {
  const sem = new FairSemaphore(1);
  const failed = sem.run("a", () => Promise.reject(new Error("boom")));
  const next = sem.run("a", () => Promise.resolve(7));
  await failed.catch(() => {});
  strictEqual(await next, 7);
  strictEqual(sem.running, 0);
});
