/**
 * Signed QR payloads (API.md "Offline scanning"): `TE1.<payload>.<signature>`,
 * both parts RFC 4648 base32, upper case, no padding. `<payload>` is the UTF-8
 * JSON `{"v":1,"k","o","c","s","e"}`; the signature is Ed25519 over the ASCII
 * bytes `TE1.<payload>`. This module only splits, reads and builds the text;
 * signing and verifying live where the keys are (server) or the kit is
 * (scanner). Verifiers must check the bytes received, so `signedBytes` is the
 * received prefix, never a re-serialisation.
 */
import { base32nopad } from "@scure/base";

export const SIGNED_PREFIX = "TE1.";

/** What a signed payload says. `s`/`e`: the slot's start and end, Unix seconds. */
export interface SignedClaims {
  v: 1;
  /** Key id. */
  k: string;
  /** Organization. */
  o: number;
  /** The stored ticket code. */
  c: string;
  s: number;
  e: number;
}

/** A payload split into its parts; `signature` is the raw 64 bytes. */
export interface ParsedSignedPayload {
  claims: SignedClaims;
  /** The ASCII bytes the signature covers: `TE1.<payload>` exactly as received. */
  signedBytes: Uint8Array;
  signature: Uint8Array;
}

/** Whether scanned text looks like a signed payload (any case: scanners may fold it). */
export function isSignedPayload(text: string): boolean {
  return text.trim().toUpperCase().startsWith(SIGNED_PREFIX);
}

/** The base32 text (upper case, no padding) of bytes. */
export function toBase32(bytes: Uint8Array): string {
  return base32nopad.encode(bytes);
}

/** Bytes of base32 text, or null when it is not valid base32. */
export function fromBase32(text: string): Uint8Array | null {
  try {
    return base32nopad.decode(text.toUpperCase());
  } catch {
    return null;
  }
}

/**
 * Splits and reads a scanned `TE1.` payload; null when it is malformed (wrong
 * prefix, bad base32, not the JSON shape, a signature that is not 64 bytes).
 * Does not verify the signature.
 */
export function parseSignedPayload(
  scanned: string,
): ParsedSignedPayload | null {
  const text = scanned.trim().toUpperCase();
  if (!text.startsWith(SIGNED_PREFIX)) return null;
  const parts = text.split(".");
  if (parts.length !== 3) return null;
  const payload = fromBase32(parts[1]);
  const signature = fromBase32(parts[2]);
  if (!payload || !signature || signature.length !== 64) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(payload),
    );
  } catch {
    return null;
  }
  if (!isClaims(claims)) return null;
  return {
    claims,
    signedBytes: new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
    signature,
  };
}

/** The text `TE1.<payload>` to be signed, for claims. */
export function unsignedPayload(claims: SignedClaims): string {
  const json = JSON.stringify({
    v: claims.v,
    k: claims.k,
    o: claims.o,
    c: claims.c,
    s: claims.s,
    e: claims.e,
  });
  return SIGNED_PREFIX + toBase32(new TextEncoder().encode(json));
}

/** The full QR text: the signed prefix and the signature's base32. */
export function joinSignedPayload(
  unsigned: string,
  signature: Uint8Array,
): string {
  return `${unsigned}.${toBase32(signature)}`;
}

function isClaims(value: unknown): value is SignedClaims {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Record<string, unknown>;
  return c.v === 1 && typeof c.k === "string" && c.k.length > 0 &&
    Number.isSafeInteger(c.o) && typeof c.c === "string" && c.c.length > 0 &&
    Number.isSafeInteger(c.s) && Number.isSafeInteger(c.e) &&
    (c.e as number) > (c.s as number);
}
