import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import {
  isSignedPayload,
  joinSignedPayload,
  parseSignedPayload,
  type SignedClaims,
  unsignedPayload,
} from "../../domain/signed_payload.ts";

const claims: SignedClaims = {
  v: 1,
  k: "k1",
  o: 7,
  c: "7K3QW9M2XC4TPA8R1VNE",
  s: 1_796_000_000,
  e: 1_796_003_600,
};

Deno.test("a built payload parses back to its claims and the bytes that were signed", () => {
  const unsigned = unsignedPayload(claims);
  assert(/^TE1\.[A-Z2-7]+$/.test(unsigned), unsigned);
  const signature = new Uint8Array(64).map((_, i) => i);
  const text = joinSignedPayload(unsigned, signature);
  assert(isSignedPayload(text));
  const parsed = parseSignedPayload(text);
  assert(parsed);
  assertEquals(parsed.claims, claims);
  assertEquals(new TextDecoder().decode(parsed.signedBytes), unsigned);
  assertEquals([...parsed.signature], [...signature]);
});

Deno.test("a payload folded to lower case by a scanner still parses", () => {
  const text = joinSignedPayload(unsignedPayload(claims), new Uint8Array(64));
  assertEquals(parseSignedPayload(text.toLowerCase())?.claims, claims);
});

Deno.test("malformed payloads read as null, never throw", () => {
  const good = joinSignedPayload(unsignedPayload(claims), new Uint8Array(64));
  const [prefix, payload, signature] = good.split(".");
  for (
    const bad of [
      "",
      "TE1.",
      "TE2." + payload + "." + signature,
      `${prefix}.${payload}`,
      `${prefix}.${payload}.${signature}.X`,
      `${prefix}.${payload}.${signature.slice(0, 10)}`,
      `${prefix}.${payload}1.${signature}`,
      `${prefix}.${
        unsignedPayload({ ...claims, e: claims.s }).slice(4)
      }.${signature}`,
      "7K3QW9M2XC4TPA8R1VNE",
    ]
  ) {
    assertEquals(parseSignedPayload(bad), null, bad);
  }
  assert(!isSignedPayload("7K3QW9M2XC4TPA8R1VNE"));
});
