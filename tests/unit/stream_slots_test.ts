import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { StreamSlots } from "../../lib/stream_slots.ts";

Deno.test("stream slots: at most `max` per key, given back once each", () => {
  const slots = new StreamSlots(2);
  const a1 = slots.take("a"), a2 = slots.take("a");
  assertEquals(slots.take("a"), null);
  const b1 = slots.take("b");
  assertEquals(b1 !== null, true);
  a1!();
  a1!(); // twice gives back one slot, not two
  assertEquals(slots.count("a"), 1);
  const a3 = slots.take("a");
  assertEquals(a3 !== null, true);
  assertEquals(slots.take("a"), null);
  a2!();
  a3!();
  b1!();
  assertEquals([slots.count("a"), slots.count("b")], [0, 0]);
});
