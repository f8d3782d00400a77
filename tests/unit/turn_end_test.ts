import { strictEqual } from "node:assert/strict";
import { atTurnEnd } from "../../db/turn_end.ts";

Deno.test("atTurnEnd: calls within one turn run it once, after the turn; a later turn runs it again", async () => {
  let runs = 0;
  const soon = atTurnEnd(() => runs++);
  soon();
  soon();
  await Promise.resolve();
  soon();
  strictEqual(runs, 0, "not before the turn ends, microtasks included");
  await new Promise((r) => setTimeout(r, 0));
  strictEqual(runs, 1);
  soon();
  await new Promise((r) => setTimeout(r, 0));
  strictEqual(runs, 2);
});
