/**
 * Masked contact details, for answers that a ticket code alone may read
 * (API.md "POST /api/reservations/create": `j***@example.com`,
 * `+31 6 ***** 678`). Pure.
 */

/** The email with its local part reduced to its first character and `***`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  // A fixed `***`: the mask does not tell the local part's length.
  return `${email[0]}***${email.slice(at)}`;
}

/*
 * ITU-T E.164 country calling codes of one and two digits; every other
 * code has three. Enough to split a number into country code and national
 * part without a numbering-plan library.
 */
const ONE_DIGIT = new Set(["1", "7"]);
const TWO_DIGITS = new Set([
  "20",
  "27",
  "30",
  "31",
  "32",
  "33",
  "34",
  "36",
  "39",
  "40",
  "41",
  "43",
  "44",
  "45",
  "46",
  "47",
  "48",
  "49",
  "51",
  "52",
  "53",
  "54",
  "55",
  "56",
  "57",
  "58",
  "60",
  "61",
  "62",
  "63",
  "64",
  "65",
  "66",
  "81",
  "82",
  "84",
  "86",
  "90",
  "91",
  "92",
  "93",
  "94",
  "95",
  "98",
]);

/** The E.164 country calling code at the start of `digits` (no `+`). */
export function countryCode(digits: string): string {
  if (ONE_DIGIT.has(digits.slice(0, 1))) return digits.slice(0, 1);
  if (TWO_DIGITS.has(digits.slice(0, 2))) return digits.slice(0, 2);
  return digits.slice(0, 3);
}

/**
 * The phone with its country code, first national digit and last three
 * digits kept and every other digit a `*`: `+31612345678` →
 * `+31 6 ***** 678`. A number not in E.164 keeps only its last three digits.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (!/^\+[1-9]\d{7,14}$/.test(phone)) {
    const tail = digits.slice(-3);
    return `${"*".repeat(Math.max(3, digits.length - tail.length))} ${tail}`;
  }
  const cc = countryCode(digits);
  const national = digits.slice(cc.length);
  const hidden = national.length - 4;
  return `+${cc} ${national[0]} ${"*".repeat(hidden)} ${national.slice(-3)}`;
}
