/**
 * The stored ticket code of whatever a door device uploaded by sync: a
 * signed `TE1.` payload gives its claimed code, anything else is read as a
 * scanned link or a typed code. The one place where sync turns scanned text
 * into a code, so that signature checks can be added here.
 */
import { parseSignedPayload } from "../domain/signed_payload.ts";
import {
  extractTicketCode,
  normalizeTicketCode,
} from "../domain/ticket_code.ts";

/** Normalised code of `text`; null when it cannot be a code. */
export function codeOfScan(text: string): string | null {
  const signed = parseSignedPayload(text);
  if (signed) return normalizeTicketCode(signed.claims.c);
  return normalizeTicketCode(extractTicketCode(text));
}
