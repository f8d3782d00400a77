/** A real app on a free port over a throw-away database, for integration tests. */
import { SigningThread } from "../../db/signing_thread.ts";
import postgres from "postgres";
import { connectPostgres, type Db, openPglite } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { loadConfig } from "../../lib/config.ts";
import { bootstrap } from "../../lib/startup.ts";
import { buildDeps } from "../../lib/app_deps.ts";
import { createApp } from "../../routes/app.ts";
import type { AppDeps } from "../../lib/app_deps.ts";
import { logEvent, setQuietLogs } from "../../lib/log.ts";

/** The engines a run covers: `TEST_ENGINES` (default `postgres,pglite`). */
export function engines(): ("postgres" | "pglite")[] {
  const list = (Deno.env.get("TEST_ENGINES") ?? "postgres,pglite").split(",")
    .map((s) => s.trim()).filter(Boolean);
  return list as ("postgres" | "pglite")[];
}

/** URL of a PostgreSQL server database from which throw-away databases are made. */
export const ADMIN_PG_URL = Deno.env.get("TEST_PG_URL") ??
  "postgres://postgres@127.0.0.1:5432/postgres";

/** A settable clock. */
export interface TestClock {
  (): Date;
  set(iso: string | Date): void;
  advance(ms: number): void;
}

/** A clock pinned at `iso`. */
export function testClock(iso: string): TestClock {
  let now = new Date(iso);
  const clock = (() => new Date(now.getTime())) as TestClock;
  clock.set = (v) => {
    now = new Date(v);
  };
  clock.advance = (ms) => {
    now = new Date(now.getTime() + ms);
  };
  return clock;
}

/** A throw-away PostgreSQL database; `drop` removes it. */
export async function throwawayPostgres(): Promise<
  { url: string; drop: () => Promise<void> }
> {
  const name = `te_test_${
    crypto.randomUUID().replaceAll("-", "").slice(0, 16)
  }`;
  const admin = postgres(ADMIN_PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(ADMIN_PG_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

let template: Promise<Blob> | null = null;

/** A migrated, empty PGlite image made once per process: loading it skips initdb (≈ 4 s). */
function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const db = await openPglite("memory://");
    await migrate(db);
    const image = await db.dump!();
    await db.close();
    return image;
  })();
  return template;
}

/** A running app. */
export interface TestServer {
  engine: "postgres" | "pglite";
  url: string;
  /** The PostgreSQL database's URL (unset for PGlite). */
  databaseUrl?: string;
  db: Db;
  deps: AppDeps;
  clock: TestClock;
  /** Stops the server, closes and drops the database. */
  close(): Promise<void>;
}

/** Options for {@link startServer}. */
export interface StartOptions {
  /** Pinned instant; default 2026-11-26T10:00:00Z. */
  now?: string;
  /** Environment overrides (API.md "Running" names). */
  env?: Record<string, string>;
  /** PostgreSQL pool size; default 20. */
  poolMax?: number;
  /**
   * An existing PostgreSQL database to share (a second instance over
   * another server's `databaseUrl`); it is left in place on close.
   */
  databaseUrl?: string;
  /** A PGlite data directory to open instead of a fresh in-memory one (left in place). */
  pgliteDir?: string;
  /** Time zone of organization 1; default UTC. */
  timezone?: string;
  /** Timing of the dashboard streams (e.g. a short heartbeat). */
  dashboardStream?: AppDeps["dashboardStream"];
  /**
   * Fills the fresh database before the app migrates it (an older release's
   * database, for upgrade tests); PGlite then starts without the migrated
   * template.
   */
  beforeMigrate?: (db: Db) => Promise<void>;
}

/** Starts the real app on a free loopback port over a fresh database. */
export async function startServer(
  engine: "postgres" | "pglite",
  opts: StartOptions = {},
): Promise<TestServer> {
  setQuietLogs(Deno.env.get("LOG_EVENTS") !== "1");
  let db: Db;
  let drop = async () => {};
  let databaseUrl: string | undefined;
  if (engine === "postgres" && opts.databaseUrl) {
    databaseUrl = opts.databaseUrl;
    db = connectPostgres(databaseUrl, {
      max: opts.poolMax ?? 20,
      log: logEvent,
    });
  } else if (engine === "postgres") {
    const pg = await throwawayPostgres();
    databaseUrl = pg.url;
    db = connectPostgres(pg.url, {
      max: opts.poolMax ?? 20,
      log: logEvent,
    });
    drop = pg.drop;
  } else if (opts.pgliteDir) {
    db = await openPglite(opts.pgliteDir);
  } else if (opts.beforeMigrate) {
    db = await openPglite("memory://");
  } else {
    db = await openPglite("memory://", { loadDataDir: await pgliteTemplate() });
  }
  await opts.beforeMigrate?.(db);
  await migrate(db);
  const config = loadConfig({
    RATE_LIMIT_RESERVE_PER_MIN: "0",
    RATE_LIMIT_VALIDATE_PER_MIN: "0",
    RATE_LIMIT_LOOKUP_PER_MIN: "0",
    ORG_TIMEZONE: opts.timezone ?? "UTC",
    ADMIN_USERNAME: "root",
    ADMIN_PASSWORD: "root-password-1",
    JWT_SECRET: "test-secret-" + crypto.randomUUID(),
    API_KEYS: "1:issuer-key-0123456789abcdef",
    DEMO: "0",
    ...opts.env,
  });
  const jwtSecret = await bootstrap(db, config);
  const clock = testClock(opts.now ?? "2026-11-26T10:00:00Z");
  // As main.ts: bookings' and moves' QR payloads signed in a thread.
  const signer = new SigningThread();
  const deps = buildDeps(db, config, { clock, jwtSecret, signer });
  deps.dashboardStream = opts.dashboardStream;
  const app = createApp(deps);
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    app.fetch,
  );
  const url = `http://127.0.0.1:${server.addr.port}`;
  return {
    engine,
    url,
    db,
    deps,
    clock,
    databaseUrl,
    close: async () => {
      await deps.live?.close();
      await server.shutdown();
      deps.closeLimits?.();
      signer.close();
      await db.close();
      await drop();
    },
  };
}

/** Registers `fn` once per engine, each with its own fresh server. */
export function testEachEngine(
  name: string,
  fn: (s: TestServer) => Promise<void>,
  opts: StartOptions = {},
): void {
  for (const engine of engines()) {
    Deno.test({
      name: `${name} [${engine}]`,
      fn: async () => {
        const s = await startServer(engine, opts);
        try {
          await fn(s);
        } finally {
          await s.close();
        }
      },
    });
  }
}
