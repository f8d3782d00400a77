/**
 * `deno task backup` and `deno task restore` as an operator runs them: on
 * PGlite the running app takes the backup (mid-stampede), the stopped app's
 * directory is dumped directly; on PostgreSQL `pg_dump`/`pg_restore`. The
 * restored database is consistent and the app serves a reservation and a
 * scan on it; a non-empty target is refused.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { connectPostgres, type Db, openPglite } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { ensureFirstOrganization } from "../../db/organizations.ts";
import { freePort, spawnApp } from "../helpers/app_process.ts";
import { throwawayPostgres } from "../helpers/server.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import { post, seedSlot, seedStaff, seedTickets } from "../helpers/api.ts";
import { snapshot, stampede } from "../helpers/backup.ts";
import { listBackups } from "../../lib/backup.ts";
import { engineOfFile } from "../../lib/restore.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const TODAY = new Date().toISOString().slice(0, 10);

/** `deno task <task> ...args` with `env`: exit code, stdout, stderr. */
async function task(task: string, args: string[], env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", task, ...args],
    cwd: ROOT,
    env: { ...env, LOG_EVENTS: "0" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout).trim(),
    stderr: text.decode(out.stderr),
  };
}

/** A slot open all of today, tickets and an operator. */
async function seed(db: Db): Promise<{ slot: number; codes: string[] }> {
  await migrate(db);
  await ensureFirstOrganization(db, { name: "Venue", timezone: "UTC" });
  const slot = await seedSlot(db, {
    date: TODAY,
    start: "00:00",
    end: "23:59",
    capacity: 2000,
  });
  await seedStaff(db, {
    username: "door",
    role: "OPERATOR",
    password: "door-password-1",
  });
  return { slot, codes: await seedTickets(db, 1200) };
}

const APP_ENV = {
  DEMO: "0",
  LOG_EVENTS: "0",
  JWT_SECRET: "backup-cli-secret-0123456789",
  RATE_LIMIT_RESERVE_PER_MIN: "0",
  RATE_LIMIT_VALIDATE_PER_MIN: "0",
  RATE_LIMIT_LOOKUP_PER_MIN: "0",
};

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(`${url}/api/health`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became healthy`);
}

/** A reservation of `code` and its scan through the app at `url`. */
async function reserveAndScan(url: string, code: string, slot: number) {
  const r = await post(url, "/api/reservations/create", {
    ticket_code: code,
    slot_id: slot,
    customer_email: "after@example.com",
    customer_phone: "+31612345678",
  });
  strictEqual(r.status, 201, JSON.stringify(r.body));
  const login = await post(url, "/api/operator/login", {
    username: "door",
    password: "door-password-1",
  });
  strictEqual(login.status, 200, JSON.stringify(login.body));
  const scan = await post(
    url,
    "/api/operator/verify-ticket",
    { code },
    login.body.token,
  );
  strictEqual(scan.status, 200, JSON.stringify(scan.body));
}

Deno.test({
  name:
    "deno task backup asks the running app on PGlite; restore brings it back",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dataDir = await Deno.makeTempDir({ prefix: "te-cli-" });
    const copyDir = await Deno.makeTempDir({ prefix: "te-cli-copy-" });
    const stoppedDir = await Deno.makeTempDir({ prefix: "te-cli-stopped-" });
    const env = { ...APP_ENV, DATA_DIR: dataDir };
    try {
      const seeding = await openPglite(`${dataDir}/pgdata`);
      const { slot, codes } = await seed(seeding);
      await seeding.close();
      const port = freePort();
      const url = `http://127.0.0.1:${port}`;
      const app = spawnApp({ dataDir, port, env: APP_ENV });
      let file: string;
      try {
        await waitHealthy(url);
        let backedUp = false;
        let replied = 0;
        const running = stampede(url, codes.slice(0, 1000), [slot], {
          workers: 8,
          stop: () => backedUp && replied++ > 50,
        });
        const backup = await task("backup", [], {
          ...env,
          PORT: String(port),
        });
        backedUp = true;
        const answered = await running;
        strictEqual(backup.code, 0, backup.stderr);
        ok(backup.stderr.includes("by app"), backup.stderr);
        file = backup.stdout;
        ok(file.startsWith(`${dataDir}/backups/`), file);
        ok(answered.every((r) => r.status === 201));
        // The running app's directory is not replaced, even with --force,
        // nor opened by a backup task that does not find the app.
        for (const args of [[file], [file, "--force"]]) {
          const refused = await task("restore", args, env);
          strictEqual(refused.code, 1, refused.stderr);
          ok(refused.stderr.includes("Stop the app"), refused.stderr);
        }
        const elsewhere = await task("backup", [], {
          ...env,
          PORT: String(freePort()),
        });
        strictEqual(elsewhere.code, 1, elsewhere.stderr);
        ok(
          elsewhere.stderr.includes("open by a running app"),
          elsewhere.stderr,
        );
      } finally {
        app.kill("SIGTERM");
        await app.status;
      }

      const nothing = await task("backup", [], { ...env, DATA_DIR: copyDir });
      strictEqual(nothing.code, 1, nothing.stderr);
      ok(nothing.stderr.includes("no database"), nothing.stderr);
      await Deno.stat(`${copyDir}/pgdata`).then(
        () => ok(false, "the backup task made a database"),
        () => {},
      );

      // Stopped: the backup task opens the directory itself.
      const stopped = await task("backup", ["--dir", stoppedDir], env);
      strictEqual(stopped.code, 0, stopped.stderr);
      ok(stopped.stderr.includes("by this process"), stopped.stderr);
      const live = await openPglite(`${dataDir}/pgdata`);
      const final = await snapshot(live);
      await live.close();

      const restored = await task("restore", [stopped.stdout], {
        ...env,
        DATA_DIR: copyDir,
      });
      strictEqual(restored.code, 0, restored.stderr);
      const twice = await task("restore", [stopped.stdout], {
        ...env,
        DATA_DIR: copyDir,
      });
      strictEqual(twice.code, 1, twice.stderr);
      ok(twice.stderr.includes("--force"), twice.stderr);
      const copy = await openPglite(`${copyDir}/pgdata`);
      deepStrictEqual(await snapshot(copy), final);
      await copy.close();

      // The mid-stampede backup, restored over it with --force.
      const forced = await task("restore", [file, "--force"], {
        ...env,
        DATA_DIR: copyDir,
      });
      strictEqual(forced.code, 0, forced.stderr);
      const mid = await openPglite(`${copyDir}/pgdata`);
      deepStrictEqual(await brokenInvariants(mid), []);
      const got = await snapshot(mid);
      await mid.close();
      ok(got.reservations.length > 0);
      ok(got.reservations.length < final.reservations.length);

      const port2 = freePort();
      const again = spawnApp({ dataDir: copyDir, port: port2, env: APP_ENV });
      try {
        await waitHealthy(`http://127.0.0.1:${port2}`);
        await reserveAndScan(`http://127.0.0.1:${port2}`, codes[1100], slot);
      } finally {
        again.kill("SIGTERM");
        await again.status;
      }
    } finally {
      for (const d of [dataDir, copyDir, stoppedDir]) {
        await Deno.remove(d, { recursive: true });
      }
    }
  },
});

