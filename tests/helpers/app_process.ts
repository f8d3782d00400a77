/** `main.ts` in a process of its own, with the start task's permissions. */

const ROOT = new URL("../..", import.meta.url).pathname;

/** A loopback port nothing listens on right now. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/**
 * Starts `main.ts` as `deno task start` runs it: read access to the project
 * and `dataDir`, write access to `dataDir` only (backups go to
 * `dataDir/backups`), network, environment and `pg_dump`.
 */
export function spawnApp(
  opts: {
    dataDir: string;
    port: number;
    env: Record<string, string>;
    stdout?: "piped" | "null";
  },
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-run=pg_dump",
      `--allow-read=${ROOT},${opts.dataDir}`,
      `--allow-write=${opts.dataDir}`,
      "main.ts",
    ],
    cwd: ROOT,
    env: { ...opts.env, PORT: String(opts.port), DATA_DIR: opts.dataDir },
    stdin: "null",
    stdout: opts.stdout ?? "null",
    stderr: "inherit",
  }).spawn();
}
