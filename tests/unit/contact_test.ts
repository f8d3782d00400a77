import { strictEqual } from "node:assert/strict";
import { normalizeEmail, normalizePhone } from "../../domain/contact.ts";

const local64 = "a".repeat(64);
const domain189 = `${"d".repeat(185)}.com`; // 64 + 1 + 189 = 254

// RFC 5322 addr-spec, with RFC 5321's length limits (64 local, 254 total).
const emailCases: { name: string; input: string; expected: string | null }[] = [
  {
    name: "a plain address",
    input: "jane@example.com",
    expected: "jane@example.com",
  },
  {
    name: "dots in the local part and a multi-label domain",
    input: "jane.smith@mail.example.co.uk",
    expected: "jane.smith@mail.example.co.uk",
  },
  {
    name: "plus-addressing",
    input: "jane+tickets@example.com",
    expected: "jane+tickets@example.com",
  },
  {
    name: "the special atext characters",
    input: "o'brien!#$%&*/=?^_`{|}~-@example.ie",
    expected: "o'brien!#$%&*/=?^_`{|}~-@example.ie",
  },
  {
    name: "a quoted local part with a space",
    input: '"jane smith"@example.com',
    expected: '"jane smith"@example.com',
  },
  {
    name: "a quoted local part with an @ and double dots",
    input: '"jane@home..x"@example.com',
    expected: '"jane@home..x"@example.com',
  },
  {
    name: "a quoted local part with an escaped quote",
    input: '"a\\"b"@example.com',
    expected: '"a\\"b"@example.com',
  },
  {
    name: "an empty quoted local part",
    input: '""@example.com',
    expected: '""@example.com',
  },
  {
    name: "an IPv4 domain literal",
    input: "user@[127.0.0.1]",
    expected: "user@[127.0.0.1]",
  },
  {
    name: "an IPv6 domain literal",
    input: "user@[IPv6:2001:db8::1]",
    expected: "user@[IPv6:2001:db8::1]",
  },
  {
    name: "a single-label domain is an addr-spec",
    input: "admin@localhost",
    expected: "admin@localhost",
  },
  {
    name: "case is kept",
    input: "Jane.Smith@Example.COM",
    expected: "Jane.Smith@Example.COM",
  },
  {
    name: "surrounding blanks are trimmed",
    input: "  jane@example.com \n",
    expected: "jane@example.com",
  },
  {
    name: "a local part of exactly 64 characters",
    input: `${local64}@example.com`,
    expected: `${local64}@example.com`,
  },
  {
    name: "exactly 254 characters",
    input: `${local64}@${domain189}`,
    expected: `${local64}@${domain189}`,
  },
  { name: "no @", input: "jane.example.com", expected: null },
  { name: "nothing before the @", input: "@example.com", expected: null },
  { name: "nothing after the @", input: "jane@", expected: null },
  { name: "two @", input: "jane@home@example.com", expected: null },
  {
    name: "double dot in the local part",
    input: "jane..smith@example.com",
    expected: null,
  },
  {
    name: "leading dot in the local part",
    input: ".jane@example.com",
    expected: null,
  },
  {
    name: "trailing dot in the local part",
    input: "jane.@example.com",
    expected: null,
  },
  {
    name: "double dot in the domain",
    input: "jane@example..com",
    expected: null,
  },
  {
    name: "leading dot in the domain",
    input: "jane@.example.com",
    expected: null,
  },
  {
    name: "trailing dot in the domain",
    input: "jane@example.com.",
    expected: null,
  },
  {
    name: "a space in the local part",
    input: "jane smith@example.com",
    expected: null,
  },
  { name: "a space in the domain", input: "jane@exa mple.com", expected: null },
  { name: "a space around the @", input: "jane @example.com", expected: null },
  {
    name: "a newline inside",
    input: "jane@example.com\nBcc: x@y.z",
    expected: null,
  },
  {
    name: "a display name is not an addr-spec",
    input: "Jane <jane@example.com>",
    expected: null,
  },
  { name: "an unclosed quote", input: '"jane@example.com', expected: null },
  {
    name: "an unescaped quote inside quotes",
    input: '"a"b"@example.com',
    expected: null,
  },
  {
    name: "brackets outside a domain literal",
    input: "jane@example[.]com",
    expected: null,
  },
  { name: "a comma", input: "jane,smith@example.com", expected: null },
  { name: "non-ASCII", input: "jané@example.com", expected: null },
  { name: "empty", input: "", expected: null },
  { name: "only blanks", input: "   ", expected: null },
  {
    name: "a local part of 65 characters",
    input: `${local64}a@example.com`,
    expected: null,
  },
  {
    name: "255 characters",
    input: `${local64}@d${domain189}`,
    expected: null,
  },
  {
    name: "a quoted local part longer than 64 characters",
    input: `"${"a b".repeat(22)}"@example.com`,
    expected: null,
  },
];

