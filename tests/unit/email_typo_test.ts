import { strictEqual } from "node:assert/strict";
import { editDistance, suggestEmail } from "../../domain/email_typo.ts";

Deno.test("edit distance: insert, delete, substitute and a swap each count one", () => {
  strictEqual(editDistance("gmail.com", "gmail.com"), 0);
  strictEqual(editDistance("gmal.com", "gmail.com"), 1);
  strictEqual(editDistance("gmaill.com", "gmail.com"), 1);
  strictEqual(editDistance("gnail.com", "gmail.com"), 1);
  strictEqual(editDistance("gmial.com", "gmail.com"), 1);
  strictEqual(editDistance("hotmial.con", "hotmail.com"), 2);
  strictEqual(editDistance("", "abc"), 3);
  strictEqual(editDistance("abc", ""), 3);
});

const suggestions: [string, string | null][] = [
  ["jane@gmial.com", "jane@gmail.com"],
  ["jane@gmail.con", "jane@gmail.com"],
  ["jane@gmai.com", "jane@gmail.com"],
  ["Jane.Doe@GMAIL.CO", "Jane.Doe@gmail.com"],
  ["jane@hotmial.con", "jane@hotmail.com"],
  ["jane@yaho.com", "jane@yahoo.com"],
  ["jane@outlok.com", "jane@outlook.com"],
  ["  jane@icloud.cm ", "jane@icloud.com"],
  // Correct, known domains: nothing to suggest.
  ["jane@gmail.com", null],
  ["jane@GMX.de", null],
  ["jane@yahoo.de", null],
  // Unknown domains far from every common one are left alone.
  ["jane@museum-of-light.example", null],
  ["jane@uva.nl", null],
  // Short domains get one edit at most: "me.co" is one from "me.com".
  ["jane@me.co", "jane@me.com"],
  ["jane@ab.cd", null],
  // Not an address: nothing.
  ["jane", null],
  ["@gmial.com", null],
  ["jane@", null],
];
for (const [input, expected] of suggestions) {
  Deno.test(`suggestEmail: ${JSON.stringify(input)} → ${expected}`, () => {
    strictEqual(suggestEmail(input), expected);
  });
}
