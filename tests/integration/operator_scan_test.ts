/** Operator scanner: validate-ticket, verify-ticket, their auth and login throttling (US-015 scenarios 3–6). */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import {
  call,
  post,
  reservationBody,
  seedSlot,
  seedStaff,
  seedTickets,
} from "../helpers/api.ts";
import {
  formatTicketCode,
  generateTicketCode,
} from "../../domain/ticket_code.ts";

/** The venue of every test: November in Amsterdam is UTC+1. */
const AMS = { timezone: "Europe/Amsterdam" };

/** Pins the server clock at a wall-clock time in Amsterdam (`2026-11-14T09:30`). */
function at(s: TestServer, local: string): void {
  s.clock.set(`${local}:00+01:00`);
}

/** Seeds an operator and logs in; returns its id and token. */
async function operator(
  s: TestServer,
  username: string,
  opts: { name?: string; orq?: number } = {},
): Promise<{ id: number; token: string }> {
  const id = await seedStaff(s.db, {
    username,
    name: opts.name,
    orq: opts.orq,
    role: "OPERATOR",
    password: "door-password-1",
  });
  const r = await post(s.url, "/api/operator/login", {
    username,
    password: "door-password-1",
  });
  assertEquals(r.status, 200);
  return { id, token: r.body.token };
}

/** A ticket reserved through the API for a new slot, at the current clock. */
async function reserved(
  s: TestServer,
  slot: { date: string; start: string; end: string; orq?: number },
): Promise<string> {
  const slotId = await seedSlot(s.db, slot);
  const [code] = await seedTickets(s.db, 1, { orq: slot.orq });
  const r = await post(
    s.url,
    "/api/reservations/create",
    reservationBody(code, slotId),
  );
  assertEquals(r.status, 201, JSON.stringify(r.body));
  return code;
}

function validate(s: TestServer, token: string, code: string) {
  return post(s.url, "/api/operator/validate-ticket", { code }, token);
}

function verify(s: TestServer, token: string, code: string, nonce?: string) {
  return post(s.url, "/api/operator/verify-ticket", { code, nonce }, token);
}

/** The ticket, its reservation and slot as stored, with its events' kinds. */
async function stored(s: TestServer, code: string) {
  const [row] = await s.db.query<{
    status: string;
    verified_at: Date | null;
    verified_by: number | null;
    reservation_status: string | null;
    reservation_verified_by: number | null;
    verified_count: number | null;
  }>(
    `SELECT t.status, t.verified_at, t.verified_by, r.status AS reservation_status,
            r.verified_by AS reservation_verified_by, sl.verified_count
       FROM tickets t
       LEFT JOIN ticket_reservations r ON r.ticket_id = t.id
       LEFT JOIN reservation_slots sl ON sl.id = r.slot_id
      WHERE t.code = $1`,
    [code],
  );
  const events = await s.db.query<
    { kind: string; staff_id: number; user_agent: string | null }
  >(
    `SELECT e.kind, e.staff_id, e.user_agent FROM verification_events e
       JOIN tickets t ON t.id = e.ticket_id WHERE t.code = $1 ORDER BY e.id`,
    [code],
  );
  return {
    ...row,
    kinds: events.map((e) => e.kind),
    events: events.map((e) => ({ ...e })),
  };
}

testEachEngine(
  "Scenario 3: a ticket reserved for today is GREEN and can be verified",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, {
      date: "2026-11-14",
      start: "09:00",
      end: "17:00",
    });
    const jane = await operator(s, "jane", { name: "Jane Smith" });
    at(s, "2026-11-14T09:15");

    const r = await validate(s, jane.token, code);
    assertEquals(r.status, 200);
    assertEquals(r.body, {
      result: "GREEN",
      reason: "VALID",
      title: "VALID TICKET",
      message: r.body.message,
      ticket: { code, status: "RESERVED" },
      reservation: {
        date: "2026-11-14",
        start_time: "09:00",
        end_time: "17:00",
      },
      customer: { email: "visitor@example.com", phone: "+31612345678" },
      verified_at: null,
      verified_by: null,
      can_verify: true,
    });
    // The QR payload, a typed code and a link all find the same ticket.
    for (
      const typed of [
        formatTicketCode(code),
        ` ${formatTicketCode(code).toLowerCase().replaceAll("-", " ")} `,
        `http://127.0.0.1:8000/reserve?code=${formatTicketCode(code)}`,
      ]
    ) {
      const again = await validate(s, jane.token, typed);
      assertEquals([again.body.result, again.body.ticket.code], [
        "GREEN",
        code,
      ]);
    }
    const unchanged = await stored(s, code);
    assertEquals([unchanged.status, unchanged.kinds], ["RESERVED", []]);

    const v = await call(s.url, "POST", "/api/operator/verify-ticket", {
      json: { code: formatTicketCode(code) },
      token: jane.token,
      headers: { "user-agent": "door-phone/1.0" },
    });
    assertEquals(v.status, 200);
    assertEquals(v.body, {
      result: "VERIFIED",
      verified_at: "2026-11-14T08:15:00.000Z",
      verified_by: { id: jane.id, name: "Jane Smith" },
    });
    const after = await stored(s, code);
    assertEquals(after.status, "VERIFIED");
    assertEquals(
      new Date(after.verified_at as Date).toISOString(),
      "2026-11-14T08:15:00.000Z",
    );
    assertEquals(after.verified_by, jane.id);
    assertEquals(after.reservation_status, "VERIFIED");
    assertEquals(after.reservation_verified_by, jane.id);
    assertEquals(after.verified_count, 1);
    assertEquals(after.events, [{
      kind: "VERIFIED",
      staff_id: jane.id,
      user_agent: "door-phone/1.0",
    }]);
  },
  AMS,
);

