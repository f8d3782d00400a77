/**
 * The browser's checks of a signed ticket (API.md "Offline scanning"):
 * Ed25519 through WebCrypto over the bytes received, and the short hash the
 * offline kit lists signatures by.
 */
import { base64urlnopad } from "@scure/base";
import type { ParsedSignedPayload } from "../../domain/signed_payload.ts";
import type { KitKey } from "../../domain/offline_kit.ts";

const imported = new Map<string, Promise<CryptoKey | null>>();

/** Whether the payload's signature holds under the kit's key it names. */
export async function signatureHolds(
  parsed: ParsedSignedPayload,
  keys: KitKey[],
): Promise<boolean> {
  const key = keys.find((k) => k.k === parsed.claims.k);
  if (!key) return false;
  const cryptoKey = await importKey(key.public_key);
  if (!cryptoKey) return false;
  try {
    return await crypto.subtle.verify(
      "Ed25519",
      cryptoKey,
      parsed.signature as BufferSource,
      parsed.signedBytes as BufferSource,
    );
  } catch {
    return false;
  }
}

/** base64url (no padding) of the first 6 bytes of SHA-256 over the signature. */
export async function signatureHash(signature: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", signature as BufferSource),
  );
  return base64urlnopad.encode(digest.slice(0, 6));
}

function importKey(publicKey: string): Promise<CryptoKey | null> {
  let key = imported.get(publicKey);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      base64urlnopad.decode(publicKey) as BufferSource,
      { name: "Ed25519" },
      false,
      ["verify"],
    ).catch(() => null);
    imported.set(publicKey, key);
  }
  return key;
}
