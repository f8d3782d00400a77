/**
 * `deno task backup [--dir DIR]`: a backup of the configured database
 * (DATABASE_URL, else DATA_DIR) into BACKUP_DIR or DIR; prints its path.
 * With the app running on PGlite the app takes it into its BACKUP_DIR.
 */
import { loadConfig } from "../lib/config.ts";
import { requestBackup } from "../lib/backup_request.ts";

const args = [...Deno.args];
const at = args.indexOf("--dir");
const dir = at >= 0 ? args[at + 1] : undefined;
if (at >= 0 && !dir) {
  console.error("Usage: deno task backup [--dir DIR]");
  Deno.exit(2);
}
try {
  const { file, by } = await requestBackup(loadConfig(), { dir });
  console.log(`${file.path}`);
  console.error(`Backup of ${file.engine} (${file.bytes} bytes) by ${by}`);
} catch (err) {
  console.error(`Backup failed: ${err instanceof Error ? err.message : err}`);
  Deno.exit(1);
}
