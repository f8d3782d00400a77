/**
 * PGlite keeps `postmaster.pid` in its data directory while a process has it
 * open, and removes it when it closes the database. A second process must not
 * open or replace such a directory: both would write to it.
 */

/** Throws when `pgdata` is open by a process (or was left so by a crash). */
export async function refuseOpenDirectory(
  pgdata: string,
  hint: string,
): Promise<void> {
  try {
    await Deno.stat(`${pgdata}/postmaster.pid`);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  throw new Error(
    `${pgdata} is open by a running app (or was left so by a crash: start ` +
      `the app once, it recovers, and stop it). ${hint}`,
  );
}
