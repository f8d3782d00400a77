/** The database of an older release (tests/fixtures), loaded for upgrade tests. */
import type { Sql } from "../../db/client.ts";

/** The back office release's database: migrations 0001–0006 and their rows. */
export const SCHEMA_0006 = new URL(
  "../fixtures/schema_0006.sql",
  import.meta.url,
);

/** Password of the fixture's staff; the PIN of its operators. */
export const FIXTURE_PASSWORD = "fixture-password-1";
export const FIXTURE_PIN = "482913";

/**
 * Runs the fixture statement by statement in one transaction (statements end
 * with `;` at a line end, as in db/migrate.ts), on an empty database.
 */
export async function loadFixture(
  db: { begin<T>(fn: (tx: Sql) => Promise<T>): Promise<T> },
  file: URL = SCHEMA_0006,
): Promise<void> {
  const script = await Deno.readTextFile(file);
  const statements = script.split(/;\s*$/m).map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, "").trim().length > 0);
  await db.begin(async (tx) => {
    for (const s of statements) await tx.query(s);
  });
}