testEachEngine(
  "today is decided in the venue's zone, not the server's",
  async (s) => {
    at(s, "2026-11-13T20:00");
    const code = await reserved(s, {
      date: "2026-11-14",
      start: "00:00",
      end: "23:00",
    });
    const op = await operator(s, "door");
    s.clock.set("2026-11-13T23:30:00Z"); // already 00:30 on the 14th in Amsterdam
    const r = await validate(s, op.token, code);
    assertEquals([r.body.result, r.body.reason], ["GREEN", "VALID"]);
  },
  AMS,
);

testEachEngine(
  "Scenario 4: a ticket reserved for another date is RED WRONG DATE",
  async (s) => {
    at(s, "2026-11-14T10:00");
    const code = await reserved(s, {
      date: "2026-11-20",
      start: "12:00",
      end: "13:00",
    });
    const op = await operator(s, "door");

    const r = await validate(s, op.token, code);
    assertEquals(r.status, 200);
    assertEquals(r.body.result, "RED");
    assertEquals(r.body.reason, "WRONG_DATE");
    assertEquals(r.body.title, "WRONG DATE");
    assertEquals(r.body.message, "Reserved for 2026-11-20");
    assertEquals(r.body.can_verify, false);
    assertEquals(r.body.reservation, {
      date: "2026-11-20",
      start_time: "12:00",
      end_time: "13:00",
    });
    assertEquals(r.body.customer, null);

    const v = await verify(s, op.token, code);
    assertEquals(v.status, 409);
    assertEquals(v.body.error.code, "WRONG_DATE");
    const after = await stored(s, code);
    assertEquals(
      [
        after.status,
        after.reservation_status,
        after.verified_count,
        after.kinds,
      ],
      ["RESERVED", "RESERVED", 0, []],
    );
  },
  AMS,
);

testEachEngine(
  "Scenario 5: an ACTIVATED ticket without a reservation is RED NO RESERVATION",
  async (s) => {
    const [code] = await seedTickets(s.db, 1, { status: "ACTIVATED" });
    const op = await operator(s, "door");

    const r = await validate(s, op.token, code);
    assertEquals(r.status, 200);
    assertEquals(
      [r.body.result, r.body.reason, r.body.title, r.body.message],
      [
        "RED",
        "NO_RESERVATION",
        "NO RESERVATION",
        "Customer must book a time slot first",
      ],
    );
    assertEquals([r.body.can_verify, r.body.reservation], [false, null]);

    const v = await verify(s, op.token, code);
    assertEquals([v.status, v.body.error.code], [409, "NO_RESERVATION"]);
    assertEquals((await stored(s, code)).status, "ACTIVATED");
  },
  AMS,
);

