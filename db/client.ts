import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";

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
  /** Calls `onMessage` for each NOTIFY on `channel`; resolves once listening. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<void>;
  close(): Promise<void>;
}

/** Options for {@link connectPostgres}. */
export interface PostgresOptions {
  /** Connections for transactions (plus half as many for plain reads); default 20. */
  max?: number;
}

/**
 * Pools on a PostgreSQL server: `max` connections for transactions, half
 * as many for single statements, and one for batched reads (batch_loader.ts;
 * measured: the reservation path spent 45 % of its thread in socket writes
 * with the reads spread over the pool, 37 % with them on one connection).
 * Transactions never share a connection with pipelined
 * plain queries that way: postgres.js 3.4 can start a `begin` on a connection
 * whose pipeline is full of other queries and then fail it with
 * UNSAFE_TRANSACTION under load (porsager/postgres#823, #1189).
 */
export function connectPostgres(url: string, opts: PostgresOptions = {}): Db {
  const max = Math.max(2, opts.max ?? 20);
  const options = (size: number, name: string) => ({
    max: size,
    onnotice: () => {},
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
  const gated = (pool: postgres.Sql): Sql => {
    const ready = arrayTypesGate(pool);
    const run = wrap(pool).query;
    return {
      query: <T>(text: string, params?: unknown[]) =>
        afterGate(ready, () => run<T>(text, params)),
    };
  };
  const base = gated(reads);
  const writesReady = arrayTypesGate(writes);
  return {
    engine: "postgres",
    query: base.query,
    batched: gated(together),
    begin: <T>(fn: (tx: Sql) => Promise<T>) =>
      afterGate(
        writesReady,
        () => writes.begin((tx) => fn(wrap(tx))) as Promise<T>,
      ),
    listen: async (channel, onMessage) => {
      await reads.listen(channel, onMessage);
    },
    close: async () => {
      await Promise.all([
        reads.end({ timeout: 5 }),
        writes.end({ timeout: 5 }),
        together.end({ timeout: 5 }),
      ]);
    },
  };
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
    dump: () => pg.dumpDataDir("none"),
  };
}
