/** The throw-away benchmark database and postgres.js pools like the app's. */
import postgres from "postgres";
import type { Sql as AppSql } from "../db/client.ts";

/** Server database from which the throw-away one is made (as the tests do). */
export const ADMIN_PG_URL = Deno.env.get("BENCH_PG_URL") ??
  Deno.env.get("TEST_PG_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A throw-away database; `drop` removes it (idempotent). */
export interface ThrowawayDb {
  name: string;
  url: string;
  drop: () => Promise<void>;
}

/** Creates `te_bench_<random>` on the PostgreSQL server. */
export async function throwawayDatabase(): Promise<ThrowawayDb> {
  const name = `te_bench_${
    crypto.randomUUID().replaceAll("-", "").slice(0, 12)
  }`;
  const admin = postgres(ADMIN_PG_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_PG_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      const a = postgres(ADMIN_PG_URL, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        dropped = true;
      } finally {
        await a.end();
      }
    },
  };
}

/**
 * A postgres.js pool set up as db/client.ts connectPostgres sets up the
 * app's (dates as text, notices off), so raw and app pay the same driver costs.
 */
export function rawPool(
  url: string,
  max = 20,
  applicationName = "timed-entry-bench",
): postgres.Sql {
  return postgres(url, {
    max,
    onnotice: () => {},
    types: {
      date: { to: 1082, from: [1082], serialize: String, parse: String },
    },
    connection: { application_name: applicationName },
  });
}

/** Rows of `text` run with `params` as a prepared statement, as the app runs them. */
export function query<T>(
  sql: postgres.Sql | postgres.TransactionSql,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
    prepare: true,
  }) as unknown as Promise<T[]>;
}

/**
 * The app's `Sql` (db/client.ts) straight over a raw pool, without its
 * outage guard or batching: the ceilings call the app's own db/ functions
 * through it instead of copies of their SQL.
 */
export function asAppSql(sql: postgres.Sql): AppSql {
  return { query: (text, params) => query(sql, text, params) };
}
