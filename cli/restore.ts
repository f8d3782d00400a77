/**
 * `deno task restore FILE [--force]`: the backup FILE into the configured
 * database (DATABASE_URL, else DATA_DIR), which must be empty unless
 * `--force`. Start the app on it afterwards; it migrates as usual.
 */
import { loadConfig } from "../lib/config.ts";
import {
  engineOfFile,
  restorePglite,
  restorePostgres,
} from "../lib/restore.ts";

const force = Deno.args.includes("--force");
const files = Deno.args.filter((a) => a !== "--force");
if (files.length !== 1) {
  console.error("Usage: deno task restore FILE [--force]");
  Deno.exit(2);
}
const config = loadConfig();
try {
  const engine = await engineOfFile(files[0]);
  const target = config.databaseUrl ? "postgres" : "pglite";
  if (engine !== target) {
    throw new Error(
      `${
        files[0]
      } is a ${engine} backup and the configured database is ${target}`,
    );
  }
  if (config.databaseUrl) {
    await restorePostgres(files[0], config.databaseUrl, { force });
  } else {
    await restorePglite(files[0], config.dataDir, { force });
  }
  console.error(`Restored ${files[0]} into the ${target} database`);
} catch (err) {
  console.error(`Restore failed: ${err instanceof Error ? err.message : err}`);
  Deno.exit(1);
}
