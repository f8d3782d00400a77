import { strictEqual } from "node:assert/strict";
import {
  formatPhone,
  isNationalInput,
  normalizePhoneIn,
} from "../../domain/phone.ts";

const cases: [string, string | null, string | null][] = [
  // National numbers of the venue's country.
  ["06 12345678", "NL", "+31612345678"],
  ["0612345678", "NL", "+31612345678"],
  ["020-123 4567", "NL", "+31201234567"],
  ["030 1234567", "DE", "+49301234567"],
  ["(415) 555-2671", "US", "+14155552671"],
  ["020 7946 0958", "GB", "+442079460958"],
  // Too short, letters, or no country to read them in.
  ["06 1234", "NL", null],
  ["06 CALL ME", "NL", null],
  ["06 12345678", null, null],
  ["06 12345678", "", null],
  ["06 12345678", "ZZ", null],
  // International input keeps the contract's E.164 rule, whatever the country.
  ["+31 6 1234 5678", "DE", "+31612345678"],
  ["0031 6 12345678", null, "+31612345678"],
  ["+1 (415) 555-2671", "NL", "+14155552671"],
  ["+0 123", "NL", null],
];
for (const [input, country, expected] of cases) {
  Deno.test(`normalizePhoneIn(${JSON.stringify(input)}, ${country})`, () => {
    strictEqual(normalizePhoneIn(input, country), expected);
  });
}

Deno.test("national input: no + and no 00", () => {
  strictEqual(isNationalInput("06 12345678"), true);
  strictEqual(isNationalInput("+31612345678"), false);
  strictEqual(isNationalInput(" 0031 6"), false);
});

Deno.test("formatPhone spaces an E.164 number; anything else stays as given", () => {
  strictEqual(formatPhone("+31612345678"), "+31 6 12345678");
  strictEqual(formatPhone("+14155552671"), "+1 415 555 2671");
  strictEqual(formatPhone("not a phone"), "not a phone");
});
