import { strictEqual } from "node:assert/strict";
import {
  countryCode,
  maskEmail,
  maskPhone,
} from "../../domain/contact_mask.ts";

const emails: [string, string][] = [
  ["jane@example.com", "j***@example.com"],
  ["Jane.Doe+museum@example.com", "J***@example.com"],
  ["a@b.io", "a***@b.io"],
  // The last @ separates the domain (a quoted local part may hold one).
  ['"a@b"@example.org', '"***@example.org'],
  ["not-an-email", "***"],
  ["@example.com", "***"],
];
for (const [input, expected] of emails) {
  Deno.test(`maskEmail: ${input}`, () => {
    strictEqual(maskEmail(input), expected);
  });
}

Deno.test("maskEmail does not tell the local part's length", () => {
  strictEqual(
    maskEmail("j@example.com").length,
    maskEmail("jonathan.smith@example.com").length,
  );
});

const phones: [string, string][] = [
  // The contract's example: country code, first national digit, last three.
  ["+31612345678", "+31 6 ***** 678"],
  ["+14155550123", "+1 4 ****** 123"],
  ["+4915123456789", "+49 1 ******* 789"],
  ["+79161234567", "+7 9 ****** 567"],
  // Three-digit country codes (Ireland, Hong Kong).
  ["+353871234567", "+353 8 ***** 567"],
  ["+85212345678", "+852 1 **** 678"],
  // The shortest E.164 number still hides a digit.
  ["+35312345", "+353 1 * 345"],
  // Not E.164 (e.g. imported): only the last three digits.
  ["0612345678", "******* 678"],
  ["12", "*** 12"],
];
for (const [input, expected] of phones) {
  Deno.test(`maskPhone: ${input}`, () => {
    strictEqual(maskPhone(input), expected);
  });
}

Deno.test("countryCode splits one, two and three digits", () => {
  strictEqual(countryCode("14155550123"), "1");
  strictEqual(countryCode("31612345678"), "31");
  strictEqual(countryCode("353871234567"), "353");
  strictEqual(countryCode("380441234567"), "380");
});
