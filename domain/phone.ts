/**
 * Phone numbers as people type them (API.md "Organization settings":
 * numbers typed without `+` or `00` are read as national numbers of the
 * venue's `country`), stored in E.164 and shown formatted.
 */
import {
  type CountryCode,
  parsePhoneNumberFromString,
} from "libphonenumber-js";
import { normalizePhone } from "./contact.ts";
import { isCountryCode } from "./org_settings.ts";

/** Whether `input` is written internationally (`+…` or `00…`). */
function international(input: string): boolean {
  return /^\s*(\+|00)/.test(input);
}

/**
 * The phone in E.164, or null. International input keeps the contract's
 * rule (`+`, 8 to 15 digits, typed punctuation dropped); anything else is
 * read as a national number of `country` and must be a valid one there
 * (no country: null).
 */
export function normalizePhoneIn(
  input: string,
  country: string | null | undefined,
): string | null {
  if (international(input)) return normalizePhone(input);
  if (!country || !isCountryCode(country)) return null;
  if (!/^[\d\s\-.()\/]+$/.test(input.trim())) return null;
  const parsed = parsePhoneNumberFromString(input, country as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  return normalizePhone(parsed.number);
}

/** Whether `input` needs a country to be read (no `+` or `00`). */
export function isNationalInput(input: string): boolean {
  return !international(input);
}

/** An E.164 number spaced for reading (`+31 6 12345678`), or as given. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}
