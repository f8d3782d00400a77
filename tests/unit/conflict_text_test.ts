import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  type Conflict,
  conflictCode,
  conflictSentences,
  groupConflicts,
  groupSources,
} from "../../components/manager/conflicts.ts";

const side = (
  at: string,
  gate: string | null,
  name: string,
  device: string,
) => ({
  at,
  gate,
  device,
  by: { id: 1, name },
});
const A = side("2026-11-14T09:42:00.000Z", "A", "Ann", "p1");
const B = side("2026-11-14T09:43:00.000Z", "B", "Bo", "p2");
const C = side("2026-11-14T09:45:00.000Z", null, "Cy", "p3");
const conflict = (
  id: number,
  code: string,
  extra: Partial<Conflict>,
): Conflict => ({
  id,
  kind: "DOUBLE_ADMISSION",
  code,
  code_prefix: code.slice(0, 8),
  reason: null,
  counted_inside: false,
  first: A,
  second: B,
  ...extra,
});

Deno.test("a ticket's conflicts read as one item: every admission once, earliest first, in the venue's zone", () => {
  const list = [
    conflict(1, "AAAABBBBCCCCDDDD", {}),
    conflict(3, "AAAABBBBCCCCDDDD", { second: C }),
    conflict(2, "ZZZZYYYYXXXXWWWW", {
      kind: "REFUSED_ADMISSION",
      first: null,
      second: B,
      reason: "TOO_LATE",
      counted_inside: true,
    }),
  ];
  const groups = groupConflicts(list);
  assertEquals(groups.map((g) => [g.code, g.id]), [
    ["AAAABBBBCCCCDDDD", 3],
    ["ZZZZYYYYXXXXWWWW", 2],
  ]);
  assertEquals(conflictCode(groups[0]), "AAAA-BBBB-CCCC-DDDD");
  assertEquals(conflictSentences(groups[0], "Europe/Amsterdam"), [
    "Admitted at 10:42 at gate A, at 10:43 at gate B and at 10:45 (no gate)",
  ]);
  assertEquals(
    groupSources(groups[0]),
    "Ann on p1, then Bo on p2, then Cy on p3",
  );
  assertEquals(conflictSentences(groups[1], "UTC"), [
    "Admitted offline at 09:43 at gate B, refused by the server (too late); counted inside",
  ]);
  assertEquals(groupSources(groups[1]), "Bo on p2");
});