Deno.test({
  name: "deno task backup and restore on PostgreSQL: pg_dump and pg_restore",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const source = await throwawayPostgres();
    const target = await throwawayPostgres();
    const dir = await Deno.makeTempDir({ prefix: "te-cli-pg-" });
    const db = connectPostgres(source.url, { max: 4 });
    const restoredDb = connectPostgres(target.url, { max: 4 });
    try {
      await seed(db);
      const want = await snapshot(db);
      const env = { ...APP_ENV, DATABASE_URL: source.url };
      const backup = await task("backup", ["--dir", dir], env);
      strictEqual(backup.code, 0, backup.stderr);
      ok(backup.stdout.endsWith(".postgres.dump"), backup.stdout);
      const into = { ...APP_ENV, DATABASE_URL: target.url };
      const restored = await task("restore", [backup.stdout], into);
      strictEqual(restored.code, 0, restored.stderr);
      deepStrictEqual(await snapshot(restoredDb), want);
      const refused = await task("restore", [backup.stdout], into);
      strictEqual(refused.code, 1, refused.stderr);
      ok(refused.stderr.includes("--force"), refused.stderr);
      // --force restores over it: a change made since is gone again.
      await restoredDb.query(
        `UPDATE tickets SET status = 'EXPIRED' WHERE code = $1`,
        [want.tickets[0].code],
      );
      const forced = await task("restore", [backup.stdout, "--force"], into);
      strictEqual(forced.code, 0, forced.stderr);
      deepStrictEqual(await snapshot(restoredDb), want);
      const notMine = await task("restore", [`${ROOT}/deno.json`], into);
      strictEqual(notMine.code, 1, notMine.stderr);
    } finally {
      await db.close();
      await restoredDb.close();
      await source.drop();
      await target.drop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the app on PostgreSQL takes a backup every BACKUP_EVERY, keeping BACKUP_KEEP",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const pg = await throwawayPostgres();
    const dataDir = await Deno.makeTempDir({ prefix: "te-cli-every-" });
    const port = freePort();
    const app = spawnApp({
      dataDir,
      port,
      env: {
        ...APP_ENV,
        DATABASE_URL: pg.url,
        BACKUP_EVERY: "1s",
        BACKUP_KEEP: "2",
      },
    });
    try {
      await waitHealthy(`http://127.0.0.1:${port}`);
      const dir = `${dataDir}/backups`;
      // Four intervals: four backups taken, the newest two kept.
      await new Promise((r) => setTimeout(r, 4500));
      const files = await listBackups(dir);
      strictEqual(files.length, 2, files.join());
      for (const f of files) strictEqual(await engineOfFile(f), "postgres");
    } finally {
      app.kill("SIGTERM");
      await app.status;
      await pg.drop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