for (const c of emailCases) {
  Deno.test(`normalizeEmail: ${c.name}`, () => {
    strictEqual(normalizeEmail(c.input), c.expected);
  });
}

Deno.test("normalizeEmail: the length fixtures are what they claim", () => {
  strictEqual(`${local64}@${domain189}`.length, 254);
  strictEqual(`${local64}@d${domain189}`.length, 255);
  strictEqual(`"${"a b".repeat(22)}"`.length, 68);
});

// E.164: "+" and 8 to 15 digits, the first not 0; blanks, dashes, dots and
// brackets a person types are dropped; a leading 00 is read as +.
const phoneCases: { name: string; input: string; expected: string | null }[] = [
  { name: "already E.164", input: "+31612345678", expected: "+31612345678" },
  { name: "with spaces", input: "+31 6 1234 5678", expected: "+31612345678" },
  { name: "with dashes", input: "+31-6-1234-5678", expected: "+31612345678" },
  { name: "with dots", input: "+44.20.7946.0958", expected: "+442079460958" },
  {
    name: "brackets around the area code",
    input: "+1 (212) 555-0100",
    expected: "+12125550100",
  },
  {
    name: "brackets around the country code",
    input: "(+1) 212-555-0100",
    expected: "+12125550100",
  },
  { name: "00 read as +", input: "0031 6 12345678", expected: "+31612345678" },
  {
    name: "00 read as + without blanks",
    input: "0031612345678",
    expected: "+31612345678",
  },
  {
    name: "surrounding blanks",
    input: "  +31612345678 \n",
    expected: "+31612345678",
  },
  {
    name: "a tab and a non-breaking space",
    input: "+31\t6\u00a012345678",
    expected: "+31612345678",
  },
  { name: "8 digits, the shortest", input: "+12345678", expected: "+12345678" },
  {
    name: "15 digits, the longest",
    input: "+123456789012345",
    expected: "+123456789012345",
  },
  { name: "7 digits is too few", input: "+1234567", expected: null },
  { name: "16 digits is too many", input: "+1234567890123456", expected: null },
  { name: "a 0 after the +", input: "+0612345678", expected: null },
  { name: "00 followed by a 0", input: "000612345678", expected: null },
  { name: "a national number without +", input: "0612345678", expected: null },
  { name: "digits only, no +", input: "31612345678", expected: null },
  { name: "letters", input: "+31 6 CALL NOW", expected: null },
  { name: "a letter among digits", input: "+3161234567a8", expected: null },
  { name: "an extension", input: "+31612345678 ext 12", expected: null },
  { name: "two pluses", input: "++31612345678", expected: null },
  { name: "a + in the middle", input: "+316+12345678", expected: null },
  { name: "only a +", input: "+", expected: null },
  { name: "only 00", input: "00", expected: null },
  { name: "empty", input: "", expected: null },
  { name: "non-ASCII digits", input: "+٣١٦١٢٣٤٥٦٧٨", expected: null },
  { name: "a hash", input: "+31612345678#", expected: null },
];

for (const c of phoneCases) {
  Deno.test(`normalizePhone: ${c.name}`, () => {
    strictEqual(normalizePhone(c.input), c.expected);
  });
}

Deno.test("normalizePhone: the result fits the 20-character column", () => {
  // US-015 schema: customer_phone VARCHAR(20).
  const longest = normalizePhone("+1 (234) 567-890-12345");
  strictEqual(longest, "+123456789012345");
  strictEqual((longest ?? "").length <= 20, true);
});
