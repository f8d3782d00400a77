import type { Db } from "./client.ts";

// Any fixed number: the key of the advisory lock that lets one instance migrate at a time.
const MIGRATION_LOCK = 4_015_001;

/** The numbered `.sql` files of `db/migrations`, in order. */
async function migrationFiles(): Promise<{ name: string; sql: string }[]> {
  const dir = new URL("./migrations/", import.meta.url);
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && /^\d{4}_.+\.sql$/.test(entry.name)) {
      names.push(entry.name);
    }
  }
  names.sort();
  return await Promise.all(
    names.map(async (name) => ({
      name,
      sql: await Deno.readTextFile(new URL(name, dir)),
    })),
  );
}

/**
 * Applies every migration not yet recorded, each once and inside its own
 * transaction, under an advisory lock so that instances starting together
 * take turns. Returns the names applied.
 */
export async function migrate(db: Db): Promise<string[]> {
  const files = await migrationFiles();
  return await db.begin(async (tx) => {
    // A transaction-scoped lock: released at commit even if this process dies.
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await tx.query<{ name: string }>("SELECT name FROM schema_migrations"))
        .map((r) => r.name),
    );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file.name)) continue;
      await execScript(tx, file.sql);
      await tx.query("INSERT INTO schema_migrations (name) VALUES ($1)", [
        file.name,
      ]);
      applied.push(file.name);
    }
    return applied;
  });
}

/** Runs a multi-statement script (no parameters) statement by statement. */
async function execScript(
  tx: { query: (t: string) => Promise<unknown> },
  script: string,
): Promise<void> {
  // Statements end with `;` at a line end; migrations keep function bodies
  // free of such lines (none use them).
  const statements = script.split(/;\s*$/m).map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, "").trim().length > 0);
  for (const s of statements) await tx.query(s);
}
