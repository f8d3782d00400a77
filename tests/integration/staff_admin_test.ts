/** GET /api/staff and PATCH /api/staff/:id (API.md "Back office", staff). */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import {
  call,
  get,
  login,
  post,
  seedStaff,
  STAFF_PASSWORD,
  staffToken,
} from "../helpers/api.ts";
import { stateFingerprint } from "../helpers/state.ts";

function patch(
  s: TestServer,
  id: number | string,
  json: unknown,
  token: string,
) {
  return call(s.url, "PATCH", `/api/staff/${id}`, { json, token });
}

/** Everything a refused change must leave as it was. */
async function staffState(s: TestServer): Promise<string> {
  const rows = await s.db.query(
    `SELECT id, name, role, disabled, password_hash, pin_hash, token_version
       FROM staff ORDER BY id`,
  );
  const [audit] = await s.db.query(
    "SELECT count(*)::int AS n FROM audit_log",
  );
  return JSON.stringify([rows, audit, await stateFingerprint(s.db)]);
}

async function idOf(s: TestServer, username: string): Promise<number> {
  const [r] = await s.db.query<{ id: number }>(
    "SELECT id FROM staff WHERE username = $1",
    [username],
  );
  return r.id;
}

testEachEngine(
  "the staff list is by name, paged, without the platform administrator or other organizations",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    for (const [u, n] of [["b1", "Bea"], ["a1", "Ann"], ["c1", "Cor"]]) {
      await seedStaff(s.db, {
        username: u,
        name: n,
        role: "OPERATOR",
        pin: "123456",
      });
    }
    await seedStaff(s.db, {
      username: "m1",
      name: "Max",
      role: "MANAGER",
      password: STAFF_PASSWORD,
    });
    const [{ orq: org2 }] = await s.db.query<{ orq: number }>(
      "INSERT INTO organizations (name, timezone) VALUES ('Other', 'UTC') RETURNING orq",
    );
    await seedStaff(s.db, {
      orq: org2,
      username: "o2",
      name: "Aaron",
      role: "ADMIN",
      password: STAFF_PASSWORD,
    });

    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await get(
        s.url,
        `/api/staff?orq=1&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        admin,
      );
      assertEquals(r.status, 200);
      assert(r.body.items.length <= 2);
      names.push(...r.body.items.map((i: { name: string }) => i.name));
      cursor = r.body.next_cursor;
    } while (cursor);
    assertEquals(
      names,
      ["Ann", "Bea", "chief", "Cor", "Max"].sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0
      ),
    );
    const first = await get(s.url, "/api/staff?orq=1", admin);
    const ann = first.body.items.find((i: { name: string }) =>
      i.name === "Ann"
    );
    assertEquals(Object.keys(ann).sort(), [
      "disabled",
      "has_password",
      "has_pin",
      "id",
      "name",
      "role",
      "username",
    ]);
    assertEquals([ann.has_pin, ann.has_password, ann.disabled], [
      true,
      false,
      false,
    ]);
    assert(
      !first.body.items.some((i: { username: string }) =>
        i.username === "root"
      ),
    );

    // A cursor of another query, a broken one; another organization; roles.
    const page = await get(s.url, "/api/staff?orq=1&limit=1", admin);
    const foreign = await get(
      s.url,
      `/api/staff?orq=${org2}&cursor=${page.body.next_cursor}`,
      await login(s.url, "root", { password: "root-password-1" }),
    );
    assertEquals(foreign.status, 400);
    assert("cursor" in foreign.body.error.details.fields);
    assertEquals(
      (await get(s.url, "/api/staff?orq=1&cursor=zz", admin)).status,
      400,
    );
    assertEquals(
      (await get(s.url, `/api/staff?orq=${org2}`, admin)).status,
      403,
    );
    const boss = await login(s.url, "m1", { password: STAFF_PASSWORD });
    assertEquals((await get(s.url, "/api/staff?orq=1", boss)).status, 403);
  },
);

testEachEngine(
  "staff changes: every refused change answers its code and changes nothing",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    const chief = await idOf(s, "chief");
    const door = await seedStaff(s.db, {
      username: "door",
      role: "OPERATOR",
      pin: "123456",
    });
    const both = await seedStaff(s.db, {
      username: "both",
      role: "OPERATOR",
      pin: "123456",
      password: STAFF_PASSWORD,
    });
    const boss = await seedStaff(s.db, {
      username: "boss",
      role: "MANAGER",
      password: STAFF_PASSWORD,
    });
    const [{ id: root }] = await s.db.query<{ id: number }>(
      "SELECT id FROM staff WHERE platform_admin",
    );
    const [{ orq: org2 }] = await s.db.query<{ orq: number }>(
      "INSERT INTO organizations (name, timezone) VALUES ('Other', 'UTC') RETURNING orq",
    );
    const other = await seedStaff(s.db, {
      orq: org2,
      username: "far",
      role: "OPERATOR",
      pin: "123456",
    });
    const bossToken = await login(s.url, "boss", { password: STAFF_PASSWORD });

    const refusals: [number | string, unknown, string, string?][] = [
      ["abc", { name: "Mine" }, "400 id"],
      [door, { pin: "12345" }, "400 pin"],
      [door, { pin: "1234567890123" }, "400 pin"],
      [door, { pin: 123456 }, "400 pin"],
      [door, { password: "short" }, "400 password"],
      [door, { role: "MANAGER" }, "400 password"],
      [door, { pin: null }, "400 pin"],
      [boss, { pin: "654321" }, "400 pin"],
      [both, { role: "ADMIN", pin: "654321" }, "400 pin"],
      [door, { role: "OWNER" }, "400 role"],
      [door, { username: "x" }, "400 username"],
      [door, { disabled: "yes" }, "400 disabled"],
      [chief, { disabled: true }, "409 LAST_ADMIN"],
      [
        chief,
        { role: "MANAGER", password: "long-enough-pw" },
        "409 LAST_ADMIN",
      ],
      [other, { name: "Mine" }, "404 STAFF_NOT_FOUND"],
      [root, { name: "Mine" }, "404 STAFF_NOT_FOUND"],
      [999999, { name: "Mine" }, "404 STAFF_NOT_FOUND"],
      [door, { name: "Boss says" }, "403 FORBIDDEN", bossToken],
    ];
    for (const [id, json, want, token] of refusals) {
      const before = await staffState(s);
      const r = await patch(s, id, json, token ?? admin);
      const fields = r.body?.error?.details?.fields;
      assertEquals(
        `${r.status} ${
          fields ? Object.keys(fields).join(",") : r.body.error.code
        }`,
        want,
        `${id} ${JSON.stringify(json)}`,
      );
      assertEquals(
        await staffState(s),
        before,
        `${id} ${JSON.stringify(json)}`,
      );
    }
    // The platform administrator reads other organizations' staff as theirs.
    const rootToken = await login(s.url, "root", {
      password: "root-password-1",
    });
    assertEquals(
      (await patch(s, other, { name: "Renamed" }, rootToken)).status,
      200,
    );
  },
);

testEachEngine(
  "staff changes apply, are audited with secrets as changed, and revoke the old tokens",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    const door = await seedStaff(s.db, {
      username: "door",
      role: "OPERATOR",
      pin: "123456",
    });
    const doorToken = await login(s.url, "door", { pin: "123456" });
    const scan = () =>
      post(s.url, "/api/operator/validate-ticket", {
        code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
      }, doorToken);
    assertEquals((await scan()).status, 200);

    // A name change keeps the tokens.
    const renamed = await patch(s, door, { name: "Door One" }, admin);
    assertEquals(renamed.status, 200);
    assertEquals(renamed.body.name, "Door One");
    assertEquals((await scan()).status, 200);

    // A new PIN revokes them; the new PIN signs in, the old one does not.
    const repin = await patch(s, door, { pin: "24681357" }, admin);
    assertEquals(repin.status, 200);
    assertEquals((await scan()).status, 401);
    assertEquals(
      (await post(s.url, "/api/operator/login", {
        username: "door",
        pin: "123456",
      })).status,
      401,
    );
    await login(s.url, "door", { pin: "24681357" });

    // Promotion with a password: the PIN goes.
    const up = await patch(s, door, {
      role: "MANAGER",
      password: "long-enough-pw",
    }, admin);
    assertEquals(up.status, 200);
    assertEquals([up.body.role, up.body.has_pin, up.body.has_password], [
      "MANAGER",
      false,
      true,
    ]);

    // Disabled: its tokens stop and it cannot sign in (same answer as a wrong secret).
    const bossToken = await login(s.url, "door", {
      password: "long-enough-pw",
    });
    assertEquals(
      (await get(s.url, "/api/dashboard/summary?orq=1", bossToken)).status,
      200,
    );
    assertEquals((await patch(s, door, { disabled: true }, admin)).status, 200);
    assertEquals(
      (await get(s.url, "/api/dashboard/summary?orq=1", bossToken)).status,
      401,
    );
    const refused = await post(s.url, "/api/operator/login", {
      username: "door",
      password: "long-enough-pw",
    });
    assertEquals([refused.status, refused.body.error.code], [
      401,
      "INVALID_CREDENTIALS",
    ]);

    const audit = await s.db.query<
      { action: string; before: unknown; after: unknown }
    >(
      "SELECT action, before, after FROM audit_log WHERE target_type = 'staff' ORDER BY id",
    );
    assertEquals(audit.map((a) => [a.action, a.before, a.after]), [
      ["staff.updated", { name: "door" }, { name: "Door One" }],
      ["staff.updated", { pin: "changed" }, { pin: "changed" }],
      ["staff.updated", {
        role: "OPERATOR",
        password: "changed",
        pin: "changed",
      }, {
        role: "MANAGER",
        password: "changed",
        pin: null,
      }],
      ["staff.updated", { disabled: false }, { disabled: true }],
    ]);
    assert(!JSON.stringify(audit).includes("long-enough-pw"));
  },
);

testEachEngine(
  "staff creation is audited without its secrets",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    const r = await post(s.url, "/api/staff", {
      orq: 1,
      username: "newbie",
      name: "New",
      role: "OPERATOR",
      pin: "13572468",
    }, admin);
    assertEquals(r.status, 201);
    const [entry] = await s.db.query<
      { action: string; actor_name: string; after: unknown }
    >(
      "SELECT action, actor_name, after FROM audit_log",
    );
    assertEquals(entry, {
      action: "staff.created",
      actor_name: "chief",
      after: {
        username: "newbie",
        name: "New",
        role: "OPERATOR",
        pin: "changed",
      },
    });
  },
);
