/** POST /api/operator/login under bursts, PIN rules, and ADMIN_USERNAME. */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { startServer, testEachEngine } from "../helpers/server.ts";
import { call, login, post, type Reply, seedStaff } from "../helpers/api.ts";
import { loadConfig } from "../../lib/config.ts";
import { bootstrap } from "../../lib/startup.ts";

const REDIS_URL = Deno.env.get("TEST_REDIS_URL") ?? "redis://127.0.0.1:6379";
const PIN = "246813";

/** A login attempt that claims to come from `address` (TRUST_PROXY=1). */
function loginFrom(
  base: string,
  address: string,
  body: Record<string, string>,
): Promise<Reply> {
  return call(base, "POST", "/api/operator/login", {
    json: body,
    headers: { "x-forwarded-for": address },
  });
}

/** 200 wrong PINs and the right one, sent all at once, spread over `bases`. */
async function burst(bases: string[]): Promise<Reply[]> {
  const bodies = Array.from(
    { length: 200 },
    (_, i) => ({ username: "jane", pin: String(500000 + i) }),
  );
  bodies.splice(137, 0, { username: " JANE ", pin: PIN });
  return await Promise.all(
    bodies.map((b, i) =>
      post(bases[i % bases.length], "/api/operator/login", b)
    ),
  );
}

/** Checks a burst's answers: five evaluated, the rest refused with a wait. */
function assertHeldToFive(replies: Reply[]): void {
  const refused = replies.filter((r) => r.status === 429);
  strictEqual(refused.length, 196);
  ok(refused.every((r) => r.body.error.code === "LOGIN_THROTTLED"));
  ok(refused.every((r) => Number(r.headers.get("retry-after")) > 0));
  const evaluated = replies.filter((r) => r.status !== 429);
  ok(evaluated.every((r) => r.status === 200 || r.status === 401));
}

testEachEngine(
  "a burst of 200 wrong PINs and the right one hashes at most 5 secrets",
  async (s) => {
    await seedStaff(s.db, { username: "jane", role: "OPERATOR", pin: PIN });
    const before = s.deps.loginGuard.hashesEvaluated;
    const replies = await burst([s.url]);
    strictEqual(s.deps.loginGuard.hashesEvaluated - before, 5);
    assertHeldToFive(replies);
  },
);

testEachEngine("PINs sign in door staff only", async (s) => {
  await seedStaff(s.db, {
    username: "boss",
    role: "MANAGER",
    password: "boss-password-1",
    pin: PIN, // an old PIN from before the rule
  });
  const right = await post(s.url, "/api/operator/login", {
    username: "boss",
    pin: PIN,
  });
  strictEqual(right.status, 401);
  strictEqual(right.body.error.code, "PASSWORD_REQUIRED");
  const wrong = await post(s.url, "/api/operator/login", {
    username: "boss",
    pin: "999999",
  });
  strictEqual(wrong.status, 401);
  strictEqual(wrong.body.error.code, "INVALID_CREDENTIALS");
  ok((await login(s.url, "boss", { password: "boss-password-1" })).length > 20);
});

testEachEngine(
  "20 failed PINs from several addresses pause the account's PIN sign-in",
  async (s) => {
    await seedStaff(s.db, {
      username: "jane",
      role: "OPERATOR",
      pin: PIN,
      password: "jane-password-1",
    });
    for (let a = 0; a < 4; a++) {
      const replies = await Promise.all(
        Array.from(
          { length: 5 },
          (_, i) =>
            loginFrom(s.url, `198.51.100.${a}`, {
              username: "jane",
              pin: String(700000 + i),
            }),
        ),
      );
      deepStrictEqual(replies.map((r) => r.status), [401, 401, 401, 401, 401]);
    }
    const hashes = s.deps.loginGuard.hashesEvaluated;
    const paused = await loginFrom(s.url, "203.0.113.50", {
      username: "jane",
      pin: PIN,
    });
    strictEqual(paused.status, 429);
    strictEqual(paused.body.error.code, "LOGIN_THROTTLED");
    ok(Number(paused.headers.get("retry-after")) > 14 * 60);
    strictEqual(s.deps.loginGuard.hashesEvaluated, hashes);
    // The password still opens the account.
    const byPassword = await loginFrom(s.url, "203.0.113.50", {
      username: "jane",
      password: "jane-password-1",
    });
    strictEqual(byPassword.status, 200);
  },
  { env: { TRUST_PROXY: "1" } },
);

