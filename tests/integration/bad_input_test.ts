import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import { stateFingerprint } from "../helpers/state.ts";
import {
  call,
  login,
  seedSlot,
  seedStaff,
  seedTickets,
} from "../helpers/api.ts";

/** Everything a refused request must leave as it was. */
const fingerprint = (s: TestServer) => stateFingerprint(s.db);

const ROUTES = [
  "/api/tickets/validate",
  "/api/reservations/create",
  "/api/reservations/create-group",
  "/api/operator/login",
  "/api/operator/validate-ticket",
  "/api/operator/verify-ticket",
  "/api/operator/sync",
  "/api/reservation-slots/create",
  "/api/tickets/issue",
  "/api/tickets/activate",
  "/api/organizations",
  "/api/staff",
  "/api/waitlist",
  "/api/waitlist/claim",
  "/api/reservations/lookup",
  "/api/reservations/reschedule",
  "/api/reservations/cancel",
];

testEachEngine(
  "bad input gets the contract's error and changes nothing",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
    });
    const [code] = await seedTickets(s.db, 1);
    await seedStaff(s.db, {
      username: "boss",
      role: "ADMIN",
      password: "boss-password",
    });
    const token = await login(s.url, "root", { password: "root-password-1" });
    const before = await fingerprint(s);

    const megabyte = JSON.stringify({ ticket_code: "A".repeat(1024 * 1024) });
    const bodies: { raw: string | Uint8Array; type?: string; why: string }[] = [
      { raw: "{", why: "truncated JSON" },
      { raw: "", why: "empty body" },
      { raw: "null", why: "null" },
      { raw: "[]", why: "array" },
      { raw: '"text"', why: "string" },
      { raw: "{'a': 1}", why: "single quotes" },
      { raw: '{"ticket_code": 12}', why: "wrong type" },
      { raw: '{"slot_id": "1; DROP TABLE tickets"}', why: "SQL-looking" },
      { raw: '{"unknown_field": true}', why: "unknown field" },
      { raw: megabyte, why: "1 MB body" },
      { raw: new Uint8Array([0xff, 0xfe, 0x00, 0x7b]), why: "binary" },
      { raw: '{"a":1}', type: "text/plain", why: "not JSON content type" },
    ];
    for (const route of ROUTES) {
      for (const b of bodies) {
        const r = await call(s.url, "POST", route, {
          raw: b.raw,
          token,
          headers: b.type ? { "content-type": b.type } : {},
        });
        const where = `${route} with ${b.why}: ${r.status} ${
          JSON.stringify(r.body).slice(0, 200)
        }`;
        ok(r.status >= 400 && r.status < 500, where);
        strictEqual(typeof r.body?.error?.code, "string", where);
        strictEqual(typeof r.body?.error?.message, "string", where);
        ok(!JSON.stringify(r.body).includes("at "), where); // no stack trace
        if (b.why === "1 MB body") strictEqual(r.status, 413, where);
      }
    }

    // Field-level errors name the fields.
    const fields = await call(s.url, "POST", "/api/reservations/create", {
      json: {
        ticket_code: code,
        slot_id: "seven",
        customer_email: "x",
        customer_phone: 5,
        extra: 1,
      },
    });
    strictEqual(fields.status, 400);
    strictEqual(fields.body.error.code, "VALIDATION_FAILED");
    for (const f of ["slot_id", "customer_email", "customer_phone", "extra"]) {
      ok(f in fields.body.error.details.fields, f);
    }

    // SQL-looking text is just text.
    const injected = await call(s.url, "POST", "/api/reservations/create", {
      json: {
        ticket_code: `${code}' OR '1'='1`,
        slot_id: slot,
        customer_email: "a@b.co",
        customer_phone: "+31612345678",
      },
    });
    strictEqual(injected.body.error.code, "TICKET_NOT_FOUND");
    const injectedQuery = await call(
      s.url,
      "GET",
      "/api/reservation-slots/available?orq=1%20OR%201=1",
    );
    strictEqual(injectedQuery.status, 400);

    // Out-of-range numbers and dates.
    for (
      const slot_id of [0, -1, 2 ** 31, 1e300, 1.5, null]
    ) {
      const r = await call(s.url, "POST", "/api/reservations/create", {
        json: {
          ticket_code: code,
          slot_id,
          customer_email: "a@b.co",
          customer_phone: "+31612345678",
        },
      });
      strictEqual(r.status, 400, String(slot_id));
    }
    for (
      const q of [
        "from=0000-00-00",
        "from=2026-11-26&to=99999-01-01",
        "to=2026-12-32",
      ]
    ) {
      const r = await call(
        s.url,
        "GET",
        `/api/reservation-slots/available?orq=1&${q}`,
      );
      strictEqual(r.status, 400, q);
    }
    const hugeOrq = await call(
      s.url,
      "GET",
      "/api/reservation-slots/available?orq=99999999999999",
    );
    strictEqual(hugeOrq.status, 400);

    // A chunked body (no Content-Length) is cut off once it is too large; a
    // small chunked body is read as usual.
    const chunked = (text: string, chunks: number) =>
      fetch(`${s.url}/api/tickets/validate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: new ReadableStream({
          start(ctrl) {
            const bytes = new TextEncoder().encode(text);
            const step = Math.ceil(bytes.length / chunks);
            for (let i = 0; i < bytes.length; i += step) {
              ctrl.enqueue(bytes.subarray(i, i + step));
            }
            ctrl.close();
          },
        }),
      });
    const tooBig = await chunked(megabyte, 64);
    strictEqual(tooBig.status, 413);
    strictEqual((await tooBig.json()).error.code, "PAYLOAD_TOO_LARGE");
    const small = await chunked(JSON.stringify({ ticket_code: code }), 3);
    strictEqual(small.status, 200);
    strictEqual((await small.json()).eligible, true);

    // Unknown routes and methods answer in the same shape.
    const missing = await call(s.url, "GET", "/api/nothing-here");
    strictEqual(missing.status, 404);
    strictEqual(missing.body.error.code, "NOT_FOUND");

    deepStrictEqual(await fingerprint(s), before);
  },
);

testEachEngine(
  "the attack pass's 500s: extreme dates, NUL characters, orq past 2^31 → 400",
  async (s) => {
    await seedStaff(s.db, {
      username: "boss",
      role: "MANAGER",
      password: "boss-password",
    });
    const root = await login(s.url, "root", { password: "root-password-1" });
    const boss = await login(s.url, "boss", { password: "boss-password" });
    const before = await fingerprint(s);
    const expect400 = (
      r: { status: number; body: { error?: { code?: string } } },
      what: string,
    ) => {
      strictEqual(r.status, 400, `${what}: ${JSON.stringify(r.body)}`);
      strictEqual(r.body.error?.code, "VALIDATION_FAILED", what);
    };
    for (
      const q of [
        "from=0000-01-01",
        "from=9999-10-04",
        "from=1999-12-31",
        "to=3000-01-01",
      ]
    ) {
      const path = `/api/reservation-slots/available?orq=1&${q}`;
      expect400(await call(s.url, "GET", path), path);
    }
    for (const date of ["0000-01-01", "9999-12-31"]) {
      const path = `/api/dashboard/summary?orq=1&date=${date}`;
      expect400(await call(s.url, "GET", path, { token: boss }), path);
    }
    const nul = "a\u0000b";
    const posts: [string, Record<string, unknown>, string?][] = [
      ["/api/operator/login", { username: nul, password: "whatever-pw" }],
      [
        "/api/tickets/issue",
        { orq: 1, count: 1, status: "ACTIVATED", order_ref: nul },
        root,
      ],
      [
        "/api/staff",
        {
          orq: 1,
          username: "new-one",
          name: nul,
          role: "MANAGER",
          password: "long-enough-password",
        },
        root,
      ],
      ["/api/organizations", { name: nul, timezone: "UTC" }, root],
      ["/api/waitlist/claim", { token: nul, customer_phone: "+31612345678" }],
      [
        "/api/waitlist",
        { ticket_codes: [nul], slot_id: 1, customer_email: "a@example.com" },
      ],
      [
        "/api/tickets/issue",
        { orq: 2147483648, count: 1, status: "ACTIVATED" },
        root,
      ],
      [
        "/api/staff",
        {
          orq: 2147483648,
          username: "x-big",
          name: "X",
          role: "MANAGER",
          password: "long-enough-password",
        },
        root,
      ],
      [
        "/api/reservation-slots/create",
        {
          orq: 2147483648,
          date: "2026-12-01",
          start_time: "10:00",
          end_time: "11:00",
          total_capacity: 5,
        },
        root,
      ],
    ];
    for (const [path, json, token] of posts) {
      expect400(
        await call(s.url, "POST", path, { json, token }),
        `${path} ${JSON.stringify(json)}`,
      );
    }
    // A NUL in a query string or path is refused before any route sees it.
    for (
      const path of [
        "/api/reservations/lookup?code=AB%00CD",
        "/api/reservation-slots/available?orq=1%00",
        "/reserve?code=%00",
      ]
    ) {
      expect400(await call(s.url, "GET", path), path);
    }
    deepStrictEqual(await fingerprint(s), before);
  },
);
