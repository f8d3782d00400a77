/** Customer contact rules: RFC 5322 addr-spec emails and E.164 phones. */

// RFC 5322 addr-spec (dot-atom or quoted local part; dot-atom or domain literal).
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const QUOTED = '"(?:[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\x20-\\x7E])*"';
const DOMAIN_LITERAL = "\\[[\\x21-\\x5A\\x5E-\\x7E]*\\]";
const ADDR_SPEC = new RegExp(
  `^(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|${DOMAIN_LITERAL})$`,
);

/** The email trimmed when it is an RFC 5322 addr-spec of sane length, else null. */
export function normalizeEmail(input: string): string | null {
  const email = input.trim();
  if (email.length > 254 || !ADDR_SPEC.test(email)) return null;
  const at = email.lastIndexOf("@");
  if (at > 64) return null; // local part at most 64 octets (RFC 5321)
  return email;
}

/**
 * The phone in E.164 (`+` and 8 to 15 digits, no leading zero) after dropping
 * the spaces, dashes, dots and brackets people type; `00` is read as `+`.
 * Null when it cannot be one.
 */
export function normalizePhone(input: string): string | null {
  let phone = input.trim().replace(/[\s\-.()\/]/g, "");
  if (phone.startsWith("00")) phone = "+" + phone.slice(2);
  return /^\+[1-9]\d{7,14}$/.test(phone) ? phone : null;
}
