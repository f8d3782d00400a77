/**
 * Two app processes on one PostgreSQL database: a staff change on one
 * revokes the old tokens and closes the open dashboard streams on the other
 * within 1 s; an organization change shows there within 1 s.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { engines, throwawayPostgres } from "../helpers/server.ts";
import { freePort, spawnApp } from "../helpers/app_process.ts";
import { call, get, login, post, seedStaff } from "../helpers/api.ts";
import { connectPostgres } from "../../db/client.ts";

const PASSWORD = "staff-password-1";

/** main.ts on `databaseUrl`, once it listens. */
async function startInstance(databaseUrl: string, dataDir: string) {
  const port = freePort();
  const child = spawnApp({
    dataDir,
    port,
    stdout: "piped",
    env: {
      DATABASE_URL: databaseUrl,
      DEMO: "0",
      JWT_SECRET: "multi-instance-test-secret",
      ADMIN_USERNAME: "root",
      ADMIN_PASSWORD: "root-password-1",
      RATE_LIMIT_RESERVE_PER_MIN: "0",
      RATE_LIMIT_VALIDATE_PER_MIN: "0",
      LOG_EVENTS: "0",
    },
  });
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("Listening on")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`main.ts ended before listening:\n${text}`);
    text += value;
  }
  // Keep reading so that the child never blocks on a full pipe.
  (async () => {
    while (!(await reader.read()).done) { /* drained */ }
  })().catch(() => {});
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** Milliseconds until `check` holds (polled every 20 ms), or throws after `limitMs`. */
async function within(
  limitMs: number,
  check: () => Promise<boolean>,
): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    const spent = performance.now() - start;
    if (spent > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - start;
}

/** Opens the dashboard stream; resolves `ended` when the server ends it. */
async function openStream(url: string, token: string) {
  const res = await fetch(`${url}/api/dashboard/stream?orq=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assertEquals(res.status, 200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("event: snapshot")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("stream ended before its snapshot");
    text += value;
  }
  const ended = (async () => {
    while (!(await reader.read()).done) { /* heartbeats */ }
    return performance.now();
  })();
  return { ended, cancel: () => reader.cancel().catch(() => {}) };
}

Deno.test({
  name:
    "a staff change on one instance revokes tokens and closes streams on another within 1 s; organization changes show there within 1 s",
  ignore: !engines().includes("postgres"),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const pg = await throwawayPostgres();
    const dirA = await Deno.makeTempDir({ prefix: "te-multi-a-" });
    const dirB = await Deno.makeTempDir({ prefix: "te-multi-b-" });
    const a = await startInstance(pg.url, dirA);
    const b = await startInstance(pg.url, dirB);
    const db = connectPostgres(pg.url, { max: 2 });
    try {
      const door = await seedStaff(db, {
        username: "door",
        role: "OPERATOR",
        pin: "123456",
      });
      await seedStaff(db, {
        username: "chief",
        role: "ADMIN",
        password: PASSWORD,
      });
      const boss = await seedStaff(db, {
        username: "boss",
        role: "MANAGER",
        password: PASSWORD,
      });
      const admin = await login(a.url, "chief", { password: PASSWORD });
      const doorToken = await login(a.url, "door", { pin: "123456" });
      const scanOnB = () =>
        post(b.url, "/api/operator/validate-ticket", {
          code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
        }, doorToken);
      // B knows the door account now: its checks are map lookups.
      assertEquals((await scanOnB()).status, 200);
      assertEquals((await scanOnB()).status, 200);

      // A role change on A: the old token fails on B within 1 s.
      const changed = await call(a.url, "PATCH", `/api/staff/${door}`, {
        json: { role: "MANAGER", password: "long-enough-pw" },
        token: admin,
      });
      assertEquals(changed.status, 200);
      const revokedMs = await within(
        1000,
        async () => (await scanOnB()).status === 401,
      );

      // A disabled manager's open stream on B closes within 1 s.
      const bossToken = await login(b.url, "boss", { password: PASSWORD });
      const stream = await openStream(b.url, bossToken);
      const t0 = performance.now();
      const disabled = await call(a.url, "PATCH", `/api/staff/${boss}`, {
        json: { disabled: true },
        token: admin,
      });
      assertEquals(disabled.status, 200);
      const closedAt = await Promise.race([
        stream.ended,
        new Promise<number>((r) => setTimeout(() => r(Infinity), 3000)),
      ]);
      await stream.cancel();
      assert(closedAt - t0 < 1000, `stream closed after ${closedAt - t0} ms`);
      assertEquals(
        (await get(b.url, "/api/dashboard/summary?orq=1", bossToken)).status,
        401,
      );

      // An organization change on A shows on B (which has it cached) within 1 s.
      const before = await get(b.url, "/api/organizations/1", admin);
      assertEquals(before.status, 200);
      assertEquals(before.body.settings.booking_horizon_days, 90);
      const patched = await call(a.url, "PATCH", "/api/organizations/1", {
        json: { name: "Renamed venue", settings: { booking_horizon_days: 30 } },
        token: admin,
      });
      assertEquals(patched.status, 200);
      const orgMs = await within(1000, async () => {
        const r = await get(b.url, "/api/organizations/1", admin);
        return r.body.name === "Renamed venue" &&
          r.body.settings.booking_horizon_days === 30;
      });
      assert(revokedMs < 1000 && orgMs < 1000);
    } finally {
      await db.close();
      await Promise.all([a.stop(), b.stop()]);
      await pg.drop();
      await Deno.remove(dirA, { recursive: true });
      await Deno.remove(dirB, { recursive: true });
    }
  },
});
