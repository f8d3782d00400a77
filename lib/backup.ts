/**
 * Backups of the database to files: PostgreSQL through `pg_dump` (custom
 * format, a consistent snapshot by itself), PGlite as a gzipped image of its
 * data directory taken by the process that has it open, between two
 * transactions. A file appears under its final name only once complete.
 */
import type { Db } from "../db/client.ts";

/** The engines a backup file can come from. */
export type BackupEngine = "postgres" | "pglite";

/** A backup file written. */
export interface BackupFile {
  path: string;
  engine: BackupEngine;
  bytes: number;
  takenAt: string;
}

const SUFFIX: Record<BackupEngine, string> = {
  postgres: ".postgres.dump",
  pglite: ".pglite.tar.gz",
};

const NAME =
  /^timed-entry-(\d{8}T\d{6}(?:\d{3})?Z)\.(postgres\.dump|pglite\.tar\.gz)$/;

/** `timed-entry-20261206T081306123Z.pglite.tar.gz`: the instant, then the engine. */
export function backupFileName(instant: Date, engine: BackupEngine): string {
  const stamp = instant.toISOString().replace(/[-:.]/g, "");
  return `timed-entry-${stamp}${SUFFIX[engine]}`;
}

/** The engine a backup file's name says, or null for another file. */
export function engineOfBackup(path: string): BackupEngine | null {
  const m = NAME.exec(path.split("/").pop() ?? "");
  if (!m) return null;
  return m[2] === "postgres.dump" ? "postgres" : "pglite";
}

/** A database that can hand out an image of itself (PGlite). */
type Dumpable = Db & { dump?: () => Promise<Blob> };

/**
 * Writes a backup of `db` into `dir`. PostgreSQL needs `databaseUrl` (for
 * `pg_dump`) and the permission to run it.
 */
export async function takeBackup(
  db: Db,
  opts: { dir: string; databaseUrl?: string | null; now?: Date },
): Promise<BackupFile> {
  const takenAt = opts.now ?? new Date();
  if (db.engine === "postgres") {
    if (!opts.databaseUrl) throw new Error("A PostgreSQL backup needs its URL");
    return await dumpPostgres(opts.databaseUrl, opts.dir, takenAt);
  }
  const dump = (db as Dumpable).dump;
  if (!dump) throw new Error("This database cannot be dumped");
  // A checkpoint first: the image then restores without replaying the WAL.
  await db.query("CHECKPOINT");
  const image = await dump();
  const final = `${opts.dir}/${backupFileName(takenAt, "pglite")}`;
  const bytes = await writeAtomically(
    final,
    image.stream().pipeThrough(new CompressionStream("gzip")),
  );
  return {
    path: final,
    engine: "pglite",
    bytes,
    takenAt: takenAt.toISOString(),
  };
}

/** `pg_dump --format=custom` of `url` into `dir`. */
export async function dumpPostgres(
  url: string,
  dir: string,
  takenAt: Date = new Date(),
): Promise<BackupFile> {
  await Deno.mkdir(dir, { recursive: true });
  const final = `${dir}/${backupFileName(takenAt, "postgres")}`;
  const temp = `${final}.partial`;
  try {
    await run("pg_dump", [
      "--format=custom",
      "--no-owner",
      "--no-privileges",
      `--file=${temp}`,
      `--dbname=${url}`,
    ]);
    await Deno.chmod(temp, 0o600);
    await Deno.rename(temp, final);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
  const { size } = await Deno.stat(final);
  return {
    path: final,
    engine: "postgres",
    bytes: size,
    takenAt: takenAt.toISOString(),
  };
}

/** Streams `body` to `<path>.partial`, then renames it to `path`; its size. */
export async function writeAtomically(
  path: string,
  body: ReadableStream<Uint8Array>,
): Promise<number> {
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")) || ".", {
    recursive: true,
  });
  const temp = `${path}.partial`;
  try {
    const file = await Deno.open(temp, {
      write: true,
      create: true,
      truncate: true,
      mode: 0o600,
    });
    await body.pipeTo(file.writable);
    await Deno.rename(temp, path);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
  return (await Deno.stat(path)).size;
}

/** The backup files in `dir`, newest first (by the instant in their names). */
export async function listBackups(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile && engineOfBackup(e.name)) names.push(e.name);
    }
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
  const stamp = (n: string) => NAME.exec(n)![1].padEnd(19, "0");
  return names.sort((a, b) => stamp(b).localeCompare(stamp(a)))
    .map((n) => `${dir}/${n}`);
}

/** Removes all but the newest `keep` backup files of `dir`; the removed paths. */
export async function pruneBackups(
  dir: string,
  keep: number,
): Promise<string[]> {
  const old = (await listBackups(dir)).slice(Math.max(1, keep));
  for (const path of old) await Deno.remove(path);
  return old;
}

/** Runs `cmd args`, failing with its stderr when it exits non-zero. */
export async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  if (!out.success) {
    throw new Error(`${cmd} failed: ${text.decode(out.stderr).trim()}`);
  }
  return text.decode(out.stdout);
}
