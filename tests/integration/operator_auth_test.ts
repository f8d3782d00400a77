/** Operator scanner: tokens, the login cookie, per-staff validation limits and login throttling. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call, post, seedStaff, seedTickets } from "../helpers/api.ts";
import {
  OPEN_ALL_DAY,
  operator,
  reserved,
  stored,
  validate,
} from "../helpers/scan.ts";
import { AMS, at } from "../helpers/venue_clock.ts";

testEachEngine(
  "scanning needs a valid, unexpired, untampered staff token",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    const op = await operator(s, "door");
    const [head, payload, sig] = op.token.split(".");
    const flipped = sig[0] === "A" ? "B" + sig.slice(1) : "A" + sig.slice(1);
    const forged = btoa(
      JSON.stringify({
        ...JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/"))),
        orq: 2,
        role: "ADMIN",
      }),
    ).replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_");
    for (const path of ["validate-ticket", "verify-ticket"]) {
      const url = `/api/operator/${path}`;
      for (
        const token of [
          undefined,
          "not-a-jwt",
          `${head}.${payload}.${flipped}`,
          `${head}.${forged}.${sig}`,
        ]
      ) {
        const r = await post(s.url, url, { code }, token);
        assertEquals(
          [r.status, r.body.error.code],
          [401, "UNAUTHORIZED"],
          path,
        );
      }
      const key = await call(s.url, "POST", url, {
        json: { code },
        headers: { "x-api-key": "issuer-key-0123456789abcdef" },
      });
      assertEquals([key.status, key.body.error.code], [403, "FORBIDDEN"]);
    }
    s.clock.advance(8 * 60 * 60 * 1000 - 1000); // 8 hours less a second: valid
    assertEquals((await validate(s, op.token, code)).status, 200);
    s.clock.advance(2000); // 8 hours and a second: expired
    for (const path of ["validate-ticket", "verify-ticket"]) {
      const r = await post(s.url, `/api/operator/${path}`, { code }, op.token);
      assertEquals([r.status, r.body.error.code], [401, "UNAUTHORIZED"]);
    }
    assertEquals((await stored(s, code)).status, "RESERVED");
  },
  AMS,
);

testEachEngine("the login cookie works with a JSON body only", async (s) => {
  at(s, "2026-11-14T08:00");
  const code = await reserved(s, OPEN_ALL_DAY);
  await seedStaff(s.db, {
    username: "door",
    role: "OPERATOR",
    password: "door-password-1",
  });
  const login = await post(s.url, "/api/operator/login", {
    username: "door",
    password: "door-password-1",
  });
  const setCookie = login.headers.getSetCookie().find((c) =>
    c.startsWith("te_token=")
  )!;
  assert(/HttpOnly/i.test(setCookie) && /SameSite=Strict/i.test(setCookie));
  const cookie = setCookie.split(";")[0];

  for (const path of ["validate-ticket", "verify-ticket"]) {
    const form = await call(s.url, "POST", `/api/operator/${path}`, {
      raw: `code=${code}`,
      headers: {
        cookie,
        "content-type": "application/x-www-form-urlencoded",
      },
    });
    assertEquals([form.status, form.body.error.code], [403, "FORBIDDEN"]);
    const text = await call(s.url, "POST", `/api/operator/${path}`, {
      raw: JSON.stringify({ code }),
      headers: { cookie, "content-type": "text/plain" },
    });
    assertEquals([text.status, text.body.error.code], [403, "FORBIDDEN"]);
  }
  assertEquals((await stored(s, code)).status, "RESERVED");

  const r = await call(s.url, "POST", "/api/operator/validate-ticket", {
    json: { code },
    headers: { cookie },
  });
  assertEquals([r.status, r.body.result], [200, "GREEN"]);
  const v = await call(s.url, "POST", "/api/operator/verify-ticket", {
    json: { code },
    headers: { cookie },
  });
  assertEquals([v.status, v.body.result], [200, "VERIFIED"]);
}, AMS);

testEachEngine("validation is limited per staff member", async (s) => {
  const [code] = await seedTickets(s.db, 1);
  const a = await operator(s, "door-a");
  const b = await operator(s, "door-b");
  for (let i = 0; i < 3; i++) {
    assertEquals((await validate(s, a.token, code)).status, 200);
  }
  const r = await validate(s, a.token, code);
  assertEquals([r.status, r.body.error.code], [429, "RATE_LIMITED"]);
  assert(Number(r.headers.get("retry-after")) > 0);
  assertEquals((await validate(s, b.token, code)).status, 200);
}, { ...AMS, env: { RATE_LIMIT_VALIDATE_PER_MIN: "3" } });

testEachEngine(
  "login: five failures throttle that username from that address only",
  async (s) => {
    for (const username of ["door1", "door2"]) {
      await seedStaff(s.db, {
        username,
        role: "OPERATOR",
        password: "door-password-1",
      });
    }
    for (let i = 0; i < 5; i++) {
      const r = await post(s.url, "/api/operator/login", {
        username: "door1",
        password: "wrong-password",
      });
      assertEquals([r.status, r.body.error.code], [401, "INVALID_CREDENTIALS"]);
    }
    const sixth = await post(s.url, "/api/operator/login", {
      username: "DOOR1",
      password: "door-password-1",
    });
    assertEquals([sixth.status, sixth.body.error.code], [
      429,
      "LOGIN_THROTTLED",
    ]);
    assert(Number(sixth.headers.get("retry-after")) > 0);
    const other = await post(s.url, "/api/operator/login", {
      username: "door2",
      password: "door-password-1",
    });
    assertEquals(other.status, 200);
    assert(typeof other.body.token === "string");
  },
  AMS,
);
