import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { parsePayload } from "../../lib/live/hub.ts";

Deno.test("a conflict payload carries its conflict; without one it is not ours", () => {
  const conflict = { code_prefix: "ABCD1234", first: null, second: {} };
  assertEquals(
    parsePayload(
      JSON.stringify({ orq: 1, kind: "conflict", slots: [], conflict }),
    ),
    { orq: 1, kind: "conflict", slots: [], conflict },
  );
  assertEquals(
    parsePayload('{"orq":1,"kind":"conflict","slots":[]}'),
    null,
  );
  assertEquals(
    parsePayload('{"orq":1,"kind":"conflict","slots":[],"conflict":"x"}'),
    null,
  );
});
