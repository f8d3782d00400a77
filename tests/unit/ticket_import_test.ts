import { deepStrictEqual, strictEqual } from "node:assert/strict";
import {
  importResult,
  judgeRow,
  MAX_LISTED_SKIPS,
  planImport,
} from "../../domain/ticket_import.ts";
import {
  isWeakCode,
  normalizeCodeFragment,
  normalizeImportedCode,
} from "../../domain/ticket_code.ts";

const judgeCases: {
  name: string;
  raw: { code: string; status?: string | null; order_ref?: string | null };
  expected: ReturnType<typeof judgeRow>;
}[] = [
  {
    name: "12 characters, no status: PENDING_PAYMENT",
    raw: { code: "0123456789AB" },
    expected: {
      row: 1,
      code: "0123456789AB",
      status: "PENDING_PAYMENT",
      order_ref: null,
    },
  },
  {
    name: "folded like a typed code (case, separators, I/L/O)",
    raw: { code: " il0o-abcd efgh_jk.mn ", status: " activated " },
    expected: {
      row: 1,
      code: "1100ABCDEFGHJKMN",
      status: "ACTIVATED",
      order_ref: null,
    },
  },
  {
    name: "64 characters and an order_ref",
    raw: { code: "A".repeat(64), status: "", order_ref: " ORD-1 " },
    expected: {
      row: 1,
      code: "A".repeat(64),
      status: "PENDING_PAYMENT",
      order_ref: "ORD-1",
    },
  },
  { name: "11 characters", raw: { code: "0123456789A" }, expected: null },
  { name: "65 characters", raw: { code: "A".repeat(65) }, expected: null },
  { name: "U is not Crockford", raw: { code: "0123456789AU" }, expected: null },
  { name: "empty code", raw: { code: "" }, expected: null },
  {
    name: "a later status",
    raw: { code: "0123456789AB", status: "VERIFIED" },
    expected: null,
  },
  {
    name: "an unknown status",
    raw: { code: "0123456789AB", status: "PAID" },
    expected: null,
  },
  {
    name: "order_ref over 100 characters",
    raw: { code: "0123456789AB", order_ref: "x".repeat(101) },
    expected: null,
  },
  {
    name: "NUL in order_ref",
    raw: { code: "0123456789AB", order_ref: "a\0b" },
    expected: null,
  },
];

for (const c of judgeCases) {
  Deno.test(`judgeRow: ${c.name}`, () => {
    deepStrictEqual(judgeRow({ row: 1, ...c.raw }), c.expected);
  });
}

Deno.test("planImport: repeats are DUPLICATE, the rest sorted by code", () => {
  const plan = planImport([
    { row: 1, code: "ZZZZZZZZZZZZ" },
    { row: 2, code: "bad" },
    { row: 3, code: "AAAAAAAAAAAA" },
    { row: 4, code: "zzzz-zzzz-zzzz" },
  ]);
  deepStrictEqual(plan.insert.map((r) => [r.row, r.code]), [
    [3, "AAAAAAAAAAAA"],
    [1, "ZZZZZZZZZZZZ"],
  ]);
  deepStrictEqual(plan.skipped, [
    { row: 2, code: "bad", reason: "INVALID" },
    { row: 4, code: "ZZZZZZZZZZZZ", reason: "DUPLICATE" },
  ]);
});

Deno.test("importResult: refused inserts are DUPLICATE, weak counts imported only", () => {
  const plan = planImport([
    { row: 1, code: "AAAAAAAAAAAA" }, // weak (60 bits), imported
    { row: 2, code: "BBBBBBBBBBBBBBBB" }, // 80 bits, imported
    { row: 3, code: "CCCCCCCCCCCC" }, // weak, held elsewhere
  ]);
  const result = importResult(
    plan,
    new Set(["AAAAAAAAAAAA", "BBBBBBBBBBBBBBBB"]),
  );
  deepStrictEqual(result, {
    imported: 2,
    skipped: [{ row: 3, code: "CCCCCCCCCCCC", reason: "DUPLICATE" }],
    skipped_count: 1,
    weak_codes: 1,
  });
});

Deno.test("importResult: at most 1,000 skipped rows listed, all counted", () => {
  const rows = Array.from({ length: 1500 }, (_, i) => ({
    row: i + 1,
    code: "x",
  }));
  const result = importResult(planImport(rows), new Set());
  strictEqual(result.skipped.length, MAX_LISTED_SKIPS);
  strictEqual(result.skipped_count, 1500);
  strictEqual(result.skipped[0].row, 1);
});

Deno.test("isWeakCode: under 80 bits", () => {
  strictEqual(isWeakCode("A".repeat(15)), true);
  strictEqual(isWeakCode("A".repeat(16)), false);
});

Deno.test("normalizeImportedCode and normalizeCodeFragment fold alike", () => {
  strictEqual(normalizeImportedCode("abcd-efgh-jkmn"), "ABCDEFGHJKMN");
  strictEqual(normalizeCodeFragment("o-il"), "011");
  strictEqual(normalizeCodeFragment("a@b"), null);
});
