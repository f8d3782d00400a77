/** Operator scanner: retried and concurrent verify-ticket. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  OPEN_ALL_DAY,
  operator,
  reserved,
  stored,
  verify,
} from "../helpers/scan.ts";
import { AMS, at } from "../helpers/venue_clock.ts";

testEachEngine("a client nonce makes a retried verify a no-op", async (s) => {
  at(s, "2026-11-14T08:00");
  const code = await reserved(s, OPEN_ALL_DAY);
  const other = await reserved(s, {
    date: "2026-11-14",
    start: "10:00",
    end: "17:00",
  });
  at(s, "2026-11-14T09:30");
  const jane = await operator(s, "jane", { name: "Jane Smith" });
  const bob = await operator(s, "bob");

  // The same request sent five times at once, then retried later.
  const first = await Promise.all(
    Array.from(
      { length: 5 },
      () => verify(s, jane.token, code, "scan-1-nonce-0123456789"),
    ),
  );
  at(s, "2026-11-14T17:15"); // even after the slot has ended
  const retry = await verify(s, jane.token, code, "scan-1-nonce-0123456789");
  const expected = {
    result: "VERIFIED",
    verified_at: "2026-11-14T08:30:00.000Z",
    verified_by: { id: jane.id, name: "Jane Smith" },
  };
  for (const r of [...first, retry]) {
    assertEquals([r.status, r.body], [200, expected]);
  }
  assertEquals((await stored(s, code)).kinds, ["VERIFIED"]);

  at(s, "2026-11-14T10:00");
  const rescan = { ...expected, result: "ALREADY_VERIFIED" };
  for (let i = 0; i < 3; i++) {
    const r = await verify(s, jane.token, code, "scan-2-nonce-0123456789");
    assertEquals([r.status, r.body], [200, rescan]);
  }
  // Nonces are unique per organization: Bob's "scan-1-nonce-0123456789" replays Jane's.
  assertEquals(
    (await verify(s, bob.token, code, "scan-1-nonce-0123456789")).body,
    expected,
  );
  assertEquals(
    (await verify(s, bob.token, code, "scan-3-nonce-0123456789")).body,
    rescan,
  );
  assertEquals((await stored(s, code)).kinds, ["VERIFIED", "RESCAN", "RESCAN"]);

  const reused = await verify(s, jane.token, other, "scan-1-nonce-0123456789");
  assertEquals([reused.status, reused.body.error.code], [
    400,
    "VALIDATION_FAILED",
  ]);
  assertEquals(Object.keys(reused.body.error.details.fields), ["nonce"]);
  assertEquals((await stored(s, other)).status, "RESERVED");
  // Without a nonce every re-scan is recorded.
  await verify(s, jane.token, code);
  await verify(s, jane.token, code);
  assertEquals((await stored(s, code)).kinds.length, 5);
}, AMS);

testEachEngine(
  "twenty devices verifying one ticket at once: exactly one VERIFIED",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    const a = await operator(s, "door-a");
    const b = await operator(s, "door-b");
    at(s, "2026-11-14T09:30");
    const replies = await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) => verify(s, i % 2 ? a.token : b.token, code),
      ),
    );
    for (const r of replies) assertEquals(r.status, 200);
    const results = replies.map((r) => r.body.result);
    assertEquals(results.filter((x) => x === "VERIFIED").length, 1);
    assertEquals(results.filter((x) => x === "ALREADY_VERIFIED").length, 19);
    const winner = replies.find((r) => r.body.result === "VERIFIED")!.body;
    for (const r of replies) {
      assertEquals(r.body.verified_at, winner.verified_at);
      assertEquals(r.body.verified_by, winner.verified_by);
    }
    const after = await stored(s, code);
    assertEquals(after.verified_count, 1);
    assertEquals(after.kinds.filter((k) => k === "VERIFIED").length, 1);
    assertEquals(after.kinds.filter((k) => k === "RESCAN").length, 19);
    assertEquals(after.verified_by, winner.verified_by.id);
  },
  AMS,
);
