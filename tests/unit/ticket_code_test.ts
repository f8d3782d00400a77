import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  CODE_LENGTH,
  extractTicketCode,
  formatTicketCode,
  generateTicketCode,
  normalizeTicketCode,
} from "../../domain/ticket_code.ts";

// Crockford's base32: the digits and the upper-case letters without I, L, O, U.
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

Deno.test("Crockford alphabet used by the tests has 32 characters", () => {
  strictEqual(new Set(CROCKFORD).size, 32);
  for (const banned of "ILOU") ok(!CROCKFORD.includes(banned));
});

Deno.test("generateTicketCode: 20 characters of Crockford base32", () => {
  strictEqual(CODE_LENGTH, 20);
  for (let i = 0; i < 1000; i++) {
    const code = generateTicketCode();
    strictEqual(code.length, 20);
    ok(/^[0-9A-HJKMNP-TV-Z]{20}$/.test(code), `unexpected code ${code}`);
  }
});

Deno.test("generateTicketCode: at least 80 bits, enough for the contract", () => {
  // 20 characters × 5 bits each = 100 bits, above API.md's minimum of 80.
  ok(CODE_LENGTH * Math.log2(CROCKFORD.length) >= 80);
});

Deno.test("generateTicketCode: 10,000 codes are all different", () => {
  const codes = new Set<string>();
  for (let i = 0; i < 10_000; i++) codes.add(generateTicketCode());
  strictEqual(codes.size, 10_000);
});

/** Pearson's chi-square statistic of `counts` against a uniform spread. */
function chiSquare(counts: Map<string, number>, total: number): number {
  const expected = total / CROCKFORD.length;
  let chi = 0;
  for (const ch of CROCKFORD) {
    const observed = counts.get(ch) ?? 0;
    chi += (observed - expected) ** 2 / expected;
  }
  return chi;
}

Deno.test("generateTicketCode: characters are roughly uniform", () => {
  // 31 degrees of freedom: mean 31, standard deviation about 7.9. A bound of
  // 100 fails an honest generator about once in a billion runs, but catches a
  // biased mapping (e.g. `byte % 32` over a non-multiple range, or a missing
  // letter) at once.
  const codes = Array.from({ length: 10_000 }, generateTicketCode);
  const overall = new Map<string, number>();
  const perPosition = Array.from(
    { length: CODE_LENGTH },
    () => new Map<string, number>(),
  );
  for (const code of codes) {
    [...code].forEach((ch, i) => {
      overall.set(ch, (overall.get(ch) ?? 0) + 1);
      perPosition[i].set(ch, (perPosition[i].get(ch) ?? 0) + 1);
    });
  }
  strictEqual(overall.size, 32, "every character of the alphabet occurs");
  const chi = chiSquare(overall, codes.length * CODE_LENGTH);
  ok(chi < 100, `overall chi-square ${chi.toFixed(1)} is too large`);
  perPosition.forEach((counts, i) => {
    const c = chiSquare(counts, codes.length);
    ok(c < 110, `chi-square ${c.toFixed(1)} at position ${i} is too large`);
  });
});

Deno.test("generateTicketCode: a new code is already in normal form", () => {
  for (let i = 0; i < 200; i++) {
    const code = generateTicketCode();
    strictEqual(normalizeTicketCode(code), code);
    strictEqual(normalizeTicketCode(formatTicketCode(code)), code);
    strictEqual(
      normalizeTicketCode(formatTicketCode(code).toLowerCase()),
      code,
    );
  }
});

