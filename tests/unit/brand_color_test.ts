import { ok as assert, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import {
  AA_TEXT,
  accentOf,
  contrastRatio,
  readableTextOn,
  relativeLuminance,
} from "../../domain/brand_color.ts";

Deno.test("relative luminance: black 0, white 1, WCAG's sRGB curve", () => {
  strictEqual(relativeLuminance("#000000"), 0);
  strictEqual(relativeLuminance("#FFFFFF"), 1);
  // Mid grey #777777: 0.184 (WCAG's formula, not 119/255).
  assert(Math.abs(relativeLuminance("#777777") - 0.1845) < 0.001);
  throws(() => relativeLuminance("red"), RangeError);
  throws(() => relativeLuminance("#12345"), RangeError);
});

Deno.test("contrast ratio: 21 for black on white, 1 for a colour on itself, symmetric", () => {
  strictEqual(contrastRatio("#000000", "#ffffff"), 21);
  strictEqual(contrastRatio("#ffffff", "#000000"), 21);
  strictEqual(contrastRatio("#3366cc", "#3366cc"), 1);
  // #767676 is the lightest grey that passes AA on white (4.54:1).
  assert(contrastRatio("#767676", "#ffffff") >= AA_TEXT);
  assert(contrastRatio("#777777", "#ffffff") < AA_TEXT);
});

const cases: [string, string][] = [
  ["#ffffff", "#000000"],
  ["#ffd500", "#000000"], // yellow: dark text
  ["#00a0e0", "#000000"], // light blue
  ["#1d4ed8", "#ffffff"], // deep blue: white text
  ["#7b2d8e", "#ffffff"], // purple
  ["#000000", "#ffffff"],
  ["#C0392B", "#ffffff"], // upper-case input
];
for (const [bg, text] of cases) {
  Deno.test(`readable text on ${bg} is ${text}`, () => {
    strictEqual(readableTextOn(bg), text);
  });
}

Deno.test("readable text passes AA on every colour", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
      const bg = `#${n.toString(16).padStart(6, "0")}`;
      return contrastRatio(bg, readableTextOn(bg)) >= AA_TEXT;
    }),
    { numRuns: 5_000 },
  );
});

Deno.test("accent: none without a valid colour; lower-cased background", () => {
  strictEqual(accentOf(null), null);
  strictEqual(accentOf(""), null);
  strictEqual(accentOf("blue"), null);
  strictEqual(accentOf("#12345g"), null);
  const a = accentOf("#1D4ED8")!;
  strictEqual(a.background, "#1d4ed8");
  strictEqual(a.text, "#ffffff");
});
