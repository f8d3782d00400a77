/**
 * A start with another ADMIN_PASSWORD signs the platform administrator's
 * older tokens out (on every instance); a start with the same one does not.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { engines, startServer, testEachEngine } from "../helpers/server.ts";
import { get, login, post } from "../helpers/api.ts";
import { bootstrap } from "../../lib/startup.ts";
import { loadConfig } from "../../lib/config.ts";

const FIRST = "root-password-1";
const SECOND = "root-password-2";

/** `GET /api/staff?orq=1` (ADMIN) as `token`: its status. */
async function staffList(base: string, token: string): Promise<number> {
  return (await get(base, "/api/staff?orq=1", token)).status;
}

async function loginStatus(base: string, password: string): Promise<number> {
  const r = await post(base, "/api/operator/login", {
    username: "root",
    password,
  });
  return r.status;
}

/** Waits until `base` answers `token` with `status` (at most 1 s). */
async function until(base: string, token: string, status: number) {
  const start = performance.now();
  while ((await staffList(base, token)) !== status) {
    assert(performance.now() - start < 1000, `no ${status} within 1 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function configWith(password: string) {
  return loadConfig({
    ADMIN_USERNAME: "root",
    ADMIN_PASSWORD: password,
    JWT_SECRET: "x".repeat(32),
    DEMO: "0",
  });
}

Deno.test({
  name:
    "restarts: the same ADMIN_PASSWORD keeps the platform administrator's token, another one ends it",
  ignore: !engines().includes("postgres"),
  fn: async () => {
    // One signing secret, as instances of one deployment share.
    const env = { JWT_SECRET: "restart-test-secret-" + crypto.randomUUID() };
    const first = await startServer("postgres", { env });
    try {
      const token = await login(first.url, "root", { password: FIRST });
      assertEquals(await staffList(first.url, token), 200);

      const same = await startServer("postgres", {
        databaseUrl: first.databaseUrl,
        env,
      });
      try {
        assertEquals(await staffList(same.url, token), 200);
      } finally {
        await same.close();
      }

      const other = await startServer("postgres", {
        databaseUrl: first.databaseUrl,
        env: { ...env, ADMIN_PASSWORD: SECOND },
      });
      try {
        assertEquals(await staffList(other.url, token), 401);
        // The instance still running hears of it too.
        await until(first.url, token, 401);
        assertEquals(await loginStatus(other.url, FIRST), 401);
        const fresh = await login(other.url, "root", { password: SECOND });
        assertEquals(await staffList(other.url, fresh), 200);
        assertEquals(await staffList(first.url, fresh), 200);
      } finally {
        await other.close();
      }
    } finally {
      await first.close();
    }
  },
});

testEachEngine(
  "bootstrap bumps the platform administrator's token version only when the password changes",
  async (s) => {
    const version = async () =>
      (await s.db.query<{ token_version: number; password_hash: string }>(
        "SELECT token_version, password_hash FROM staff WHERE platform_admin",
      ))[0];
    const token = await login(s.url, "root", { password: FIRST });
    const before = await version();

    await bootstrap(s.db, configWith(FIRST));
    assertEquals(await version(), before, "nothing written");
    assertEquals(await staffList(s.url, token), 200);

    await bootstrap(s.db, configWith(SECOND));
    const after = await version();
    assertEquals(after.token_version, before.token_version + 1);
    await until(s.url, token, 401);
    assertEquals(await loginStatus(s.url, FIRST), 401);
    assertEquals(await loginStatus(s.url, SECOND), 200);

    await bootstrap(s.db, configWith(SECOND));
    assertEquals(await version(), after);
  },
);
