/**
 * The QR signing thread (db/signing_thread.ts): the same bytes as signing in
 * process, and in process again whenever the thread cannot sign.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
  rejects as assertRejects,
} from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { SigningThread } from "../../db/signing_thread.ts";
import { privateKeyOf, signClaimsNow } from "../../db/payload_signer.ts";
import { Presigner } from "../../db/reservation_presign.ts";
import type { SignedClaims } from "../../domain/signed_payload.ts";
import { engines, startServer } from "../helpers/server.ts";
import { seedSlot } from "../helpers/api.ts";

function newKey(): Uint8Array {
  const { privateKey } = generateKeyPairSync("ed25519");
  return new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" }));
}

const claims = (c: string, o = 1): SignedClaims => ({
  v: 1,
  k: "k1",
  o,
  c,
  s: 1_800_000_000,
  e: 1_800_003_600,
});

function inProcess(pkcs8: Uint8Array, c: SignedClaims) {
  const s = signClaimsNow(privateKeyOf(pkcs8), c);
  return { text: s.text, h: s.h };
}

Deno.test("the signing thread signs the bytes signing in process makes, key by key", async () => {
  const a = newKey();
  const b = newKey();
  const thread = new SigningThread();
  try {
    const first = await thread.sign([
      { keyId: "a", pkcs8: a, claims: claims("AAAA") },
      { keyId: "b", pkcs8: b, claims: claims("BBBB", 2) },
      { keyId: "a", pkcs8: a, claims: claims("CCCC") },
    ]);
    assertEquals(first, [
      inProcess(a, claims("AAAA")),
      inProcess(b, claims("BBBB", 2)),
      inProcess(a, claims("CCCC")),
    ]);
    // Later lists reuse the keys the thread already has.
    const again = await Promise.all([
      thread.sign([{ keyId: "b", pkcs8: b, claims: claims("DDDD", 2) }]),
      thread.sign([{ keyId: "a", pkcs8: a, claims: claims("EEEE") }]),
    ]);
    assertEquals(again, [
      [inProcess(b, claims("DDDD", 2))],
      [inProcess(a, claims("EEEE"))],
    ]);
    // A key the thread cannot load: null for its payloads, the others signed.
    const broken = await thread.sign([
      { keyId: "bad", pkcs8: new Uint8Array([1, 2, 3]), claims: claims("X") },
      { keyId: "a", pkcs8: a, claims: claims("FFFF") },
    ]);
    assertEquals(broken, [null, inProcess(a, claims("FFFF"))]);
  } finally {
    thread.close();
  }
  assert(!thread.running);
  await assertRejects(
    thread.sign([{ keyId: "a", pkcs8: a, claims: claims("GGGG") }]),
  );
});

Deno.test("a signing thread that cannot start rejects, says why once, and stops", async () => {
  const reasons: string[] = [];
  const thread = new SigningThread({
    moduleUrl: new URL("./no_such_signing_worker.ts", import.meta.url).href,
    onFail: (reason) => reasons.push(reason),
  });
  try {
    const a = newKey();
    // Either the start fails before the list is posted, or the list waits
    // for an answer that never comes and is rejected when the thread fails.
    await assertRejects(
      thread.sign([{ keyId: "a", pkcs8: a, claims: claims("AAAA") }]),
    );
    const end = Date.now() + 10_000;
    while (thread.running && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert(!thread.running);
    assertEquals(reasons.length, 1);
  } finally {
    thread.close();
  }
  assertEquals(reasons.length, 1);
});

if (engines().includes("postgres")) {
  Deno.test("bookings' payloads come out the same signed in the thread, in process, or after the thread failed [postgres]", async () => {
    const s = await startServer("postgres");
    const thread = new SigningThread();
    const broken = new SigningThread({
      moduleUrl: new URL("./no_such_signing_worker.ts", import.meta.url).href,
    });
    try {
      const slot = await seedSlot(s.db, {
        date: "2026-11-27",
        start: "12:00",
        end: "13:00",
        capacity: 5,
      });
      const requests = [
        { code: "AAAABBBBCCCC", slotId: slot },
        { code: "DDDDEEEEFFFF", slotId: slot },
      ];
      const here = await new Presigner(s.db).sign(requests);
      assert(here.every((p) => p !== null && p.payload.startsWith("TE1.")));
      assertEquals(await new Presigner(s.db, thread).sign(requests), here);
      assertEquals(await new Presigner(s.db, broken).sign(requests), here);
    } finally {
      thread.close();
      broken.close();
      await s.close();
    }
  });
}
