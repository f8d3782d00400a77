/**
 * Malformed signed payloads, key ids, bodies and kit cursors: a RED answer
 * or a clear 4xx, never a 5xx, and nothing changed.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call, get, post, staffToken } from "../helpers/api.ts";
import { stateFingerprint } from "../helpers/state.ts";
import { operator, validate } from "../helpers/scan.ts";
import { toBase32 } from "../../domain/signed_payload.ts";

const b32 = (text: string) => toBase32(new TextEncoder().encode(text));
const sig64 = toBase32(new Uint8Array(64));

testEachEngine("malformed TE1 payloads are RED INVALID_TICKET", async (s) => {
  const jane = await operator(s, "jane");
  const claims = (o: unknown) =>
    b32(
      JSON.stringify({
        v: 1,
        k: "K",
        o,
        c: "7K3QW9M2XC4TPA8R1VNE",
        s: 1,
        e: 2,
      }),
    );
  const before = await stateFingerprint(s.db);
  for (
    const text of [
      "TE1.",
      "TE1..",
      "TE1.A.B",
      "te1.x.y.z",
      `TE1.${b32("[]")}.${sig64}`,
      `TE1.${b32("not json")}.${sig64}`,
      `TE1.${claims("1")}.${sig64}`,
      `TE1.${claims(1)}.${toBase32(new Uint8Array(63))}`,
      `TE1.${claims(1)}.${sig64}`, // unknown key
      `TE1.${claims(99_999)}.${sig64}`, // unknown organization
      `TE1.${"A".repeat(480)}.${sig64}`.slice(0, 500),
    ]
  ) {
    const r = await validate(s, jane.token, text);
    assertEquals([r.status, r.body.result, r.body.reason], [
      200,
      "RED",
      "INVALID_TICKET",
    ], text);
  }
  assertEquals(await stateFingerprint(s.db), before);
});

testEachEngine(
  "bad key ids, bodies and kit queries: 4xx, nothing changed",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    const door = await staffToken(s, "door", "OPERATOR");
    // The listing makes organization 1's first key if it had none.
    assertEquals(
      (await get(s.url, "/api/organizations/1/signing-keys", admin)).status,
      200,
    );
    const before = await stateFingerprint(s.db);
    const keys = "/api/organizations/1/signing-keys";
    const cases: [string, string, { json?: unknown; raw?: string }, number][] =
      [
        ["POST", `${keys}/a-b/retire`, { json: {} }, 400],
        ["POST", `${keys}/${"K".repeat(17)}/retire`, { json: {} }, 400],
        ["DELETE", `${keys}/%00`, {}, 400],
        ["POST", keys, { raw: "{" }, 400],
        ["POST", keys, { json: [] }, 400],
        ["POST", keys, { json: { k: "X" } }, 400],
        ["POST", keys, { raw: JSON.stringify({ x: "a".repeat(70_000) }) }, 413],
        ["POST", "/api/organizations/0/signing-keys", { json: {} }, 400],
        ["GET", "/api/organizations/x/signing-keys", {}, 400],
      ];
    for (const [method, path, body, status] of cases) {
      const r = await call(s.url, method, path, { ...body, token: admin });
      assertEquals(r.status, status, `${method} ${path}`);
      assertEquals(typeof r.body.error.code, "string");
    }
    const kit = "/api/operator/offline-kit";
    assertEquals(
      (await get(s.url, `${kit}?since=${"k".repeat(201)}`, door)).status,
      400,
    );
    assertEquals((await get(s.url, `${kit}?orq=abc`, door)).status, 400);
    assertEquals((await get(s.url, `${kit}?orq=2`, door)).status, 403);
    assertEquals((await get(s.url, `${kit}?extra=1`, door)).status, 400);
    assertEquals(
      (await get(s.url, `${kit}?since=garbage`, door)).body.full,
      true,
    );
    assertEquals(await stateFingerprint(s.db), before);
    assertEquals((await post(s.url, keys, {}, door)).status, 403);
  },
);
