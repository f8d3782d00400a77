/**
 * The token `deno task backup` shows the running app to ask it for a backup
 * (`POST /ops/backup`): BACKUP_TOKEN, or else one the app makes at start and
 * keeps in a file of DATA_DIR readable by its owner only. Whoever can read
 * DATA_DIR could copy the database anyway, so the file grants nothing more.
 */

/** The token file in `dataDir`. */
export function backupTokenPath(dataDir: string): string {
  return `${dataDir}/backup-token`;
}

/** A fresh random token written to `dataDir`'s token file (mode 0600). */
export async function issueBackupToken(dataDir: string): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0"))
    .join("");
  await Deno.writeTextFile(backupTokenPath(dataDir), token + "\n", {
    mode: 0o600,
  });
  await Deno.chmod(backupTokenPath(dataDir), 0o600);
  return token;
}

/** BACKUP_TOKEN, else the token file of `dataDir`, else null. */
export async function readBackupToken(
  dataDir: string,
  envToken: string | null,
): Promise<string | null> {
  if (envToken) return envToken;
  try {
    return (await Deno.readTextFile(backupTokenPath(dataDir))).trim() || null;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}
