import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call, login, post, seedStaff } from "../helpers/api.ts";
import { normalizeTicketCode } from "../../domain/ticket_code.ts";

const ISSUER = { "x-api-key": "issuer-key-0123456789abcdef" };

testEachEngine("slots: one, a series, duplicates and bad ranges", async (s) => {
  await seedStaff(s.db, {
    username: "boss",
    role: "ADMIN",
    password: "boss-password",
  });
  await seedStaff(s.db, {
    username: "mgr",
    role: "MANAGER",
    password: "mgr-password",
  });
  const admin = await login(s.url, "boss", { password: "boss-password" });
  const manager = await login(s.url, "mgr", { password: "mgr-password" });

  const one = await post(s.url, "/api/reservation-slots/create", {
    orq: 1,
    date: "2026-11-27",
    start_time: "09:00",
    end_time: "10:00",
    total_capacity: 50,
  }, admin);
  strictEqual(one.status, 201, JSON.stringify(one.body));
  strictEqual(one.body.created.length, 1);
  strictEqual(one.body.created[0].total_capacity, 50);
  strictEqual(one.body.created[0].available_count, 50);
  deepStrictEqual(one.body.skipped, []);

  const midnight = await post(s.url, "/api/reservation-slots/create", {
    orq: 1,
    date: "2026-11-27",
    start_time: "23:00",
    end_time: "24:00",
  }, admin);
  strictEqual(midnight.status, 201);
  strictEqual(midnight.body.created[0].end_time, "24:00");
  strictEqual(midnight.body.created[0].total_capacity, 200);

  // Mon 2026-11-30 .. Sun 2026-12-06, Mondays and Wednesdays, two times.
  const series = await post(s.url, "/api/reservation-slots/create", {
    orq: 1,
    from: "2026-11-27",
    to: "2026-12-06",
    weekdays: [1, 3, 5],
    times: [["09:00", "10:00"], ["14:00", "15:30"]],
    total_capacity: 100,
  }, admin);
  strictEqual(series.status, 201, JSON.stringify(series.body));
  // Fridays 11-27, 12-04; Monday 11-30; Wednesday 12-02 → 4 dates × 2 times, one existing.
  strictEqual(series.body.created.length, 7);
  deepStrictEqual(series.body.skipped, [{
    date: "2026-11-27",
    start_time: "09:00",
    reason: "DUPLICATE",
  }]);
  const [{ n }] = await s.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM reservation_slots",
  );
  strictEqual(n, 9);

  const bad: Record<string, unknown>[] = [
    { orq: 1, date: "2026-11-27", start_time: "10:00", end_time: "09:00" },
    { orq: 1, date: "2026-11-27", start_time: "10:00", end_time: "10:00" },
    { orq: 1, date: "2026-11-25", start_time: "10:00", end_time: "11:00" },
    {
      orq: 1,
      date: "2026-11-27",
      start_time: "10:00",
      end_time: "11:00",
      total_capacity: 0,
    },
    { orq: 1, date: "2026-11-27", start_time: "25:00", end_time: "26:00" },
    { orq: 1, date: "2026-11-27", start_time: "24:00", end_time: "24:00" },
    {
      orq: 1,
      from: "2026-11-27",
      to: "2026-11-20",
      weekdays: [1],
      times: [["09:00", "10:00"]],
    },
    {
      orq: 1,
      from: "2026-11-27",
      to: "2028-01-01",
      weekdays: [1],
      times: [["09:00", "10:00"]],
    },
    {
      orq: 1,
      from: "2026-11-27",
      to: "2026-12-27",
      weekdays: [8],
      times: [["09:00", "10:00"]],
    },
    {
      orq: 1,
      from: "2026-11-27",
      to: "2026-12-27",
      weekdays: [1],
      times: [["10:00", "09:00"]],
    },
  ];
  for (const body of bad) {
    const r = await post(s.url, "/api/reservation-slots/create", body, admin);
    strictEqual(r.status, 400, JSON.stringify(body));
    strictEqual(r.body.error.code, "VALIDATION_FAILED");
  }
  const forbidden = await post(s.url, "/api/reservation-slots/create", {
    orq: 1,
    date: "2026-11-28",
    start_time: "09:00",
    end_time: "10:00",
  }, manager);
  strictEqual(forbidden.status, 403);
  strictEqual(forbidden.body.error.code, "FORBIDDEN");
  const anonymous = await post(s.url, "/api/reservation-slots/create", {
    orq: 1,
    date: "2026-11-28",
    start_time: "09:00",
    end_time: "10:00",
  });
  strictEqual(anonymous.status, 401);
  strictEqual(anonymous.body.error.code, "UNAUTHORIZED");
  const [{ n: after }] = await s.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM reservation_slots",
  );
  strictEqual(after, 9);
});

