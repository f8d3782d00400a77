/**
 * The server's signing of QR payloads: the same bytes as
 * domain/ticket_signature.ts signClaims (Ed25519 is deterministic), through
 * synchronous node:crypto. WebCrypto's `sign` re-derives the key pair from
 * its seed on every call and `digest` is a round trip through the runtime's
 * thread pool; every booking signs once, so this is the booking path's
 * largest cost. The scanner (a browser) keeps the WebCrypto module.
 */
import {
  createHash,
  createPrivateKey,
  type KeyObject,
  sign,
} from "node:crypto";
import { base64url, type Signed } from "../domain/ticket_signature.ts";
import {
  joinSignedPayload,
  type SignedClaims,
  unsignedPayload,
} from "../domain/signed_payload.ts";

/** A signing key from its PKCS #8 bytes. */
export function privateKeyOf(pkcs8: Uint8Array): KeyObject {
  return createPrivateKey({
    key: Buffer.from(pkcs8),
    format: "der",
    type: "pkcs8",
  });
}

/** Signs `claims` with `key`: the full `TE1.<payload>.<signature>` text. */
export function signClaimsNow(key: KeyObject, claims: SignedClaims): Signed {
  const unsigned = unsignedPayload(claims);
  const signature = new Uint8Array(sign(null, Buffer.from(unsigned), key));
  return {
    text: joinSignedPayload(unsigned, signature),
    signature,
    h: signatureHashNow(signature),
  };
}

/**
 * {@link signClaimsNow}'s text and hash, or null when `key` cannot sign
 * (the caller then signs another way, later).
 */
export function signedTextOrNull(
  key: KeyObject,
  claims: SignedClaims,
): Pick<Signed, "text" | "h"> | null {
  try {
    const s = signClaimsNow(key, claims);
    return { text: s.text, h: s.h };
  } catch {
    return null;
  }
}

/** domain/ticket_signature.ts signatureHash, synchronously. */
export function signatureHashNow(signature: Uint8Array): string {
  return base64url(
    createHash("sha256").update(signature).digest().subarray(0, 6),
  );
}