testEachEngine(
  "Scenario 6: a verified ticket scanned again is YELLOW ALREADY VERIFIED",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, {
      date: "2026-11-14",
      start: "09:00",
      end: "17:00",
    });
    const jane = await operator(s, "jane", { name: "Jane Smith" });
    const bob = await operator(s, "bob", { name: "Bob Jones" });
    at(s, "2026-11-14T09:30");
    assertEquals((await verify(s, jane.token, code)).body.result, "VERIFIED");

    at(s, "2026-11-14T10:00");
    const r = await validate(s, bob.token, code);
    assertEquals(r.status, 200);
    assertEquals(
      [r.body.result, r.body.reason, r.body.title, r.body.message],
      [
        "YELLOW",
        "ALREADY_VERIFIED",
        "ALREADY VERIFIED",
        "Verified at 09:30 by Jane Smith",
      ],
    );
    assertEquals(r.body.verified_at, "2026-11-14T08:30:00.000Z");
    assertEquals(r.body.verified_by, { id: jane.id, name: "Jane Smith" });
    assertEquals(r.body.ticket, { code, status: "VERIFIED" });
    assertEquals(r.body.customer.email, "visitor@example.com");
    assertEquals(r.body.can_verify, false);

    // Re-verifying is allowed and idempotent: the first verification stands.
    const v = await verify(s, bob.token, code);
    assertEquals(v.status, 200);
    assertEquals(v.body, {
      result: "ALREADY_VERIFIED",
      verified_at: "2026-11-14T08:30:00.000Z",
      verified_by: { id: jane.id, name: "Jane Smith" },
    });
    const after = await stored(s, code);
    assertEquals([after.verified_by, after.verified_count], [jane.id, 1]);
    assertEquals(
      after.events.map((e) => [e.kind, e.staff_id]),
      [["VERIFIED", jane.id], ["RESCAN", bob.id]],
    );
  },
  AMS,
);

testEachEngine(
  "every RED reason: 200 from validate, 409 from verify, nothing changed",
  async (s) => {
    at(s, "2026-11-13T08:00");
    const yesterday = await reserved(s, {
      date: "2026-11-13",
      start: "09:00",
      end: "17:00",
    });
    const endedToday = await reserved(s, {
      date: "2026-11-14",
      start: "09:00",
      end: "10:00",
    });
    const expiredByJob = await reserved(s, {
      date: "2026-11-14",
      start: "12:00",
      end: "13:00",
    });
    await s.db.query(
      "UPDATE tickets SET status = 'EXPIRED' WHERE code = $1",
      [expiredByJob],
    );
    const [unpaid] = await seedTickets(s.db, 1, { status: "PENDING_PAYMENT" });
    const [expired] = await seedTickets(s.db, 1, { status: "EXPIRED" });
    at(s, "2026-11-14T10:30");
    const op = await operator(s, "door");

    const cases: [string, string][] = [
      [generateTicketCode(), "INVALID_TICKET"],
      ["hello world", "INVALID_TICKET"],
      ["https://example.com/reserve?ticket=1", "INVALID_TICKET"],
      [unpaid, "NOT_PAID"],
      [expired, "EXPIRED"],
      [expiredByJob, "EXPIRED"],
      [yesterday, "EXPIRED"],
      [endedToday, "EXPIRED"],
    ];
    for (const [code, reason] of cases) {
      const r = await validate(s, op.token, code);
      assertEquals([r.status, r.body.result, r.body.reason], [
        200,
        "RED",
        reason,
      ], code);
      assertEquals(r.body.can_verify, false);
      const before = await stored(s, code);
      const v = await verify(s, op.token, code);
      assertEquals([v.status, v.body.error.code], [409, reason], code);
      assertEquals(await stored(s, code), before);
    }
    const ended = await validate(s, op.token, endedToday);
    assertEquals(ended.body.title, "EXPIRED");
    assertEquals(ended.body.message.includes("2026-11-14 09:00"), true);
    const invalid = await validate(s, op.token, generateTicketCode());
    assertEquals(
      [invalid.body.title, invalid.body.ticket, invalid.body.reservation],
      ["INVALID TICKET", null, null],
    );
    const events = await s.db.query("SELECT id FROM verification_events");
    assertEquals(events.length, 0);
  },
  AMS,
);

testEachEngine(
  "an entry window makes an early scan RED TOO EARLY",
  async (s) => {
    await s.db.query(
      "UPDATE organizations SET entry_opens_minutes_before = 30 WHERE orq = 1",
    );
    at(s, "2026-11-14T12:00");
    const code = await reserved(s, {
      date: "2026-11-14",
      start: "18:00",
      end: "19:00",
    });
    const op = await operator(s, "door");

    at(s, "2026-11-14T17:29");
    const r = await validate(s, op.token, code);
    assertEquals(
      [r.body.result, r.body.reason, r.body.title, r.body.message],
      ["RED", "TOO_EARLY", "TOO EARLY", "Entry from 17:30"],
    );
    const v = await verify(s, op.token, code);
    assertEquals([v.status, v.body.error.code], [409, "TOO_EARLY"]);
    assertEquals((await stored(s, code)).status, "RESERVED");

    at(s, "2026-11-14T17:30");
    assertEquals((await validate(s, op.token, code)).body.result, "GREEN");
    assertEquals((await verify(s, op.token, code)).body.result, "VERIFIED");
  },
  AMS,
);

