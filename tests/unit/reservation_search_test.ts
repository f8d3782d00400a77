import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  codeFragment,
  foldEmail,
  phoneDigits,
  searchPatterns,
} from "../../domain/reservation_search.ts";
import { csvLines, safeCell } from "../../lib/reservation_csv.ts";

Deno.test("a code fragment is read as a typed code is", () => {
  const cases: [string, string | null][] = [
    ["w9m2-xc4t", "W9M2XC4T"],
    ["7k3q w9", "7K3QW9"],
    ["ilo", "110"],
    ["ab", null],
    ["a@b.c", null],
    ["uuu", null], // U is not in Crockford's alphabet
  ];
  for (const [typed, want] of cases) assertEquals(codeFragment(typed), want);
});

Deno.test("an email fragment is lower case without accents or spaces", () => {
  assertEquals(foldEmail("JOSÉ.García@Exämple"), "jose.garcia@example");
  assertEquals(foldEmail("Søren Æble"), "sorenaeble");
});

Deno.test("phone digits need 4 and only phone characters", () => {
  assertEquals(phoneDigits("+31 6-1234"), "3161234");
  assertEquals(phoneDigits("(020) 555"), "020555");
  assertEquals(phoneDigits("123"), null);
  assertEquals(phoneDigits("abc1234"), null);
});

Deno.test("q becomes one LIKE pattern per meaning, wildcards escaped", () => {
  assertEquals(searchPatterns("anna_1%"), ["%anna\\_1\\%%"]);
  assertEquals(searchPatterns("6123 45"), ["%612345%"]);
  assertEquals(searchPatterns("W9M2-x"), ["%w9m2-x%", "%W9M2X%"]);
});

Deno.test("cells that a spreadsheet would run get a leading quote", () => {
  for (const v of ["=1+1", "+31612345678", "-2", "@SUM(A1)", "\tx", "\rx"]) {
    assertEquals(safeCell(v), `'${v}`);
  }
  assertEquals(safeCell("a=b"), "a=b");
  assertEquals(safeCell(null), "");
  assertEquals(safeCell(7), "7");
  assertEquals(
    csvLines([["a,b", 'say "hi"', "+316", null]]),
    '"a,b","say ""hi""",\'+316,\r\n',
  );
});
