/**
 * What `deno task backup` does: PostgreSQL is dumped directly (`pg_dump`
 * needs no help from the app); PGlite is backed up by the app when it runs
 * (POST /ops/backup over loopback), else opened and dumped here.
 */
import type { Config } from "./config.ts";
import { type BackupFile, dumpPostgres, takeBackup } from "./backup.ts";
import { readBackupToken } from "./backup_token.ts";
import { openPglite } from "../db/client.ts";
import { refuseOpenDirectory } from "./pglite_lock.ts";

/** A backup of the configured database, and who took it. */
export async function requestBackup(
  config: Config,
  opts: { dir?: string } = {},
): Promise<{ file: BackupFile; by: "pg_dump" | "app" | "this process" }> {
  const dir = opts.dir ?? config.backupDir;
  if (config.databaseUrl) {
    return { file: await dumpPostgres(config.databaseUrl, dir), by: "pg_dump" };
  }
  const fromApp = await askRunningApp(config);
  if (fromApp) return { file: fromApp, by: "app" };
  await refuseOpenDirectory(
    `${config.dataDir}/pgdata`,
    `No app answered on port ${config.port}: run the task with the app's PORT.`,
  );
  const pgdata = `${config.dataDir}/pgdata`;
  // Opening an absent directory would create an empty database to back up.
  await Deno.stat(`${pgdata}/PG_VERSION`).catch(() => {
    throw new Error(`There is no database in ${pgdata} (DATA_DIR)`);
  });
  const db = await openPglite(pgdata);
  try {
    return { file: await takeBackup(db, { dir }), by: "this process" };
  } finally {
    await db.close();
  }
}

/** The running app's backup, or null when no app listens on PORT. */
async function askRunningApp(config: Config): Promise<BackupFile | null> {
  const host = ["0.0.0.0", "::", ""].includes(config.host)
    ? "127.0.0.1"
    : config.host;
  const url = `http://${
    host.includes(":") ? `[${host}]` : host
  }:${config.port}`;
  const token = await readBackupToken(config.dataDir, config.backupToken);
  let res: Response;
  try {
    res = await fetch(`${url}/ops/backup`, {
      method: "POST",
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  } catch {
    return null; // nothing listens: the app is stopped
  }
  const body = await res.json().catch(() => null);
  if (res.status !== 201) {
    throw new Error(
      `The app at ${url} refused the backup (${res.status}): ${
        body?.error?.message ?? "no answer"
      }`,
    );
  }
  return {
    path: body.path,
    engine: body.engine,
    bytes: body.bytes,
    takenAt: body.taken_at,
  };
}
