/**
 * Scheduled backups (lib/backup_job.ts) and `POST /ops/backup`
 * (routes/ops.ts): one backup per interval, the newest BACKUP_KEEP kept; the
 * route only with the backup token.
 */
import { ok, strictEqual } from "node:assert/strict";
import { listBackups, takeBackup } from "../../lib/backup.ts";
import { createBackupJob } from "../../lib/backup_job.ts";
import { engineOfFile } from "../../lib/restore.ts";
import { testEachEngine } from "../helpers/server.ts";
import { ManualTimers } from "../helpers/manual_timers.ts";
import { call } from "../helpers/api.ts";

const HOUR = 3_600_000;

testEachEngine(
  "scheduled backups: one an interval, the newest 3 kept",
  async (s) => {
    const dir = await Deno.makeTempDir({ prefix: "te-schedule-" });
    try {
      const timers = new ManualTimers();
      const job = createBackupJob({
        backup: () => {
          s.clock.advance(HOUR);
          return takeBackup(s.db, {
            dir,
            databaseUrl: s.databaseUrl,
            now: s.clock(),
          });
        },
        dir,
        keep: 3,
        intervalMs: HOUR,
        timers,
      });
      job.start();
      timers.advance(HOUR - 1);
      strictEqual((await listBackups(dir)).length, 0);
      const seen: string[] = [];
      for (let i = 1; i <= 5; i++) {
        timers.advance(1);
        // The backup runs asynchronously; the next timer is set once it is done.
        while (
          (await listBackups(dir))[0] === seen[0] || timers.pending === 0
        ) {
          await new Promise((r) => setTimeout(r, 20));
        }
        seen.unshift((await listBackups(dir))[0]);
        strictEqual((await listBackups(dir)).length, Math.min(i, 3));
        timers.advance(HOUR - 1);
      }
      await job.stop();
      const kept = await listBackups(dir);
      strictEqual(kept.join(), seen.slice(0, 3).join());
      for (const f of kept) strictEqual(await engineOfFile(f), s.engine);
      timers.advance(10 * HOUR);
      strictEqual(
        (await listBackups(dir)).length,
        3,
        "stopped: no more backups",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

const TOKEN = "backup-token-0123456789abcdef";

testEachEngine("POST /ops/backup needs the backup token", async (s) => {
  // As main.ts configures it: pg_dump needs the database's URL.
  s.deps.config.databaseUrl = s.databaseUrl ?? null;
  for (const token of [undefined, "wrong-token-0123456789abcdef"]) {
    const r = await call(s.url, "POST", "/ops/backup", { token });
    strictEqual(r.status, 401);
    strictEqual(r.body.error.code, "UNAUTHORIZED");
  }
  strictEqual((await listBackups(s.deps.config.backupDir)).length, 0);
  const r = await call(s.url, "POST", "/ops/backup", { token: TOKEN });
  strictEqual(r.status, 201, JSON.stringify(r.body));
  strictEqual(r.body.engine, s.engine);
  ok(r.body.path.startsWith(s.deps.config.backupDir + "/"));
  strictEqual((await Deno.stat(r.body.path)).size, r.body.bytes);
  strictEqual(await engineOfFile(r.body.path), s.engine);
  await Deno.remove(s.deps.config.backupDir, { recursive: true });
}, {
  env: {
    BACKUP_TOKEN: TOKEN,
    BACKUP_DIR: Deno.makeTempDirSync({ prefix: "te-route-" }),
  },
});

testEachEngine(
  "POST /ops/backup through a proxy does not exist, even over loopback with the token",
  async (s) => {
    const proxied: Record<string, string>[] = [
      { "x-forwarded-for": "127.0.0.1" },
      { forwarded: "for=127.0.0.1;proto=https" },
      { "x-real-ip": "127.0.0.1" },
    ];
    for (const headers of proxied) {
      const r = await call(s.url, "POST", "/ops/backup", {
        token: TOKEN,
        headers,
      });
      strictEqual(r.status, 404, JSON.stringify(headers));
      strictEqual(r.body.error.code, "NOT_FOUND");
    }
    strictEqual((await listBackups(s.deps.config.backupDir)).length, 0);
  },
  {
    env: {
      BACKUP_TOKEN: TOKEN,
      TRUST_PROXY: "1",
      BACKUP_DIR: Deno.makeTempDirSync({ prefix: "te-proxied-" }),
    },
  },
);

testEachEngine(
  "without a backup token POST /ops/backup does not exist",
  async (s) => {
    const r = await call(s.url, "POST", "/ops/backup", { token: TOKEN });
    strictEqual(r.status, 404);
    strictEqual(r.body.error.code, "NOT_FOUND");
  },
);
