/**
 * Ed25519 signatures of QR payloads (API.md "Offline scanning") through
 * WebCrypto, and the short hash `h` that names a signature in revocation
 * lists and the offline kit. Pure computation: the keys come from the caller.
 */
import { base64urlnopad } from "@scure/base";
import {
  joinSignedPayload,
  type ParsedSignedPayload,
  type SignedClaims,
  unsignedPayload,
} from "./signed_payload.ts";

const ED25519 = { name: "Ed25519" } as const;

/** A fresh key pair: the private key as PKCS #8 bytes, the public one raw (32 bytes). */
export async function generateSigningKeyPair(): Promise<
  { privatePkcs8: Uint8Array<ArrayBuffer>; publicRaw: Uint8Array<ArrayBuffer> }
> {
  const pair = await crypto.subtle.generateKey(ED25519, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  return {
    privatePkcs8: new Uint8Array(
      await crypto.subtle.exportKey("pkcs8", pair.privateKey),
    ),
    publicRaw: new Uint8Array(
      await crypto.subtle.exportKey("raw", pair.publicKey),
    ),
  };
}

/** A signing key from its PKCS #8 bytes. */
export function importPrivateKey(pkcs8: Uint8Array<ArrayBuffer>) {
  return crypto.subtle.importKey("pkcs8", pkcs8, ED25519, false, ["sign"]);
}

/** A verifying key from its raw 32 bytes. */
export function importPublicKey(raw: Uint8Array<ArrayBuffer>) {
  return crypto.subtle.importKey("raw", raw, ED25519, false, ["verify"]);
}

/** A signed payload: the QR text, its 64 signature bytes and their `h`. */
export interface Signed {
  text: string;
  signature: Uint8Array<ArrayBuffer>;
  h: string;
}

/** Signs `claims` with `key`: the full `TE1.<payload>.<signature>` text. */
export async function signClaims(
  key: CryptoKey,
  claims: SignedClaims,
): Promise<Signed> {
  const unsigned = unsignedPayload(claims);
  const signature = new Uint8Array(
    await crypto.subtle.sign(ED25519, key, new TextEncoder().encode(unsigned)),
  );
  return {
    text: joinSignedPayload(unsigned, signature),
    signature,
    h: await signatureHash(signature),
  };
}

/** Whether the payload's signature verifies under `publicKey` (the bytes as received). */
export async function verifySignature(
  publicKey: CryptoKey,
  parsed: ParsedSignedPayload,
): Promise<boolean> {
  try {
    return await crypto.subtle.verify(
      ED25519,
      publicKey,
      new Uint8Array(parsed.signature),
      new Uint8Array(parsed.signedBytes),
    );
  } catch {
    return false;
  }
}

/**
 * `h`: base64url without padding (8 characters) of the first 6 bytes of
 * SHA-256 over the 64 raw signature bytes.
 */
export async function signatureHash(signature: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new Uint8Array(signature)),
  );
  return base64url(digest.subarray(0, 6));
}

/** base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}
