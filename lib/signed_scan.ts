/**
 * What a scan names online (API.md "validate-ticket", "Offline scanning"):
 * a signed QR payload is checked against its organization's keys and then
 * decided by its code's current state, as if typed; a payload whose
 * signature or key does not verify names no ticket (INVALID_TICKET). A
 * payload under a deleted key is decided by its code. Revocation matters
 * offline only: online the code's current state already says a move or a
 * cancellation (WRONG_DATE naming the new time, NO_RESERVATION).
 */
import type { Sql } from "../db/client.ts";
import { TtlCache } from "../db/ttl_cache.ts";
import { verifyingKeyOf } from "../db/signing_keys.ts";
import {
  extractTicketCode,
  normalizeTicketCode,
} from "../domain/ticket_code.ts";
import {
  isSignedPayload,
  parseSignedPayload,
} from "../domain/signed_payload.ts";
import { verifySignature } from "../domain/ticket_signature.ts";

type KeyIndex = Map<string, { status: string; public_key: string }>;

/** Resolves scanned text to a stored code, verifying signed payloads. */
export class ScannedCodes {
  // Keys change rarely; a key made a moment ago is looked up again on a miss.
  #keys = new TtlCache<KeyIndex>(5_000);

  constructor(private sql: Sql) {}

  /** The stored code the scan names, or null when it names none. */
  async codeOf(scanned: string): Promise<string | null> {
    if (!isSignedPayload(scanned)) {
      return normalizeTicketCode(extractTicketCode(scanned));
    }
    const parsed = parseSignedPayload(scanned);
    if (!parsed) return null;
    const { o, k, c } = parsed.claims;
    let key = (await this.#keys.get(String(o), () => this.#load(o))).get(k);
    if (!key) {
      this.#keys.clear(String(o));
      key = (await this.#keys.get(String(o), () => this.#load(o))).get(k);
    }
    if (!key) return null;
    if (key.status === "deleted") return normalizeTicketCode(c);
    const ok = await verifySignature(
      await verifyingKeyOf(key.public_key),
      parsed,
    );
    return ok ? normalizeTicketCode(c) : null;
  }

  async #load(orq: number): Promise<KeyIndex> {
    const rows = await this.sql.query<
      { k: string; status: string; public_key: string }
    >(
      `SELECT k, status, encode(public_key, 'base64') AS public_key
         FROM signing_keys WHERE orq = $1`,
      [orq],
    );
    return new Map(rows.map((r) => [r.k, r]));
  }
}
