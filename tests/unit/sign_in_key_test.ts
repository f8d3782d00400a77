/** The per-sign-in rate-limit key: one per token, the same for every use of it. */
import { notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { type Principal, signInLimitKey, Tokens } from "../../lib/auth.ts";

const door: Principal = {
  kind: "staff",
  id: 7,
  name: "Door",
  role: "OPERATOR",
  orq: 1,
  platformAdmin: false,
};

Deno.test("signInLimitKey: two sign-ins of one account in one second differ", async () => {
  const secret = "secret-" + crypto.randomUUID();
  const tokens = new Tokens(secret);
  const now = new Date("2026-11-14T09:00:00Z");
  const a = await tokens.sign(door, now);
  const b = await tokens.sign(door, now);
  notStrictEqual(a.token, b.token);
  const keyA = signInLimitKey(await tokens.verify(a.token, now));
  const keyB = signInLimitKey(await tokens.verify(b.token, now));
  notStrictEqual(keyA, keyB);
  // Stable across uses and across instances (another verifier, same secret).
  strictEqual(signInLimitKey(await tokens.verify(a.token, now)), keyA);
  const elsewhere = new Tokens(secret);
  strictEqual(signInLimitKey(await elsewhere.verify(a.token, now)), keyA);
  ok(!keyA.includes(a.token), "the key does not carry the token");
});

Deno.test("signInLimitKey: a principal without a token key falls back to its account", () => {
  strictEqual(signInLimitKey(door), "staff:7");
  strictEqual(
    signInLimitKey({ ...door, kind: "api_key", id: null }),
    "api-key:1",
  );
});
