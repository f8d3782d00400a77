import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  doorSearchPatterns,
  isDoorQuery,
  meaningfulCharacters,
} from "../../domain/door_search.ts";

Deno.test("a door search needs 3 letters or digits, whatever is between them", () => {
  const cases: [string, number, boolean][] = [
    ["", 0, false],
    ["ab", 2, false],
    ["a-b", 2, false],
    [" a b ", 2, false],
    ["@.-+", 0, false],
    ["abc", 3, true],
    ["a-b-c", 3, true],
    ["Zoë", 3, true],
    ["+31", 2, false],
    ["678", 3, true],
    ["x".repeat(254), 254, true],
    ["x".repeat(255), 255, false],
  ];
  for (const [q, count, ok] of cases) {
    assertEquals([meaningfulCharacters(q), isDoorQuery(q)], [count, ok], q);
    assertEquals(doorSearchPatterns(q) !== null, count >= 3, q);
  }
});

Deno.test("door search patterns: code, email and phone meanings", () => {
  assertEquals(doorSearchPatterns("pa8r-lvoe"), ["%pa8r-lvoe%", "%PA8R1V0E%"]);
  assertEquals(doorSearchPatterns("ZOË.Mül"), ["%zoe.mul%"]);
  // Phone digits from 3 on (the back office wants 4).
  assertEquals(doorSearchPatterns("+44 2"), ["%+442%", "%442%"]);
  assertEquals(doorSearchPatterns("6-1234 5"), [
    "%6-12345%",
    "%612345%",
  ]);
  // LIKE's wildcards are literal.
  assertEquals(doorSearchPatterns("o%m_l"), ["%o\\%m\\_l%"]);
  assertEquals(doorSearchPatterns("ab"), null);
});