testEachEngine(
  "another organization's tickets are INVALID TICKET and reveal nothing",
  async (s) => {
    const [{ orq }] = await s.db.query<{ orq: number }>(
      "INSERT INTO organizations (name, timezone) VALUES ('Org 2', 'Europe/Amsterdam') RETURNING orq",
    );
    at(s, "2026-11-14T08:00");
    const mine = await reserved(s, {
      date: "2026-11-14",
      start: "09:00",
      end: "17:00",
    });
    const theirs = await reserved(s, {
      orq,
      date: "2026-11-14",
      start: "09:00",
      end: "17:00",
    });
    const op1 = await operator(s, "door1", { name: "Door One" });
    const op2 = await operator(s, "door2", { name: "Door Two", orq });
    at(s, "2026-11-14T10:00");
    // Org 2 verifies its own ticket: it is real, verified, and has a verifier.
    assertEquals((await verify(s, op2.token, theirs)).body.result, "VERIFIED");

    for (
      const [token, code] of [[op1.token, theirs], [op2.token, mine]] as const
    ) {
      const r = await validate(s, token, code);
      assertEquals(r.status, 200);
      assertEquals(r.body, {
        result: "RED",
        reason: "INVALID_TICKET",
        title: "INVALID TICKET",
        message: r.body.message,
        ticket: null,
        reservation: null,
        customer: null,
        verified_at: null,
        verified_by: null,
        can_verify: false,
      });
      const v = await verify(s, token, code);
      assertEquals([v.status, v.body.error.code], [409, "INVALID_TICKET"]);
      const text = JSON.stringify([r.body, v.body]);
      for (const secret of ["visitor@example.com", "Door", code]) {
        assertEquals(text.includes(secret), false, secret);
      }
    }
    const mineAfter = await stored(s, mine);
    assertEquals([mineAfter.status, mineAfter.kinds], ["RESERVED", []]);
    assertEquals((await stored(s, theirs)).kinds, ["VERIFIED"]);
    assertEquals((await validate(s, op1.token, mine)).body.result, "GREEN");
  },
  AMS,
);

testEachEngine(
  "scanning needs a valid, unexpired, untampered staff token",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, {
      date: "2026-11-14",
      start: "09:00",
      end: "17:00",
    });
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
  const code = await reserved(s, {
    date: "2026-11-14",
    start: "09:00",
    end: "17:00",
  });
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

testEachEngine("a client nonce makes a retried verify a no-op", async (s) => {
  at(s, "2026-11-14T08:00");
  const code = await reserved(s, {
    date: "2026-11-14",
    start: "09:00",
    end: "17:00",
  });
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
    Array.from({ length: 5 }, () => verify(s, jane.token, code, "scan-1")),
  );
  at(s, "2026-11-14T17:15"); // even after the slot has ended
  const retry = await verify(s, jane.token, code, "scan-1");
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
    const r = await verify(s, jane.token, code, "scan-2");
    assertEquals([r.status, r.body], [200, rescan]);
  }
  // Nonces belong to a staff member: Bob's "scan-1" is a new request.
  assertEquals((await verify(s, bob.token, code, "scan-1")).body, rescan);
  assertEquals((await stored(s, code)).kinds, ["VERIFIED", "RESCAN", "RESCAN"]);

  const reused = await verify(s, jane.token, other, "scan-1");
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
    const code = await reserved(s, {
      date: "2026-11-14",
      start: "09:00",
      end: "17:00",
    });
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

testEachEngine("bad requests are 400 VALIDATION_FAILED", async (s) => {
  const op = await operator(s, "door");
  for (const path of ["validate-ticket", "verify-ticket"]) {
    const url = `/api/operator/${path}`;
    for (
      const json of [{}, { code: "" }, { code: 42 }, {
        code: "x".repeat(501),
      }, { code: generateTicketCode(), extra: 1 }]
    ) {
      const r = await post(s.url, url, json, op.token);
      assertEquals([r.status, r.body.error.code], [400, "VALIDATION_FAILED"]);
    }
    const raw = await call(s.url, "POST", url, {
      raw: "{not json",
      token: op.token,
    });
    assertEquals([raw.status, raw.body.error.code], [400, "VALIDATION_FAILED"]);
  }
  const nonce = await verify(s, op.token, generateTicketCode(), "has space");
  assertEquals(nonce.status, 400);
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