testEachEngine(
  "staff creation: PINs of 6-12 digits for operators, passwords for the others",
  async (s) => {
    await seedStaff(s.db, {
      username: "org-admin",
      role: "ADMIN",
      password: "org-admin-password",
    });
    const admin = await login(s.url, "org-admin", {
      password: "org-admin-password",
    });
    const create = (extra: Record<string, string>) =>
      post(s.url, "/api/staff", { orq: 1, name: "N", ...extra }, admin);
    const refusals = [
      [{ username: "op1", role: "OPERATOR", pin: "12345" }, "pin"],
      [{ username: "op2", role: "OPERATOR", pin: "1234567890123" }, "pin"],
      [{ username: "mgr1", role: "MANAGER", pin: "123456" }, "password"],
      [{ username: "mgr2", role: "MANAGER", password: "short-pw" }, "password"],
      [
        {
          username: "adm1",
          role: "ADMIN",
          password: "a-long-password",
          pin: "123456",
        },
        "pin",
      ],
    ] as const;
    for (const [body, field] of refusals) {
      const r = await create(body);
      strictEqual(r.status, 400, JSON.stringify(body));
      strictEqual(r.body.error.code, "VALIDATION_FAILED");
      ok(field in r.body.error.details.fields, JSON.stringify(r.body));
    }
    const door = await create({
      username: "op3",
      role: "OPERATOR",
      pin: "123456",
    });
    strictEqual(door.status, 201);
    const manager = await create({
      username: "mgr3",
      role: "MANAGER",
      password: "a-long-password",
    });
    strictEqual(manager.status, 201);
    // The platform administrator's name is reserved, even before it exists.
    const reserved = await create({
      username: "Platform",
      role: "OPERATOR",
      pin: "123456",
    });
    strictEqual(reserved.status, 409);
    strictEqual(reserved.body.error.code, "USERNAME_TAKEN");
    const rows = await s.db.query(
      "SELECT 1 FROM staff WHERE lower(username) = 'platform'",
    );
    strictEqual(rows.length, 0);
  },
  { env: { ADMIN_USERNAME: "platform", ADMIN_PASSWORD: "" } },
);

testEachEngine(
  "an ADMIN_USERNAME that names an organization's account stops the start",
  async (s) => {
    await seedStaff(s.db, {
      username: "boss",
      role: "MANAGER",
      password: "boss-password-1",
      pin: PIN,
    });
    const config = loadConfig({
      ADMIN_USERNAME: "Boss",
      ADMIN_PASSWORD: "taken-over-1",
      JWT_SECRET: "x".repeat(32),
      DEMO: "0",
    });
    await rejects(bootstrap(s.db, config), (e: Error) => {
      ok(/ADMIN_USERNAME "Boss" names a staff account/.test(e.message));
      ok(/Set ADMIN_USERNAME to a name no organization uses/.test(e.message));
      return true;
    });
    const [row] = await s.db.query<
      { platform_admin: boolean; role: string; pin_hash: string | null }
    >("SELECT platform_admin, role, pin_hash FROM staff WHERE username = 'boss'");
    deepStrictEqual({ ...row, pin_hash: row.pin_hash !== null }, {
      platform_admin: false,
      role: "MANAGER",
      pin_hash: true,
    });
    const taken = await post(s.url, "/api/operator/login", {
      username: "boss",
      password: "taken-over-1",
    });
    strictEqual(taken.status, 401);
    ok(
      (await login(s.url, "boss", { password: "boss-password-1" })).length > 20,
    );
    // The platform administrator itself is still reset at start.
    await bootstrap(
      s.db,
      loadConfig({
        ADMIN_USERNAME: "root",
        ADMIN_PASSWORD: "root-password-2",
        JWT_SECRET: "x".repeat(32),
        DEMO: "0",
      }),
    );
    ok(
      (await login(s.url, "root", { password: "root-password-2" })).length > 20,
    );
  },
);

Deno.test({
  name: "two instances share the login budget through Redis",
  fn: async () => {
    const env = { REDIS_URL, REDIS_PREFIX: `te-test-${crypto.randomUUID()}` };
    const a = await startServer("postgres", { env });
    const b = await startServer("postgres", {
      env,
      databaseUrl: a.databaseUrl,
    });
    try {
      await seedStaff(a.db, { username: "jane", role: "OPERATOR", pin: PIN });
      const replies = await burst([a.url, b.url]);
      strictEqual(
        a.deps.loginGuard.hashesEvaluated + b.deps.loginGuard.hashesEvaluated,
        5,
      );
      assertHeldToFive(replies);
    } finally {
      await b.close();
      await a.close();
    }
  },
});
