/**
 * The browser's checks of a signed ticket (API.md "Offline scanning"): the
 * kit's public key for a payload, imported once, and the same verification
 * and hash the server uses (domain/ticket_signature.ts).
 */
import { base64urlnopad } from "@scure/base";
import type { ParsedSignedPayload } from "../../domain/signed_payload.ts";
import type { KitKey } from "../../domain/offline_kit.ts";
import {
  importPublicKey,
  verifySignature,
} from "../../domain/ticket_signature.ts";

export { signatureHash } from "../../domain/ticket_signature.ts";

const imported = new Map<string, Promise<CryptoKey | null>>();

/** Whether the payload's signature holds under the kit's key it names. */
export async function signatureHolds(
  parsed: ParsedSignedPayload,
  keys: KitKey[],
): Promise<boolean> {
  const key = keys.find((k) => k.k === parsed.claims.k);
  if (!key) return false;
  const cryptoKey = await importKey(key.public_key);
  return cryptoKey ? await verifySignature(cryptoKey, parsed) : false;
}

function importKey(publicKey: string): Promise<CryptoKey | null> {
  let key = imported.get(publicKey);
  if (!key) {
    key = Promise.resolve()
      .then(() =>
        importPublicKey(new Uint8Array(base64urlnopad.decode(publicKey)))
      )
      .catch(() => null);
    imported.set(publicKey, key);
  }
  return key;
}
