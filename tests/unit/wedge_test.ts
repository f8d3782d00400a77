import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { WedgeBuffer } from "../../components/operator/wedge.ts";

/** Feeds `keys` at the given gaps (ms) and returns what each key answered. */
function feed(keys: string[], gaps: number[]): (string | null)[] {
  const b = new WedgeBuffer();
  let at = 1000;
  return keys.map((k, i) => b.key(k, at += gaps[i] ?? 0));
}

const CODE = [..."7K3Q-W9M2-XC4T"];

Deno.test("a fast burst and Enter is one scan", () => {
  const out = feed([...CODE, "Enter"], CODE.map(() => 10).concat(20));
  assertEquals(out.at(-1), "7K3Q-W9M2-XC4T");
  assertEquals(out.slice(0, -1).every((x) => x === null), true);
});

Deno.test("Shift between characters does not break a scan", () => {
  const keys = ["Shift", "A", "Shift", "B", ..."CDEFGHIJ", "Enter"];
  const out = feed(keys, keys.map(() => 5));
  assertEquals(out.at(-1), "ABCDEFGHIJ");
});

Deno.test("people typing, short bursts and slow Enter are not scans", () => {
  const rows: [string, string[], number[]][] = [
    ["human speed", [...CODE, "Enter"], [...CODE, ""].map(() => 120)],
    ["too short", [..."ABC1234", "Enter"], Array(8).fill(5)],
    ["late Enter", [...CODE, "Enter"], [...CODE.map(() => 5), 800]],
    [
      "arrow key between",
      [..."ABCD", "ArrowLeft", ..."EFGHIJ", "Enter"],
      Array(12).fill(5),
    ],
    ["Enter alone", ["Enter"], [5]],
  ];
  for (const [name, keys, gaps] of rows) {
    assertEquals(feed(keys, gaps).at(-1), null, name);
  }
});

Deno.test("a pause starts a new scan: only the fast tail counts", () => {
  const keys = [..."XY", ..."ABCDEFGH", "Enter"];
  const gaps = [0, 5, 400, 5, 5, 5, 5, 5, 5, 5, 5];
  assertEquals(feed(keys, gaps).at(-1), "ABCDEFGH");
});
