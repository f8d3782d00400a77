/** Backup file names, their order and retention, and the BACKUP_* settings. */
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import {
  backupFileName,
  engineOfBackup,
  listBackups,
  pruneBackups,
} from "../../lib/backup.ts";
import { loadConfig, parseDuration } from "../../lib/config.ts";

Deno.test("a backup's name says its instant and engine", () => {
  const name = backupFileName(new Date("2026-12-06T08:13:06.123Z"), "pglite");
  strictEqual(name, "timed-entry-20261206T081306123Z.pglite.tar.gz");
  strictEqual(engineOfBackup(`/x/${name}`), "pglite");
  strictEqual(
    engineOfBackup(backupFileName(new Date(0), "postgres")),
    "postgres",
  );
  strictEqual(engineOfBackup("timed-entry-x.pglite.tar.gz"), null);
  strictEqual(engineOfBackup(`${name}.partial`), null);
});

Deno.test("retention keeps the newest backups and nothing else is touched", async () => {
  const dir = await Deno.makeTempDir({ prefix: "te-prune-" });
  try {
    const names = [5, 1, 4, 2, 3].map((d) =>
      backupFileName(
        new Date(Date.UTC(2026, 11, d)),
        d % 2 ? "pglite" : "postgres",
      )
    );
    for (const n of [...names, "notes.txt", `${names[0]}.partial`]) {
      await Deno.writeTextFile(`${dir}/${n}`, "x");
    }
    const newest = [5, 4, 3].map((d) =>
      `${dir}/${
        backupFileName(
          new Date(Date.UTC(2026, 11, d)),
          d % 2 ? "pglite" : "postgres",
        )
      }`
    );
    deepStrictEqual((await listBackups(dir)).slice(0, 3), newest);
    strictEqual((await pruneBackups(dir, 3)).length, 2);
    deepStrictEqual(await listBackups(dir), newest);
    const left = [];
    for await (const e of Deno.readDir(dir)) left.push(e.name);
    strictEqual(left.length, 5); // 3 backups, the notes, the partial file
    deepStrictEqual(await listBackups(`${dir}/none`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("BACKUP_EVERY, BACKUP_KEEP and BACKUP_DIR are read from the environment", () => {
  strictEqual(parseDuration("30m"), 1_800_000);
  strictEqual(parseDuration("6h"), 21_600_000);
  strictEqual(parseDuration("1d"), 86_400_000);
  strictEqual(parseDuration(""), null);
  for (const bad of ["0h", "6 hours", "1.5h", "-1m", "h"]) {
    throws(() => parseDuration(bad), /Cannot read duration/);
  }
  const c = loadConfig({ DATA_DIR: "/srv/te", BACKUP_EVERY: "6h" });
  strictEqual(c.backupDir, "/srv/te/backups");
  strictEqual(c.backupEveryMs, 21_600_000);
  strictEqual(c.backupKeep, 14);
  strictEqual(loadConfig({ BACKUP_KEEP: "0" }).backupKeep, 1);
  strictEqual(loadConfig({}).backupEveryMs, null);
  strictEqual(loadConfig({ BACKUP_DIR: "/b" }).backupDir, "/b");
});