testEachEngine(
  "tickets: issue and activate, by admin or API key",
  async (s) => {
    await seedStaff(s.db, {
      username: "boss",
      role: "ADMIN",
      password: "boss-password",
    });
    const admin = await login(s.url, "boss", { password: "boss-password" });
    const issued = await post(s.url, "/api/tickets/issue", {
      orq: 1,
      count: 3,
      status: "PENDING_PAYMENT",
      order_ref: "ORDER-456",
    }, admin);
    strictEqual(issued.status, 201, JSON.stringify(issued.body));
    strictEqual(issued.body.tickets.length, 3);
    const codes = issued.body.tickets.map((t: { code: string }) => t.code);
    strictEqual(new Set(codes).size, 3);
    for (const t of issued.body.tickets) {
      strictEqual(t.code.length, 20);
      strictEqual(normalizeTicketCode(t.code), t.code);
      deepStrictEqual({ ...t, code: "" }, {
        code: "",
        status: "PENDING_PAYMENT",
        orq: 1,
        order_ref: "ORDER-456",
      });
    }

    const activated = await call(s.url, "POST", "/api/tickets/activate", {
      json: { ticket_code: codes[0] },
      headers: ISSUER,
    });
    strictEqual(activated.status, 200, JSON.stringify(activated.body));
    deepStrictEqual(activated.body, {
      ticket: { code: codes[0], status: "ACTIVATED", orq: 1 },
    });
    // Idempotent.
    const again = await call(s.url, "POST", "/api/tickets/activate", {
      json: { ticket_code: codes[0] },
      headers: ISSUER,
    });
    deepStrictEqual(again.body, activated.body);
    await s.db.query("UPDATE tickets SET status = 'RESERVED' WHERE code = $1", [
      codes[1],
    ]);
    const later = await post(s.url, "/api/tickets/activate", {
      ticket_code: codes[1],
    }, admin);
    strictEqual(later.status, 409);
    strictEqual(later.body.error.code, "TICKET_ALREADY_RESERVED");
    const unknown = await post(s.url, "/api/tickets/activate", {
      ticket_code: "ZZZZZZZZZZZZZZZZZZZZ",
    }, admin);
    strictEqual(unknown.body.error.code, "TICKET_NOT_FOUND");

    const byKey = await call(s.url, "POST", "/api/tickets/issue", {
      json: { orq: 1, count: 2, status: "ACTIVATED", order_ref: null },
      headers: ISSUER,
    });
    strictEqual(byKey.status, 201);
    strictEqual(byKey.body.tickets[0].status, "ACTIVATED");

    // An API key is limited to its organization and to ticket routes.
    await s.db.query(
      "INSERT INTO organizations (name, timezone) VALUES ('Two', 'UTC')",
    );
    const otherOrg = await call(s.url, "POST", "/api/tickets/issue", {
      json: { orq: 2, count: 1 },
      headers: ISSUER,
    });
    strictEqual(otherOrg.status, 403);
    const keyOnSlots = await call(
      s.url,
      "POST",
      "/api/reservation-slots/create",
      {
        json: {
          orq: 1,
          date: "2026-11-28",
          start_time: "09:00",
          end_time: "10:00",
        },
        headers: ISSUER,
      },
    );
    strictEqual(keyOnSlots.status, 403);
    const wrongKey = await call(s.url, "POST", "/api/tickets/issue", {
      json: { orq: 1, count: 1 },
      headers: { "x-api-key": "nope" },
    });
    strictEqual(wrongKey.status, 401);

    for (const count of [0, 1001, 1.5, "3"]) {
      const r = await post(
        s.url,
        "/api/tickets/issue",
        { orq: 1, count },
        admin,
      );
      strictEqual(r.status, 400, String(count));
    }
    const thousand = await post(s.url, "/api/tickets/issue", {
      orq: 1,
      count: 1000,
    }, admin);
    strictEqual(thousand.status, 201);
    strictEqual(thousand.body.tickets.length, 1000);
  },
);

