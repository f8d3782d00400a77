import { deepStrictEqual } from "node:assert/strict";
import { splitTicketCodes } from "../../domain/code_list.ts";

const A = "7K3Q-W9M2-XC4T-PA8R-1VNE";
const B = "8K3QW9M2XC4TPA8R1VNE";

Deno.test("pasted codes split at lines, commas, semicolons and spaces", () => {
  const cases: [string, string[]][] = [
    [`${A}\n${B}`, [A, B]],
    [`${A}, ${B};${A}`, [A, B, A]],
    [`${A} ${B}`, [A, B]],
    [`  ${A}\r\n\r\n  ${B}  \n`, [A, B]],
    // Groups of four typed with spaces stay one code.
    ["7K3Q W9M2 XC4T PA8R 1VNE", ["7K3Q W9M2 XC4T PA8R 1VNE"]],
    ["7K3Q W9M2 XC4T PA8R 1VNE\n8K3Q W9M2 XC4T PA8R 1VNE", [
      "7K3Q W9M2 XC4T PA8R 1VNE",
      "8K3Q W9M2 XC4T PA8R 1VNE",
    ]],
    // Something that is no code is kept as typed, to be reported.
    ["hello world", ["hello world"]],
    ["", []],
    [" , ;\n", []],
  ];
  for (const [text, want] of cases) {
    deepStrictEqual(splitTicketCodes(text), want, text);
  }
});