const normalizeCases: {
  name: string;
  input: string;
  expected: string | null;
}[] = [
  {
    name: "a stored code stays as it is",
    input: "7K3QW9M2XC4TPA8R1VNE",
    expected: "7K3QW9M2XC4TPA8R1VNE",
  },
  {
    name: "lower case is upper-cased",
    input: "7k3qw9m2xc4tpa8r1vne",
    expected: "7K3QW9M2XC4TPA8R1VNE",
  },
  {
    name: "dashes of the printed form are dropped",
    input: "7K3Q-W9M2-XC4T-PA8R-1VNE",
    expected: "7K3QW9M2XC4TPA8R1VNE",
  },
  {
    name: "spaces, tabs and surrounding blanks are dropped",
    input: "  7k3q w9m2\txc4t  pa8r 1vne \n",
    expected: "7K3QW9M2XC4TPA8R1VNE",
  },
  {
    name: "mixed case with dashes and spaces",
    input: "7k3Q - W9m2 - xC4t - PA8r - 1vNe",
    expected: "7K3QW9M2XC4TPA8R1VNE",
  },
  {
    name: "I and L read as 1, O as 0",
    input: "IL0O-ABCD-EFGH-JKMN",
    expected: "1100ABCDEFGHJKMN",
  },
  {
    name: "lower-case i, l and o fold the same way",
    input: "il0o-abcd-efgh-jkmn",
    expected: "1100ABCDEFGHJKMN",
  },
  {
    name: "exactly 16 characters is accepted",
    input: "0123456789ABCDEF",
    expected: "0123456789ABCDEF",
  },
  {
    name: "exactly 64 characters (an imported code) is accepted",
    input: "0123456789ABCDEFGHJKMNPQRSTVWXYZ".repeat(2),
    expected: "0123456789ABCDEFGHJKMNPQRSTVWXYZ".repeat(2),
  },
  {
    name: "exactly 12 characters (an imported code) is accepted",
    input: "0123-4567-89AB",
    expected: "0123456789AB",
  },
  {
    name: "11 characters is too short",
    input: "0123456789A",
    expected: null,
  },
  {
    name: "separators do not count towards the length",
    input: "0123-4567-89A",
    expected: null,
  },
  {
    name: "65 characters is too long",
    input: "0123456789ABCDEFGHJKMNPQRSTVWXYZ".repeat(2) + "0",
    expected: null,
  },
  { name: "empty text", input: "", expected: null },
  { name: "only separators", input: " - - - ", expected: null },
  {
    name: "U is not in the alphabet",
    input: "7K3QW9M2XC4TPA8R1VNU",
    expected: null,
  },
  {
    name: "punctuation is foreign",
    input: "7K3QW9M2XC4TPA8R1VN!",
    expected: null,
  },
  {
    name: "a slash is foreign",
    input: "7K3QW9M2/XC4TPA8R1VNE",
    expected: null,
  },
  {
    name: "non-ASCII letters are foreign",
    input: "7K3QW9M2XC4TPA8R1VNÉ",
    expected: null,
  },
  {
    name: "an emoji is foreign",
    input: "7K3QW9M2XC4TPA8R1VN🎟",
    expected: null,
  },
  {
    name: "a link is not a code (extract it first)",
    input: "https://x/reserve?code=7K3QW9M2XC4TPA8R1VNE",
    expected: null,
  },
];

for (const c of normalizeCases) {
  Deno.test(`normalizeTicketCode: ${c.name}`, () => {
    strictEqual(normalizeTicketCode(c.input), c.expected);
  });
}

const formatCases: [string, string][] = [
  ["7K3QW9M2XC4TPA8R1VNE", "7K3Q-W9M2-XC4T-PA8R-1VNE"],
  ["0123456789ABCDEF", "0123-4567-89AB-CDEF"],
  ["0123456789ABCDEFG", "0123-4567-89AB-CDEF-G"],
  ["ABCD", "ABCD"],
  ["ABC", "ABC"],
];

for (const [code, expected] of formatCases) {
  Deno.test(`formatTicketCode: ${code} → ${expected}`, () => {
    strictEqual(formatTicketCode(code), expected);
  });
}

Deno.test("formatTicketCode: groups of four joined by dashes", () => {
  const code = generateTicketCode();
  const groups = formatTicketCode(code).split("-");
  strictEqual(groups.length, 5);
  for (const g of groups) strictEqual(g.length, 4);
  strictEqual(groups.join(""), code);
});

