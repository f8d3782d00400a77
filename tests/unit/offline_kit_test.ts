/** Merging offline kits (domain/offline_kit.ts). */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { type KitAnswer, mergeKit } from "../../domain/offline_kit.ts";

const org = {
  orq: 1,
  timezone: "Europe/Berlin",
  entry_opens_minutes_before: null,
  entry_closes_minutes_after_start: null,
  allow_reentry: true,
};

function kit(over: Partial<KitAnswer>): KitAnswer {
  return {
    server_time: "2026-12-12T10:00:00Z",
    cursor: "c1",
    full: false,
    org,
    keys: [],
    revoked: { add: [], remove: [] },
    verified: { date: "2026-12-12", add: [], remove: [], inside: [] },
    ...over,
  };
}

const sorted = (list: string[]) => [...list].sort();

Deno.test("a full kit replaces; an incremental one adds and removes, states of changed tickets win", () => {
  const now = Date.parse("2026-12-12T09:59:58Z");
  const first = mergeKit(
    null,
    kit({
      full: true,
      revoked: { add: ["r1"], remove: [] },
      verified: {
        date: "2026-12-12",
        add: ["a", "b", "c"],
        remove: [],
        inside: ["a", "b"],
      },
    }),
    now,
  );
  assertEquals(first.skewMs, 2000);
  const next = mergeKit(
    first,
    kit({
      cursor: "c2",
      revoked: { add: ["r2"], remove: ["r1"] },
      // d admitted (inside), b went out, c's admission undone; a sent
      // again (the reads overlap) changes nothing.
      verified: {
        date: "2026-12-12",
        add: ["d", "a"],
        remove: ["c"],
        inside: ["d", "a"],
        outside: ["b"],
      },
    }),
    now,
  );
  assertEquals(next.cursor, "c2");
  assertEquals(next.revoked, ["r2"]);
  assertEquals(sorted(next.verified), ["a", "b", "d"]);
  assertEquals(sorted(next.inside), ["a", "d"]);
});

Deno.test("a kit for another day starts over", () => {
  const kept = mergeKit(
    null,
    kit({
      full: true,
      verified: { date: "2026-12-11", add: ["a"], remove: [], inside: ["a"] },
    }),
    0,
  );
  const next = mergeKit(
    kept,
    kit({
      verified: { date: "2026-12-12", add: ["z"], remove: [], inside: [] },
    }),
    0,
  );
  assertEquals([next.verified, next.inside, next.date], [
    ["z"],
    [],
    "2026-12-12",
  ]);
});
