/** The demo (API.md "Running", DEMO): its "reserved for today" ticket scans GREEN at any hour. */
import { hashSecret } from "../../lib/passwords.ts";
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import {
  engines,
  testEachEngine,
  type TestServer,
  throwawayPostgres,
} from "../helpers/server.ts";
import { login, post } from "../helpers/api.ts";
import { seedDemo } from "../../db/demo.ts";
import { freePort, spawnApp } from "../helpers/app_process.ts";
import { zonedNow } from "../../domain/clock.ts";
import { createDemoDayJob } from "../../lib/demo_day_job.ts";
import { readDemo } from "../../lib/demo_state.ts";
import { demoBanner } from "../../lib/demo_banner.ts";
import { findOrganization } from "../../db/organizations.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";

/** November in Amsterdam is UTC+1: 23:41 there is 22:41 UTC, the same UTC date. */
const AMS = { timezone: "Europe/Amsterdam", now: "2026-11-26T22:41:00Z" };

async function seeded(s: TestServer) {
  await seedDemo(s.db, zonedNow(s.clock(), AMS.timezone), hashSecret);
}

function dayJob(
  s: TestServer,
  onNewDay?: (d: string, c: string | null) => void,
) {
  return createDemoDayJob({
    db: s.db,
    clock: s.clock,
    timezone: AMS.timezone,
    onNewDay,
    checkEveryMs: 5,
  });
}

async function scan(s: TestServer, code: string): Promise<string> {
  const token = await login(s.url, "door", { pin: "123456" });
  const r = await post(s.url, "/api/operator/validate-ticket", { code }, token);
  assertEquals(r.status, 200);
  return r.body.result;
}

testEachEngine(
  "at 23:41 the demo's reserved-for-today ticket scans GREEN with the demo door login",
  async (s) => {
    await seeded(s);
    const today = await dayJob(s).runOnce();
    assertEquals(today.date, "2026-11-26");
    assert(today.code);
    assertEquals(await scan(s, today.code), "GREEN");
  },
  AMS,
);

testEachEngine(
  "at the venue's midnight (not UTC's) the next day gets its demo slot and a fresh ticket",
  async (s) => {
    await seeded(s);
    const job = dayJob(s);
    const before = await job.runOnce();
    let newDay!: (day: [string, string | null]) => void;
    const next = new Promise<[string, string | null]>((r) => newDay = r);
    const watcher = dayJob(s, (d, c) => newDay([d, c]));
    // The watcher has done today already: only the date change runs it again.
    await watcher.runOnce();
    watcher.start();
    s.clock.set("2026-11-26T23:01:00Z"); // 00:01 in Amsterdam, 23:01 UTC
    const [date, code] = await next.finally(() => watcher.stop());
    assertEquals(date, "2026-11-27");
    assert(code && code !== before.code);
    assertEquals(await scan(s, code), "GREEN");
    assert((await scan(s, before.code!)) !== "GREEN");
    const [slot] = await s.db.query<{ start_time: string; end_time: string }>(
      `SELECT start_time::text, end_time::text FROM reservation_slots
        WHERE orq = 1 AND date = '2026-11-27' AND start_time = '00:00'`,
    );
    assertEquals(slot, { start_time: "00:00:00", end_time: "24:00:00" });
  },
  AMS,
);

testEachEngine(
  "a restart prints the same demo codes and logins (admin included); a used ticket is replaced",
  async (s) => {
    await seeded(s);
    const first = await dayJob(s).runOnce();
    const restart = await dayJob(s).runOnce();
    assertEquals(restart.code, first.code);
    // A second start on the existing data seeds nothing again.
    assertEquals(
      await seedDemo(s.db, zonedNow(s.clock(), AMS.timezone), hashSecret),
      false,
    );

    const demo = await readDemo(s.db, restart.date, restart.code);
    assertEquals(demo.activated.length, 6);
    assertEquals(demo.pending.length, 2);
    assert(demo.reservedLater);
    assertEquals(
      demo.staff.map((x) => [x.role, x.username, x.kind, x.secret]),
      [
        ["OPERATOR", "door", "pin", "123456"],
        ["MANAGER", "manager", "password", "manager-demo-pw"],
        ["ADMIN", "admin", "password", "admin-demo-pw"],
      ],
    );
    const org = (await findOrganization(s.db, 1))!;
    const text = demoBanner(demo, org, "http://127.0.0.1:8000");
    assert(text.includes(formatTicketCode(first.code!)));
    assert(text.includes("username admin, password admin-demo-pw"));
    assert(
      text.includes(
        "Back office: http://127.0.0.1:8000/admin (username admin, password admin-demo-pw)",
      ),
    );
    assert(text.includes("delete the data folder"));
    // The admin's demo login works.
    await login(s.url, "admin", { password: "admin-demo-pw" });

    const token = await login(s.url, "door", { pin: "123456" });
    const v = await post(
      s.url,
      "/api/operator/verify-ticket",
      { code: first.code },
      token,
    );
    assertEquals(v.status, 200);
    const fresh = await dayJob(s).runOnce();
    assert(fresh.code && fresh.code !== first.code);
    assertEquals(await scan(s, fresh.code), "GREEN");
  },
  AMS,
);

/** `main.ts` as the start task runs it, with the demo on; its console up to "Listening". */
async function startMain(databaseUrl: string, dataDir: string) {
  const port = freePort();
  const child = spawnApp({
    dataDir,
    port,
    stdout: "piped",
    env: {
      DATABASE_URL: databaseUrl,
      DEMO: "1",
      ORG_TIMEZONE: "Pacific/Kiritimati", // UTC+14: its date is rarely UTC's
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
  const stop = async () => {
    child.kill("SIGTERM");
    await reader.cancel();
    // 0 once its signal handler runs; 143 when the signal came first.
    assert([0, 143].includes((await child.status).code));
  };
  return { url: `http://127.0.0.1:${port}`, text, stop };
}

/** The code after "Reserved for today (scan → GREEN): " in a banner. */
function todaysCode(banner: string): string {
  const m = banner.match(/Reserved for today \(scan → GREEN\): ([0-9A-Z-]+)/);
  assert(m, banner);
  return m[1];
}

Deno.test({
  name:
    "the start command prints the demo codes and logins at every start, on an existing data folder too",
  ignore: !engines().includes("postgres"),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const pg = await throwawayPostgres();
    const dataDir = await Deno.makeTempDir({ prefix: "te-demo-" });
    try {
      const first = await startMain(pg.url, dataDir);
      await first.stop();
      const again = await startMain(pg.url, dataDir);
      try {
        for (const banner of [first.text, again.text]) {
          assert(banner.includes("username admin, password admin-demo-pw"));
          assert(banner.includes("username door, pin 123456"));
          assert(banner.includes("delete the data folder"));
        }
        const code = todaysCode(again.text);
        assertEquals(code, todaysCode(first.text));
        const token = await login(again.url, "door", { pin: "123456" });
        const r = await post(
          again.url,
          "/api/operator/validate-ticket",
          { code },
          token,
        );
        assertEquals(r.body.result, "GREEN");
      } finally {
        await again.stop();
      }
    } finally {
      await pg.drop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
