import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { OutageGuard, type OutageLog } from "./outage_guard.ts";
import { PgListener } from "./pg_listener.ts";

/** Something that runs parameterised SQL: the pool or one transaction. */
export interface Sql {
  /** Rows of `text` run with `$1..$n` bound to `params`. */
  query<T = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<T[]>;
}

/** The database: PostgreSQL through postgres.js, or embedded PGlite. */
export interface Db extends Sql {
  readonly engine: "postgres" | "pglite";
  /**
   * Batched reads (batch_loader.ts) on one connection: reads issued in the
   * same tick leave in one socket write and wake one database backend.
   */
  readonly batched: Sql;
  /** Runs `fn` in one transaction; it commits when `fn` resolves. */
  begin<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Calls `onMessage` for each NOTIFY on `channel`; resolves once listening.
   * After the listening connection was lost and listens again (PostgreSQL),
   * calls `onRelisten` with the gap's length: NOTIFYs of the gap are lost.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onRelisten?: (gapMs: number) => void,
  ): Promise<void>;
  close(): Promise<void>;
}

/** Options for {@link connectPostgres}. */
export interface PostgresOptions {
  /** Connections for transactions (plus half as many for plain reads); default 20. */
  max?: number;
  /** Names this client in the outage log lines (e.g. "mail"). */
  name?: string;
  /** Where the outage log lines go (the app passes lib/log.ts logEvent); default none. */
  log?: OutageLog;
}

/**
 * Pools on a PostgreSQL server: `max` connections for transactions, half
 * as many for single statements, and one for batched reads (batch_loader.ts:
 * on one connection the batched reads cost the app thread fewer socket
 * writes than spread over the pool).
 * Transactions never share a connection with pipelined
 * plain queries that way: postgres.js 3.4 can start a `begin` on a connection
 * whose pipeline is full of other queries and then fail it with
 * UNSAFE_TRANSACTION under load (porsager/postgres#823, #1189).
 * Every statement runs through an {@link OutageGuard}: while the server
 * cannot be reached they fail within seconds with 503 SERVICE_UNAVAILABLE,
 * and all works again once it is back.
 */
export function connectPostgres(url: string, opts: PostgresOptions = {}): Db {
  const max = Math.max(2, opts.max ?? 20);
  const options = (size: number, name: string) => ({
    max: size,
    onnotice: () => {},
    connect_timeout: CONNECT_TIMEOUT_S,
    // postgres.js's default backoff grows to 20 s over an outage, which
    // delayed the recovery by as much; the guard keeps an outage from
    // hammering the server instead.
    backoff: reconnectDelaySeconds,
    // Keep dates and times as text: they are wall-clock values in the
    // organization's zone, never instants in the server's.
    types: {
      date: { to: 1082, from: [1082], serialize: String, parse: String },
    },
    connection: { application_name: `timed-entry-${name}` },
  });
  const reads = postgres(url, options(Math.ceil(max / 2), "q"));
  const writes = postgres(url, options(max, "tx"));
  const together = postgres(url, options(1, "batch"));
  const wrap = (s: postgres.Sql | postgres.TransactionSql): Sql => ({
    query: <T>(text: string, params: unknown[] = []) =>
      s.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
        prepare: true,
      }) as unknown as Promise<T[]>,
  });
  const guard = new OutageGuard({
    probe: () => probe(url),
    name: opts.name,
    log: opts.log,
  });
  const gated = (pool: postgres.Sql): Sql => {
    const ready = arrayTypesGate(pool);
    const run = wrap(pool).query;
    return {
      query: <T>(text: string, params?: unknown[]) =>
        guard.run(() => afterGate(ready, () => run<T>(text, params))),
    };
  };
  const base = gated(reads);
  const writesReady = arrayTypesGate(writes);
  const listener = new PgListener(
    ({ onNotify, onClose }) =>
      postgres(url, {
        ...options(1, "listen"),
        // One long-lived connection: a planned end would count as a loss.
        max_lifetime: null,
        fetch_types: false,
        onclose: onClose,
        // Read by postgres.js (it routes each NOTIFY there) but not declared.
        ...({ onnotify: onNotify } as object),
      }),
    guard,
  );
  return {
    engine: "postgres",
    query: base.query,
    batched: gated(together),
    begin: <T>(fn: (tx: Sql) => Promise<T>) =>
      guard.run(() =>
        afterGate(
          writesReady,
          () => writes.begin((tx) => fn(wrap(tx))) as Promise<T>,
        )
      ),
    listen: (channel, onMessage, onRelisten) =>
      listener.listen(channel, onMessage, onRelisten),
    close: async () => {
      await guard.close();
      await listener.close();
      await Promise.all([
        reads.end({ timeout: 5 }),
        writes.end({ timeout: 5 }),
        together.end({ timeout: 5 }),
      ]);
    },
  };
}

