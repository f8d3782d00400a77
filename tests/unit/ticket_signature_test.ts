/** Ed25519 signing of QR payloads and the `h` of a signature (API.md "Offline scanning"). */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  generateSigningKeyPair,
  importPrivateKey,
  importPublicKey,
  signatureHash,
  signClaims,
  verifySignature,
} from "../../domain/ticket_signature.ts";
import {
  parseSignedPayload,
  type SignedClaims,
} from "../../domain/signed_payload.ts";

const claims: SignedClaims = {
  v: 1,
  k: "K7Q2XM",
  o: 1,
  c: "7K3QW9M2XC4TPA8R1VNE",
  s: 1_795_165_200,
  e: 1_795_168_800,
};

async function keys() {
  const pair = await generateSigningKeyPair();
  return {
    signing: await importPrivateKey(pair.privatePkcs8),
    verifying: await importPublicKey(pair.publicRaw),
    publicRaw: pair.publicRaw,
  };
}

Deno.test("a signed payload verifies under its key and reads back its claims", async () => {
  const k = await keys();
  assertEquals(k.publicRaw.length, 32);
  const signed = await signClaims(k.signing, claims);
  // Upper-case base32 and dots only: the QR's alphanumeric mode.
  assertEquals(/^TE1\.[A-Z2-7]+\.[A-Z2-7]+$/.test(signed.text), true);
  const parsed = parseSignedPayload(signed.text)!;
  assertEquals(parsed.claims, claims);
  assertEquals(await verifySignature(k.verifying, parsed), true);
  assertEquals(signed.h, await signatureHash(parsed.signature));
  // A scanner that folds case still verifies: the text is upper case already.
  assertEquals(
    await verifySignature(
      k.verifying,
      parseSignedPayload(signed.text.toLowerCase())!,
    ),
    true,
  );
});

Deno.test("a changed byte, another key or another payload's signature does not verify", async () => {
  const k = await keys();
  const signed = await signClaims(k.signing, claims);
  const [prefix, payload, signature] = signed.text.split(".");
  // Every position of the payload, changed to another base32 letter.
  for (let i = 0; i < payload.length; i += 7) {
    const swapped = payload[i] === "A" ? "B" : "A";
    const forged = `${prefix}.${payload.slice(0, i)}${swapped}${
      payload.slice(i + 1)
    }.${signature}`;
    const parsed = parseSignedPayload(forged);
    if (parsed) assertEquals(await verifySignature(k.verifying, parsed), false);
  }
  const badSig = `${prefix}.${payload}.${signature[0] === "A" ? "B" : "A"}${
    signature.slice(1)
  }`;
  assertEquals(
    await verifySignature(k.verifying, parseSignedPayload(badSig)!),
    false,
  );
  const other = await keys();
  assertEquals(
    await verifySignature(other.verifying, parseSignedPayload(signed.text)!),
    false,
  );
  const later = await signClaims(k.signing, { ...claims, e: claims.e + 60 });
  const mixed = `${prefix}.${payload}.${later.text.split(".")[2]}`;
  assertEquals(
    await verifySignature(k.verifying, parseSignedPayload(mixed)!),
    false,
  );
});

Deno.test("h is base64url of SHA-256's first 6 bytes over the 64 signature bytes", async () => {
  // Vectors computed independently (Python hashlib).
  assertEquals(
    await signatureHash(Uint8Array.from({ length: 64 }, (_, i) => i)),
    "_eq5rPNx",
  );
  assertEquals(await signatureHash(new Uint8Array(64).fill(255)), "hmfnGClO");
});