const CODE = "7K3QW9M2XC4TPA8R1VNE";
const extractCases: { name: string; input: string; expected: string }[] = [
  { name: "a raw code is returned as is", input: CODE, expected: CODE },
  {
    name: "a typed code in groups is returned as typed",
    input: "7K3Q-W9M2-XC4T-PA8R-1VNE",
    expected: "7K3Q-W9M2-XC4T-PA8R-1VNE",
  },
  {
    name: "surrounding blanks of a raw code are trimmed",
    input: `  ${CODE}\n`,
    expected: CODE,
  },
  {
    name: "the code query parameter of the reserve link",
    input: `https://x/reserve?code=${CODE}`,
    expected: CODE,
  },
  {
    name: "the code query parameter in its printed form",
    input: "http://127.0.0.1:8000/reserve?code=7K3Q-W9M2-XC4T-PA8R-1VNE",
    expected: "7K3Q-W9M2-XC4T-PA8R-1VNE",
  },
  {
    name: "code among other query parameters and a fragment",
    input: `https://tickets.example.com/reserve?lang=nl&code=${CODE}#top`,
    expected: CODE,
  },
  {
    name: "a percent-encoded query value is decoded",
    input: "https://x/reserve?code=7K3Q%20W9M2%20XC4T%20PA8R%201VNE",
    expected: "7K3Q W9M2 XC4T PA8R 1VNE",
  },
  {
    name: "upper-case scheme is still a link",
    input: `HTTPS://X/reserve?code=${CODE}`,
    expected: CODE,
  },
  {
    name: "a link whose last path part is the code",
    input: `https://x/t/${CODE}`,
    expected: CODE,
  },
  {
    name: "a trailing slash after the code",
    input: `https://x/t/${CODE}/`,
    expected: CODE,
  },
  {
    name: "a percent-encoded path part is decoded",
    input: "https://x/t/7K3Q%2DW9M2",
    expected: "7K3Q-W9M2",
  },
  {
    name: "an empty code parameter falls back to the path",
    input: `https://x/t/${CODE}?code=`,
    expected: CODE,
  },
  {
    name: "a link is trimmed before it is read",
    input: ` https://x/reserve?code=${CODE} `,
    expected: CODE,
  },
  {
    name: "text that only looks like a link is returned as is",
    input: `reserve?code=${CODE}`,
    expected: `reserve?code=${CODE}`,
  },
  {
    name: "a broken link is returned as is",
    input: "http://",
    expected: "http://",
  },
];

for (const c of extractCases) {
  Deno.test(`extractTicketCode: ${c.name}`, () => {
    strictEqual(extractTicketCode(c.input), c.expected);
  });
}

Deno.test("extract then normalize: a QR link, a typed code and a raw code agree", () => {
  const inputs = [
    CODE,
    "7k3q-w9m2-xc4t-pa8r-1vne",
    `https://x/reserve?code=${CODE}`,
    "http://127.0.0.1:8000/reserve?code=7K3Q-W9M2-XC4T-PA8R-1VNE",
    `https://x/t/${CODE.toLowerCase()}`,
  ];
  deepStrictEqual(
    inputs.map((i) => normalizeTicketCode(extractTicketCode(i))),
    inputs.map(() => CODE),
  );
});

Deno.test("normalizeTicketCode accepts exactly the alphabet, I/L/O folded", () => {
  for (let c = 0x20; c < 0x7f; c++) {
    const ch = String.fromCharCode(c);
    const got = normalizeTicketCode(`7K3QW9M2XC4TPA8R1VN${ch}`);
    const upper = ch.toUpperCase();
    const folded = upper === "O"
      ? "0"
      : upper === "I" || upper === "L"
      ? "1"
      : upper;
    if (CROCKFORD.includes(folded)) {
      strictEqual(got, `7K3QW9M2XC4TPA8R1VN${folded}`, JSON.stringify(ch));
    } else if (/[\s\-_.]/.test(ch)) {
      strictEqual(got, "7K3QW9M2XC4TPA8R1VN", JSON.stringify(ch));
    } else {
      strictEqual(got, null, JSON.stringify(ch));
    }
  }
});
