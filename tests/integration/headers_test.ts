/** Response headers every answer carries: charset on JSON, nosniff, HSTS behind https. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call, seedStaff } from "../helpers/api.ts";

testEachEngine(
  "behind an https PUBLIC_URL: HSTS on every answer, Secure login cookie",
  async (s) => {
    await seedStaff(s.db, {
      username: "boss",
      role: "MANAGER",
      password: "boss-password",
    });
    const answers = [
      await call(s.url, "GET", "/api/health"),
      await call(s.url, "GET", "/api/nothing-here"),
      await call(s.url, "GET", "/reserve"),
      await call(s.url, "POST", "/api/tickets/validate", { json: {} }),
    ];
    for (const r of answers) {
      assertEquals(
        r.headers.get("strict-transport-security"),
        "max-age=31536000; includeSubDomains",
      );
      assertEquals(r.headers.get("x-content-type-options"), "nosniff");
    }
    const signIn = await call(s.url, "POST", "/api/operator/login", {
      json: { username: "boss", password: "boss-password" },
    });
    assertEquals(signIn.status, 200);
    assert(/;\s*Secure/i.test(signIn.headers.get("set-cookie")!));
  },
  { env: { PUBLIC_URL: "https://tickets.example.org" } },
);

testEachEngine(
  "over plain http: no HSTS; JSON answers and errors say charset=utf-8",
  async (s) => {
    const ok = await call(s.url, "GET", "/api/health");
    const refused = await call(s.url, "POST", "/api/tickets/validate", {
      json: { ticket_code: "ZZZZZZZZZZZZZZZZZZZZ" },
    });
    const missing = await call(s.url, "GET", "/api/nothing-here");
    for (const r of [ok, refused, missing]) {
      assertEquals(
        r.headers.get("content-type"),
        "application/json; charset=utf-8",
      );
      assertEquals(r.headers.get("strict-transport-security"), null);
    }
    assertEquals(ok.status, 200);
    assertEquals(refused.status, 404);
  },
);
