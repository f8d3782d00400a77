/** A flood of logins with random usernames must not starve real sign-ins. */
import { ok, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call, type Reply, seedStaff } from "../helpers/api.ts";

const PASSWORD = "door-password-1";

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

/** Runs `count` tasks, at most `width` at a time. */
async function bounded(
  count: number,
  width: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Milliseconds `fn` takes. */
async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The 95th percentile (nearest rank). */
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.95) - 1];
}

testEachEngine(
  "during a flood of random usernames, a real login and health answer within 1 s",
  async (s) => {
    await seedStaff(s.db, {
      username: "jane",
      role: "OPERATOR",
      password: PASSWORD,
    });
    const floodStatuses = new Map<number, number>();
    let flooding = true;
    const flood = bounded(1500, 100, async () => {
      const r = await loginFrom(s.url, "203.0.113.7", {
        username: `guess-${crypto.randomUUID()}`,
        password: "not-the-password",
      });
      floodStatuses.set(r.status, (floodStatuses.get(r.status) ?? 0) + 1);
    }).finally(() => flooding = false);

    const logins: number[] = [];
    const health: number[] = [];
    let sample = 0;
    // Sampled one after another for as long as the flood runs.
    while (flooding) {
      const address = `198.51.100.${sample++ % 200}`;
      logins.push(
        await timed(async () => {
          const r = await loginFrom(s.url, address, {
            username: "jane",
            password: PASSWORD,
          });
          strictEqual(r.status, 200, JSON.stringify(r.body));
        }),
      );
      health.push(
        await timed(async () => {
          const r = await call(s.url, "GET", "/api/health");
          strictEqual(r.status, 200);
        }),
      );
    }
    await flood;
    // The flood hashed 30 secrets and was refused for the rest.
    strictEqual(floodStatuses.get(401), 30);
    strictEqual(floodStatuses.get(429), 1470);
    ok(logins.length >= 5, `${logins.length} samples during the flood`);
    const timings = `logins ${logins.map(Math.round)} health ${
      health.map(Math.round)
    }`;
    ok(p95(logins) < 1000, timings);
    ok(p95(health) < 1000, timings);
  },
  { env: { TRUST_PROXY: "1" } },
);

testEachEngine(
  "successful logins do not use up their address's cap",
  async (s) => {
    const doors = Array.from({ length: 10 }, (_, i) => `door${i}`);
    for (const username of doors) {
      await seedStaff(s.db, { username, role: "OPERATOR", password: PASSWORD });
    }
    // 40 sign-ins from one venue address within the minute, ten at a time.
    for (let wave = 0; wave < 4; wave++) {
      const replies = await Promise.all(
        doors.map((username) =>
          loginFrom(s.url, "192.0.2.10", { username, password: PASSWORD })
        ),
      );
      ok(replies.every((r) => r.status === 200), JSON.stringify(replies[0]));
    }
    // Failures do count: 30 wrong passwords over the door accounts use up
    // the address's minute, and then even a right one waits.
    await bounded(30, 10, async (i) => {
      const r = await loginFrom(s.url, "192.0.2.10", {
        username: doors[i % 10],
        password: "wrong-password",
      });
      strictEqual(r.status, 401);
    });
    const refused = await loginFrom(s.url, "192.0.2.10", {
      username: "door0",
      password: PASSWORD,
    });
    strictEqual(refused.status, 429);
    ok(Number(refused.headers.get("retry-after")) <= 60);
  },
  { env: { TRUST_PROXY: "1" } },
);
