/**
 * Concurrent imports of the same codes on PostgreSQL: 4 requests at once on
 * one instance, and 4 spread over two app processes on one database. Each
 * code lands exactly once and the answers' `imported` add up to the codes.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { startServer, throwawayPostgres } from "../helpers/server.ts";
import {
  codesCsv,
  freshCodes,
  importCsv,
  ORG1_KEY,
} from "../helpers/ticket_import.ts";
import { freePort, spawnApp } from "../helpers/app_process.ts";
import { connectPostgres, type Sql } from "../../db/client.ts";

const CODES = 20_000;

/** The 4 CSVs: the same codes, each in another order (locks still sorted). */
function shuffledFiles(codes: string[]): string[] {
  return [0, 1, 2, 3].map((k) => {
    const copy = [...codes];
    if (k % 2) copy.reverse();
    if (k >= 2) copy.push(...copy.splice(0, CODES / 2));
    return codesCsv(copy);
  });
}

async function assertOnce(db: Sql, codes: string[], imported: number[]) {
  strictEqual(imported.reduce((a, b) => a + b, 0), CODES, String(imported));
  const [row] = await db.query<{ n: number; distinct_n: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT code)::int AS distinct_n
       FROM tickets WHERE code = ANY($1::text[])`,
    [codes],
  );
  deepStrictEqual(row, { n: CODES, distinct_n: CODES });
  const [audit] = await db.query<{ n: number; sum: number }>(
    `SELECT count(*)::int AS n, sum((after->>'imported')::int)::int AS sum
       FROM audit_log WHERE action = 'tickets.import'`,
  );
  deepStrictEqual(audit, { n: 4, sum: CODES });
}

Deno.test("import: 4 requests at once import each code exactly once [postgres]", async () => {
  const s = await startServer("postgres");
  try {
    const codes = freshCodes(CODES);
    const replies = await Promise.all(
      shuffledFiles(codes).map((csv) =>
        importCsv(s.url, csv, { orq: 1, headers: ORG1_KEY })
      ),
    );
    for (const r of replies) strictEqual(r.status, 200, JSON.stringify(r.body));
    for (const r of replies) {
      strictEqual(r.body.imported + r.body.skipped_count, CODES);
    }
    await assertOnce(s.db, codes, replies.map((r) => r.body.imported));
  } finally {
    await s.close();
  }
});

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(`${url}/api/health`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became healthy`);
}

Deno.test("import: two app processes on one database, each code once [postgres]", async () => {
  const pg = await throwawayPostgres();
  const dataDir = await Deno.makeTempDir();
  const apps: Deno.ChildProcess[] = [];
  try {
    const urls = [freePort(), freePort()].map((port) => {
      apps.push(spawnApp({
        dataDir,
        port,
        env: {
          DATABASE_URL: pg.url,
          DEMO: "0",
          JWT_SECRET: "import-test-secret-0123456789",
          API_KEYS: "1:issuer-key-0123456789abcdef",
          LOG_EVENTS: "0",
        },
      }));
      return `http://127.0.0.1:${port}`;
    });
    await Promise.all(urls.map(waitHealthy));
    const codes = freshCodes(CODES);
    const replies = await Promise.all(
      shuffledFiles(codes).map((csv, i) =>
        importCsv(urls[i % 2], csv, { orq: 1, headers: ORG1_KEY })
      ),
    );
    for (const r of replies) strictEqual(r.status, 200, JSON.stringify(r.body));
    const db = connectPostgres(pg.url, { max: 2 });
    try {
      await assertOnce(db, codes, replies.map((r) => r.body.imported));
    } finally {
      await db.close();
    }
  } finally {
    for (const app of apps) {
      try {
        app.kill("SIGTERM");
      } catch { /* already gone */ }
      await app.status;
    }
    await pg.drop();
    await Deno.remove(dataDir, { recursive: true });
  }
});