/** How long a connection attempt may take (postgres.js's default is 30 s). */
const CONNECT_TIMEOUT_S = 2;

/** Seconds before a failed connection is tried again: 0.05 s doubling to 0.5 s. */
function reconnectDelaySeconds(retries: number): number {
  return Math.min(0.5, 0.05 * 2 ** Math.min(retries, 10));
}

/** Resolves once the server at `url` answers a statement on a fresh connection. */
async function probe(url: string): Promise<void> {
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    connect_timeout: 1,
    fetch_types: false,
    max_lifetime: null,
    connection: { application_name: "timed-entry-probe" },
  });
  try {
    await sql.unsafe("SELECT 1");
  } finally {
    sql.end({ timeout: 0 }).catch(() => {});
  }
}

/**
 * A pool must know PostgreSQL's array types before its first statement with
 * an array parameter or column. postgres.js asks each new connection for them
 * and registers them a few microtasks after it has sent that connection's
 * first statement (at once when the statement is over 1 KiB, as ours are). On
 * Deno the server's answer can be read before those microtasks run, and the
 * statement then binds `["A"]` as the text `A` ("malformed array literal")
 * and caches its array columns without a parser
 * (tests/integration/postgres_client_test.ts fails that way without this
 * gate). So one warm-up statement runs first, and statements wait for it
 * until the types are known (from then on the check costs a boolean).
 * Returns the promise to wait for, or null once the types are known.
 */
function arrayTypesGate(pool: postgres.Sql): () => Promise<void> | null {
  let known = false;
  let learning: Promise<void> | null = null;
  const learn = async () => {
    await pool.unsafe("SELECT 1");
    // The registration runs in microtasks queued behind the answer: a timer
    // turn later they have all run.
    await new Promise((r) => setTimeout(r, 0));
    if (!(TEXT_ARRAY_OID in pool.options.serializers)) {
      throw new Error("postgres.js did not learn the array types");
    }
    known = true;
  };
  return () => {
    if (known) return null;
    learning ??= learn().catch((err) => {
      learning = null; // the next statement tries again (e.g. server down)
      throw err;
    });
    return learning;
  };
}

/** Runs `run` at once if `ready` has nothing to wait for, else after it. */
function afterGate<R>(
  ready: () => Promise<void> | null,
  run: () => Promise<R>,
): Promise<R> {
  const wait = ready();
  return wait ? wait.then(run) : run();
}

/** PostgreSQL's fixed OID of `text[]`. */
const TEXT_ARRAY_OID = 1009;

/**
 * Embedded PostgreSQL (WASM) kept in `dir`, or in memory for `memory://`
 * (optionally started from a `dumpDataDir()` image, which tests use to skip
 * initdb).
 */
export async function openPglite(
  dir: string,
  opts: { loadDataDir?: Blob } = {},
): Promise<Db & { dump?: () => Promise<Blob> }> {
  const pg = await PGlite.create({
    dataDir: dir === "memory://" ? undefined : dir,
    loadDataDir: opts.loadDataDir,
    // Fragment search over codes, emails and phones (back office).
    extensions: { pg_trgm },
    // Dates stay text, as with postgres.js above.
    parsers: { 1082: (value: string) => value },
  });
  const wrap = (
    s: { query: (t: string, p?: unknown[]) => Promise<{ rows: unknown[] }> },
  ): Sql => ({
    query: async <T>(text: string, params: unknown[] = []) =>
      (await s.query(text, params)).rows as T[],
  });
  const base = wrap(pg);
  return {
    engine: "pglite",
    query: base.query,
    batched: base,
    begin: <T>(fn: (tx: Sql) => Promise<T>) =>
      pg.transaction((tx) => fn(wrap(tx))),
    listen: async (channel, onMessage) => {
      await pg.listen(channel, onMessage);
    },
    close: () => pg.close(),
    // Inside a transaction of its own: no other one is half done in the image.
    dump: () => pg.transaction(() => pg.dumpDataDir("none")),
  };
}
