/** LAST_ADMIN under concurrency (API.md "Back office", staff): changes at once on PostgreSQL. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import {
  call,
  login,
  seedStaff,
  STAFF_PASSWORD,
  staffToken,
} from "../helpers/api.ts";

function patch(s: TestServer, id: number, json: unknown, token: string) {
  return call(s.url, "PATCH", `/api/staff/${id}`, { json, token });
}

async function idOf(s: TestServer, username: string): Promise<number> {
  const [r] = await s.db.query<{ id: number }>(
    "SELECT id FROM staff WHERE username = $1",
    [username],
  );
  return r.id;
}

testEachEngine(
  "LAST_ADMIN under concurrency: of three admins changed at once, exactly one stays",
  async (s) => {
    const root = await login(s.url, "root", { password: "root-password-1" });
    for (let round = 0; round < 5; round++) {
      await s.db.query(
        "UPDATE staff SET disabled = true WHERE role = 'ADMIN' AND NOT platform_admin",
      );
      const ids = [];
      for (const u of [`a${round}`, `b${round}`, `c${round}`]) {
        ids.push(
          await seedStaff(s.db, {
            username: u,
            role: "ADMIN",
            password: STAFF_PASSWORD,
          }),
        );
      }
      // Three at once: two disabled, one demoted; exactly one must stay.
      const replies = await Promise.all([
        patch(s, ids[0], { disabled: true }, root),
        patch(s, ids[1], { disabled: true }, root),
        patch(s, ids[2], { role: "MANAGER" }, root),
      ]);
      const tally = replies.map((r) =>
        `${r.status} ${r.body?.error?.code ?? ""}`.trim()
      ).sort();
      assertEquals(tally, ["200", "200", "409 LAST_ADMIN"]);
      const [{ n }] = await s.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM staff
          WHERE orq = 1 AND role = 'ADMIN' AND NOT disabled AND NOT platform_admin`,
      );
      assertEquals(n, 1);
    }
  },
);

testEachEngine(
  "two admins disabling each other at once: exactly one succeeds",
  async (s) => {
    for (let round = 0; round < 5; round++) {
      const a = `a${round}`, b = `b${round}`;
      await s.db.query(
        "UPDATE staff SET disabled = true WHERE role = 'ADMIN' AND NOT platform_admin",
      );
      const ta = await staffToken(s, a, "ADMIN");
      const tb = await staffToken(s, b, "ADMIN");
      const [ia, ib] = [await idOf(s, a), await idOf(s, b)];
      const replies = await Promise.all([
        patch(s, ib, { disabled: true }, ta),
        patch(s, ia, { disabled: true }, tb),
      ]);
      // The loser is refused by LAST_ADMIN, or (if the winner committed
      // before the loser's request was checked) by its revoked sign-in.
      const tally = replies.map((r) =>
        `${r.status} ${r.body?.error?.code ?? ""}`.trim()
      ).sort();
      assertEquals(tally[0], "200", JSON.stringify(tally));
      assert(
        ["401 UNAUTHORIZED", "409 LAST_ADMIN"].includes(tally[1]),
        JSON.stringify(tally),
      );
      const [{ n }] = await s.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM staff
          WHERE orq = 1 AND role = 'ADMIN' AND NOT disabled AND NOT platform_admin`,
      );
      assertEquals(n, 1);
    }
  },
);
