/** GET /api/audit (API.md "Back office"): newest first, filters, paging. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import { call, get, login, seedStaff, staffToken } from "../helpers/api.ts";
import { recordAudit } from "../../db/audit.ts";

// deno-lint-ignore no-explicit-any
type Item = any;

async function all(s: TestServer, query: string, token: string, limit = 2) {
  const items: Item[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r = await get(
      s.url,
      `/api/audit?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
      token,
    );
    assertEquals(r.status, 200, JSON.stringify(r.body));
    assert(r.body.items.length <= limit);
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

testEachEngine(
  "the audit log lists newest first, filters by day, action and actor, and pages",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    const [{ id: chief }] = await s.db.query<{ id: number }>(
      "SELECT id FROM staff WHERE username = 'chief'",
    );
    const door = await seedStaff(s.db, {
      username: "door",
      role: "OPERATOR",
      pin: "123456",
    });
    // Two days in the organization's zone (Amsterdam: 23:30 UTC is the next day there).
    const system = { kind: "system" as const, id: null, name: null };
    await recordAudit(s.db, {
      orq: 1,
      actor: system,
      action: "slot.updated",
      target: { type: "slot", id: 7 },
      before: { total_capacity: 10 },
      after: { total_capacity: 20 },
      at: new Date("2026-11-24T12:00:00Z"),
    });
    await recordAudit(s.db, {
      orq: 1,
      actor: system,
      action: "ticket.imported",
      target: { type: "import", id: null },
      after: { imported: 5 },
      at: new Date("2026-11-25T23:30:00Z"),
    });
    // Two staff changes through the API (the clock: 2026-11-26 10:00 UTC).
    for (const name of ["Door One", "Door Two"]) {
      const r = await call(s.url, "PATCH", `/api/staff/${door}`, {
        json: { name },
        token: admin,
      });
      assertEquals(r.status, 200);
    }
    const [{ orq: org2 }] = await s.db.query<{ orq: number }>(
      "INSERT INTO organizations (name, timezone) VALUES ('Other', 'UTC') RETURNING orq",
    );
    await recordAudit(s.db, {
      orq: org2,
      actor: system,
      action: "slot.updated",
      target: { type: "slot", id: 9 },
      at: new Date("2026-11-25T12:00:00Z"),
    });

    const everything = await all(s, "orq=1", admin);
    assertEquals(everything.pages, 2);
    assertEquals(
      everything.items.map((i: Item) => [i.action, i.after]),
      [
        ["staff.updated", { name: "Door Two" }],
        ["staff.updated", { name: "Door One" }],
        ["ticket.imported", { imported: 5 }],
        ["slot.updated", { total_capacity: 20 }],
      ],
    );
    assertEquals(everything.items[0], {
      id: everything.items[0].id,
      at: "2026-11-26T10:00:00.000Z",
      actor: { kind: "staff", id: chief, name: "chief" },
      action: "staff.updated",
      target: { type: "staff", id: String(door) },
      before: { name: "Door One" },
      after: { name: "Door Two" },
    });

    const byAction = await all(s, "orq=1&action=staff", admin, 1);
    assertEquals(byAction.items.length, 2);
    assertEquals(
      (await all(s, "orq=1&action=slot.updated", admin)).items.length,
      1,
    );
    assertEquals((await all(s, `orq=1&actor=${chief}`, admin)).items.length, 2);
    assertEquals((await all(s, "orq=1&actor=system", admin)).items.length, 2);
    // Days are the venue's: in UTC 23:30 on the 25th is the 25th.
    assertEquals(
      (await all(s, "orq=1&from=2026-11-25&to=2026-11-25", admin)).items.map((
        i: Item,
      ) => i.action),
      ["ticket.imported"],
    );
    await s.db.query(
      "UPDATE organizations SET timezone = 'Europe/Amsterdam' WHERE orq = 1",
    );
    s.deps.orgs.forget(1);
    assertEquals(
      (await all(s, "orq=1&from=2026-11-25&to=2026-11-25", admin)).items.length,
      0,
    );
    assertEquals(
      (await all(s, "orq=1&from=2026-11-26", admin)).items.map((i: Item) =>
        i.action
      ),
      ["staff.updated", "staff.updated", "ticket.imported"],
    );

    // A cursor of another query; bad filters; roles and organizations.
    const page = await get(s.url, "/api/audit?orq=1&limit=1", admin);
    const wrong = await get(
      s.url,
      `/api/audit?orq=1&action=staff&cursor=${page.body.next_cursor}`,
      admin,
    );
    assertEquals([wrong.status, Object.keys(wrong.body.error.details.fields)], [
      400,
      ["cursor"],
    ]);
    for (
      const bad of [
        "from=2026-13-01",
        "actor=robot",
        "action=DROP%20TABLE",
        "from=2026-11-26&to=2026-11-25",
        "limit=0",
      ]
    ) {
      assertEquals(
        (await get(s.url, `/api/audit?orq=1&${bad}`, admin)).status,
        400,
        bad,
      );
    }
    assertEquals(
      (await get(s.url, `/api/audit?orq=${org2}`, admin)).status,
      403,
    );
    const boss = await staffToken(s, "boss", "MANAGER");
    assertEquals((await get(s.url, "/api/audit?orq=1", boss)).status, 403);
    const root = await login(s.url, "root", { password: "root-password-1" });
    assertEquals((await all(s, `orq=${org2}`, root)).items.length, 1);
  },
);
