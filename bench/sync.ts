/**
 * Offline sync against the running app on loopback: 10 devices each upload
 * 1,000 offline admissions (two uploads of 500) at once, a tenth of each
 * device's tickets also scanned by another device (duplicates and
 * conflicts). The figure is the wall time from the first upload to the last
 * answer (target ≤ 2 s). Each round uses fresh RESERVED tickets; the door
 * counts are checked against the rows after every round.
 * Run: `npx -y deno@2.9.6 run -A bench/sync.ts [rounds]`.
 */
import {
  type Child,
  freePort,
  initClockTicks,
  startDeno,
  waitForHttp,
} from "./procs.ts";
import { childEnv } from "./child_env.ts";
import { query as q, rawPool, throwawayDatabase } from "./db.ts";
import { doorMismatches, seedCheckIns } from "./checkin_seed.ts";
import { login, seedStaff } from "./scan_seed.ts";
import { ROOT } from "./config.ts";

const ROUNDS = Number(Deno.args[0] ?? 3);
const DEVICES = 10;
const SCANS = 1_000;
const UPLOAD = 500;
/** Scans of each device that another device scanned too. */
const SHARED = 100;
const UNIQUE = SCANS - SHARED;

/** CPU seconds used so far by `pids` (user + system, from /proc). */
async function cpuSeconds(pids: number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / 100;
}

/** The app's processes and this database's PostgreSQL backends. */
async function busyPids(app: Child, name: string): Promise<number[]> {
  const rows = await q<{ pid: number }>(
    pool,
    "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [name],
  );
  return [...await app.tree(), ...rows.map((r) => r.pid)];
}

await initClockTicks();
const db = await throwawayDatabase();
const port = freePort();
const app = startDeno(
  "app",
  ["run", "--allow-all", "main.ts"],
  childEnv({
    DATABASE_URL: db.url,
    PORT: String(port),
    HOST: "127.0.0.1",
    DEMO: "0",
    LOG_EVENTS: "0",
    JWT_SECRET: "sync-bench-secret",
    DATA_DIR: await Deno.makeTempDir(),
  }),
  ROOT,
);
const pool = rawPool(db.url, 4);
try {
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/api/health`, app);
  const [{ today }] = await q<{ today: string }>(
    pool,
    "SELECT to_char(now() AT TIME ZONE timezone, 'YYYY-MM-DD') AS today FROM organizations WHERE orq = 1",
  );
  const devices = [];
  for (let d = 0; d < DEVICES; d++) {
    const who = {
      username: `sync-${d}`,
      role: "OPERATOR",
      secret: `4829${String(d).padStart(2, "0")}`,
    } as const;
    const id = await seedStaff(pool, who);
    devices.push({ id, token: await login(base, who) });
  }
  const seed = await seedCheckIns(pool, {
    today,
    verifierId: devices[0].id,
    slots: 20,
    hotSlots: 2,
    hotShare: 0.3,
    doorShare: 0,
    pools: { sync: ROUNDS * DEVICES * UNIQUE },
  });
  const codes = seed.pools.sync.map((c) => c.code);
  const figures: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const mine = codes.slice(
      round * DEVICES * UNIQUE,
      (round + 1) * DEVICES * UNIQUE,
    );
    const scanned = new Date(Date.now() - 60_000).toISOString();
    const scans = devices.map((d, i) => {
      const own = mine.slice(i * UNIQUE, (i + 1) * UNIQUE);
      const next = (i + 1) % DEVICES;
      const shared = mine.slice(next * UNIQUE, next * UNIQUE + SHARED);
      return [...own, ...shared].map((code, k) => ({
        nonce: `bench-${round}-${i}-${k}-${crypto.randomUUID()}`,
        code,
        scanned_at: scanned,
        gate: `Gate ${i % 3}`,
        direction: "IN",
        offline_result: "GREEN",
        scanned_by: d.id,
      }));
    });
    const tally = { ACCEPTED: 0, DUPLICATE: 0, REJECTED: 0 };
    const appPids = await app.tree();
    const pids = await busyPids(app, db.name);
    const cpu0 = await cpuSeconds(pids);
    const app0 = await cpuSeconds(appPids);
    const t0 = performance.now();
    await Promise.all(devices.map(async (d, i) => {
      for (let k = 0; k < SCANS; k += UPLOAD) {
        const res = await fetch(`${base}/api/operator/sync`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${d.token}`,
          },
          body: JSON.stringify({
            device: `bench-phone-${i}`,
            scans: scans[i].slice(k, k + UPLOAD),
          }),
        });
        const body = await res.json();
        if (res.status !== 200) {
          throw new Error(`sync ${res.status}: ${JSON.stringify(body)}`);
        }
        for (const r of body.results as { outcome: keyof typeof tally }[]) {
          tally[r.outcome]++;
        }
      }
    }));
    const ms = performance.now() - t0;
    const cpu = await cpuSeconds(pids) - cpu0;
    const appCpu = await cpuSeconds(appPids) - app0;
    figures.push(ms);
    const broken = await doorMismatches(pool, seed.slotIds);
    const accepted = DEVICES * UNIQUE;
    if (tally.ACCEPTED !== accepted || broken.length > 0) {
      throw new Error(
        `round ${round}: ${JSON.stringify(tally)} (expected ${accepted} ` +
          `accepted), ${broken.slice(0, 5).join("; ")}`,
      );
    }
    console.log(
      `round ${round + 1}: ${DEVICES} devices × ${SCANS} scans in ` +
        `${(ms / 1000).toFixed(2)} s (${JSON.stringify(tally)}); CPU of the ` +
        `app and its database backends ${cpu.toFixed(2)} s (app ` +
        `${appCpu.toFixed(2)} s); load ` +
        `${(await Deno.readTextFile("/proc/loadavg")).split(" ")[0]}`,
    );
  }
  const sorted = [...figures].sort((a, b) => a - b);
  console.log(
    `sync: median ${
      (sorted[Math.floor(sorted.length / 2)] / 1000).toFixed(2)
    } s, ` +
      `worst ${(sorted[sorted.length - 1] / 1000).toFixed(2)} s for ` +
      `${DEVICES * SCANS} scans (target ≤ 2 s)`,
  );
} finally {
  await pool.end();
  await app.stop();
  await db.drop();
}
