/**
 * Restores a backup file (lib/backup.ts) into an empty target: the PGlite
 * data directory DATA_DIR/pgdata, or the PostgreSQL database of a URL
 * (`pg_restore`). A target that holds data is refused unless `force`. The
 * app started on the target afterwards migrates it as usual.
 */
import postgres from "postgres";
import { openPglite } from "../db/client.ts";
import { type BackupEngine, run } from "./backup.ts";
import { refuseOpenDirectory } from "./pglite_lock.ts";

/** What a backup file holds, read from its first bytes (names can change). */
export async function engineOfFile(path: string): Promise<BackupEngine> {
  const file = await Deno.open(path, { read: true });
  try {
    const head = new Uint8Array(5);
    const n = await file.read(head) ?? 0;
    const text = new TextDecoder().decode(head.subarray(0, n));
    if (text === "PGDMP") return "postgres"; // pg_dump's custom format
    if (head[0] === 0x1f && head[1] === 0x8b) return "pglite"; // gzip
  } finally {
    file.close();
  }
  throw new Error(`${path} is not a backup file of this app`);
}

/** Thrown when the target holds data and `force` was not given. */
export class TargetNotEmpty extends Error {}

/** Restores the PGlite backup `path` into `dataDir`/pgdata. */
export async function restorePglite(
  path: string,
  dataDir: string,
  opts: { force?: boolean } = {},
): Promise<void> {
  const target = `${dataDir}/pgdata`;
  await refuseOpenDirectory(target, "Stop the app before restoring into it.");
  if (await hasEntries(target)) {
    if (!opts.force) {
      throw new TargetNotEmpty(
        `${target} holds a database: restore refuses to overwrite it (--force does)`,
      );
    }
    await Deno.remove(target, { recursive: true });
  }
  await Deno.mkdir(dataDir, { recursive: true });
  const file = await Deno.open(path, { read: true });
  const image = await new Response(
    file.readable.pipeThrough(new DecompressionStream("gzip")),
  ).blob();
  // PGlite unpacks the image into an empty data directory and opens it;
  // beside the target first, so a failed restore leaves no half directory.
  const temp = `${target}.partial`;
  await Deno.remove(temp, { recursive: true }).catch(() => {});
  try {
    const db = await openPglite(temp, { loadDataDir: image });
    try {
      await db.query("SELECT count(*) FROM organizations");
    } finally {
      await db.close();
    }
    await Deno.rename(temp, target);
  } catch (err) {
    await Deno.remove(temp, { recursive: true }).catch(() => {});
    throw err;
  }
}

/** Restores the PostgreSQL backup `path` into the database at `url`. */
export async function restorePostgres(
  path: string,
  url: string,
  opts: { force?: boolean } = {},
): Promise<void> {
  const tables = await userTables(url);
  if (tables > 0 && !opts.force) {
    throw new TargetNotEmpty(
      `The database holds ${tables} tables: restore refuses to overwrite it (--force does)`,
    );
  }
  await run("pg_restore", [
    "--no-owner",
    "--no-privileges",
    "--exit-on-error",
    "--single-transaction",
    ...(tables > 0 ? ["--clean", "--if-exists"] : []),
    `--dbname=${url}`,
    path,
  ]);
}

/** Tables outside PostgreSQL's own schemas in the database at `url`. */
async function userTables(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql.unsafe(
      `SELECT count(*)::int AS n FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    return row.n as number;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Whether `dir` exists and has anything in it. */
async function hasEntries(dir: string): Promise<boolean> {
  try {
    for await (const _ of Deno.readDir(dir)) return true;
    return false;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}