testEachEngine("organizations and staff", async (s) => {
  const root = await login(s.url, "root", { password: "root-password-1" });
  const org = await post(s.url, "/api/organizations", {
    name: "Rijksmuseum",
    timezone: "Europe/Amsterdam",
  }, root);
  strictEqual(org.status, 201, JSON.stringify(org.body));
  deepStrictEqual(org.body, {
    orq: 2,
    name: "Rijksmuseum",
    timezone: "Europe/Amsterdam",
  });
  const badZone = await post(s.url, "/api/organizations", {
    name: "X",
    timezone: "Mars/Olympus",
  }, root);
  strictEqual(badZone.status, 400);
  ok("timezone" in badZone.body.error.details.fields);

  const staff = await post(s.url, "/api/staff", {
    orq: 2,
    username: "rijks-admin",
    name: "Rita",
    role: "ADMIN",
    password: "a-long-password",
  }, root);
  strictEqual(staff.status, 201, JSON.stringify(staff.body));
  deepStrictEqual({ ...staff.body, id: 0 }, {
    id: 0,
    username: "rijks-admin",
    name: "Rita",
    role: "ADMIN",
    orq: 2,
  });
  const [row] = await s.db.query<{ password_hash: string }>(
    "SELECT password_hash FROM staff WHERE username = 'rijks-admin'",
  );
  ok(row.password_hash.startsWith("scrypt$"));
  ok(!row.password_hash.includes("a-long-password"));

  const orgAdmin = await login(s.url, "rijks-admin", {
    password: "a-long-password",
  });
  // An organization's admin may add staff there, not elsewhere, and no organizations.
  const door = await post(s.url, "/api/staff", {
    orq: 2,
    username: "door2",
    name: "Door",
    role: "OPERATOR",
    pin: "432198",
  }, orgAdmin);
  strictEqual(door.status, 201);
  strictEqual(
    (await login(s.url, "door2", { pin: "432198" })).length > 20,
    true,
  );
  const elsewhere = await post(s.url, "/api/staff", {
    orq: 1,
    username: "intruder",
    name: "I",
    role: "ADMIN",
    password: "a-long-password",
  }, orgAdmin);
  strictEqual(elsewhere.status, 403);
  const noOrgs = await post(s.url, "/api/organizations", {
    name: "Y",
    timezone: "UTC",
  }, orgAdmin);
  strictEqual(noOrgs.status, 403);

  const taken = await post(s.url, "/api/staff", {
    orq: 2,
    username: "DOOR2",
    name: "Again",
    role: "OPERATOR",
    pin: "111111",
  }, orgAdmin);
  strictEqual(taken.status, 409);
  strictEqual(taken.body.error.code, "USERNAME_TAKEN");
  const noSecret = await post(s.url, "/api/staff", {
    orq: 2,
    username: "nosecret",
    name: "N",
    role: "OPERATOR",
  }, orgAdmin);
  strictEqual(noSecret.status, 400);
});

testEachEngine(
  "login answers the same for unknown users and wrong secrets",
  async (s) => {
    await seedStaff(s.db, {
      username: "jane",
      name: "Jane Smith",
      role: "OPERATOR",
      pin: "2468",
    });
    const wrong = await post(s.url, "/api/operator/login", {
      username: "jane",
      pin: "0000",
    });
    const unknown = await post(s.url, "/api/operator/login", {
      username: "nobody",
      pin: "0000",
    });
    strictEqual(wrong.status, 401);
    deepStrictEqual(wrong.body, unknown.body);
    strictEqual(wrong.body.error.code, "INVALID_CREDENTIALS");
    const okLogin = await post(s.url, "/api/operator/login", {
      username: "JANE",
      pin: "2468",
    });
    strictEqual(okLogin.status, 200);
    deepStrictEqual({ ...okLogin.body.operator, id: 0 }, {
      id: 0,
      name: "Jane Smith",
      role: "OPERATOR",
      orq: 1,
    });
    strictEqual(okLogin.body.expires_at, "2026-11-26T18:00:00.000Z");
    const cookie = okLogin.headers.get("set-cookie") ?? "";
    ok(/HttpOnly/i.test(cookie) && /SameSite=Strict/i.test(cookie), cookie);
    // A password login for a PIN-only account fails.
    const viaPassword = await post(s.url, "/api/operator/login", {
      username: "jane",
      password: "2468",
    });
    strictEqual(viaPassword.status, 401);
  },
);
