/**
 * The server's synchronous signing (db/payload_signer.ts) makes exactly the
 * payload and `h` of the WebCrypto module the scanner uses
 * (domain/ticket_signature.ts), and they verify there.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  generateSigningKeyPair,
  importPrivateKey,
  importPublicKey,
  signatureHash,
  signClaims,
  verifySignature,
} from "../../domain/ticket_signature.ts";
import { parseSignedPayload } from "../../domain/signed_payload.ts";
import {
  privateKeyOf,
  signatureHashNow,
  signClaimsNow,
} from "../../db/payload_signer.ts";

Deno.test("signClaimsNow makes WebCrypto's bytes, which verify", async () => {
  const pair = await generateSigningKeyPair();
  const web = await importPrivateKey(pair.privatePkcs8);
  const node = privateKeyOf(pair.privatePkcs8);
  const verifying = await importPublicKey(pair.publicRaw);
  const other = privateKeyOf((await generateSigningKeyPair()).privatePkcs8);
  for (let i = 0; i < 20; i++) {
    const claims = {
      v: 1 as const,
      k: "K7Q2XM",
      o: 1 + i,
      c: `7K3QW9M2XC4TPA8R${1000 + i}`,
      s: 1_795_165_200 + i * 3600,
      e: 1_795_168_800 + i * 3600,
    };
    const now = signClaimsNow(node, claims);
    assertEquals(now, await signClaims(web, claims));
    const parsed = parseSignedPayload(now.text)!;
    assertEquals(parsed.claims, claims);
    assertEquals(await verifySignature(verifying, parsed), true);
    const foreign = parseSignedPayload(signClaimsNow(other, claims).text)!;
    assertEquals(await verifySignature(verifying, foreign), false);
  }
});

Deno.test("signatureHashNow is signatureHash", async () => {
  const vectors: [Uint8Array, string][] = [
    [Uint8Array.from({ length: 64 }, (_, i) => i), "_eq5rPNx"],
    [new Uint8Array(64).fill(255), "hmfnGClO"],
  ];
  for (const [bytes, h] of vectors) {
    assertEquals(signatureHashNow(bytes), h);
    assertEquals(await signatureHash(bytes), h);
  }
  const random = crypto.getRandomValues(new Uint8Array(64));
  assertEquals(signatureHashNow(random), await signatureHash(random));
});
