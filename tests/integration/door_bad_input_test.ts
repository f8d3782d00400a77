/** The door's routes refuse bad input with 400 (or 413) and change nothing; limits count per sign-in. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call, login, post, seedStaff } from "../helpers/api.ts";
import { stateFingerprint } from "../helpers/state.ts";
import { OPEN_ALL_DAY, operator, reserved, validate } from "../helpers/scan.ts";
import { checkIn, doorState, freshNonce } from "../helpers/door.ts";
import { AMS, at } from "../helpers/venue_clock.ts";

testEachEngine(
  "bad check-in and undo bodies: 400 or 413, nothing changed",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    const op = await operator(s, "door");
    at(s, "2026-11-14T09:30");
    const nonce = freshNonce();
    const bad: [string, Record<string, unknown>, string][] = [
      ["check-in", { code }, "nonce"],
      ["check-in", { code, nonce: "x".repeat(15) }, "nonce"],
      ["check-in", { code, nonce: "x".repeat(101) }, "nonce"],
      ["check-in", { code, nonce: `${nonce}\n` }, "nonce"],
      ["check-in", { code, nonce: 1234567890123456789 }, "nonce"],
      ["check-in", { code, nonce, gate: "" }, "gate"],
      ["check-in", { code, nonce, gate: "g".repeat(51) }, "gate"],
      ["check-in", { code, nonce, gate: 7 }, "gate"],
      ["check-in", { code, nonce, gate: "a\u0000b" }, "gate"],
      ["check-in", { code, nonce, direction: "SIDEWAYS" }, "direction"],
      ["check-in", { code, nonce, direction: "in" }, "direction"],
      ["check-in", { code, nonce, extra: 1 }, ""],
      ["check-in", { nonce }, "code"],
      ["undo-check-in", { code }, "nonce"],
      ["undo-check-in", { code, nonce: "short" }, "nonce"],
      ["undo-check-in", { code, nonce, direction: "IN" }, ""],
    ];
    const before = await stateFingerprint(s.db);
    for (const [route, json, field] of bad) {
      const r = await post(s.url, `/api/operator/${route}`, json, op.token);
      const what = `${route} ${JSON.stringify(json)}`;
      assertEquals(
        [r.status, r.body.error.code],
        [400, "VALIDATION_FAILED"],
        what,
      );
      if (field) {
        assertEquals(field in r.body.error.details.fields, true, what);
      }
    }
    for (const route of ["check-in", "undo-check-in"]) {
      const raw = await call(s.url, "POST", `/api/operator/${route}`, {
        raw: "{not json",
        token: op.token,
      });
      assertEquals([raw.status, raw.body.error.code], [
        400,
        "VALIDATION_FAILED",
      ]);
      const huge = await post(s.url, `/api/operator/${route}`, {
        code,
        nonce,
        pad: "x".repeat(70_000),
      }, op.token);
      assertEquals([huge.status, huge.body.error.code], [
        413,
        "PAYLOAD_TOO_LARGE",
      ]);
    }
    assertEquals(await stateFingerprint(s.db), before);
    const d = await doorState(s, code);
    assertEquals([d.status, d.inside, d.kinds], ["RESERVED", false, []]);
    // Signed out or an API key: no door.
    const anon = await post(s.url, "/api/operator/check-in", { code, nonce });
    assertEquals(anon.status, 401);
  },
  AMS,
);

testEachEngine(
  "validate and check-in spend the validation limit per sign-in, not per account",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    await seedStaff(s.db, {
      username: "door",
      role: "OPERATOR",
      pin: "123456",
    });
    const phoneA = await login(s.url, "door", { pin: "123456" });
    // The same account on a second phone, in the same second.
    const phoneB = await login(s.url, "door", { pin: "123456" });
    assertEquals(phoneA === phoneB, false);
    at(s, "2026-11-14T09:30");
    const a1 = await validate(s, phoneA, code);
    const a2 = await checkIn(s, phoneA, code, { direction: "OUT" });
    const a3 = await validate(s, phoneA, code);
    assertEquals([a1.status, a2.status, a3.status], [200, 200, 200]);
    const a4 = await checkIn(s, phoneA, code);
    assertEquals([a4.status, a4.body.error.code], [429, "RATE_LIMITED"]);
    assertEquals(Number(a4.headers.get("retry-after")) > 0, true);
    const b1 = await checkIn(s, phoneB, code);
    assertEquals([b1.status, b1.body.checked_in], [200, true]);
  },
  { ...AMS, env: { RATE_LIMIT_VALIDATE_PER_MIN: "3" } },
);
