/**
 * GET /metrics during a database outage (the app reaches PostgreSQL through
 * a TCP proxy the test cuts): the scrape still answers, with te_database_up 0
 * (what the TimedEntryDatabaseDown alert reads), and 1 again once the
 * database is back. PostgreSQL only: embedded PGlite runs in process.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { engines, startServer, throwawayPostgres } from "../helpers/server.ts";
import { startTcpProxy } from "../helpers/tcp_proxy.ts";

const METRICS_TOKEN = "scraper-token-0123456789abcdef";

/** te_database_up of one scrape, and how long the scrape took. */
async function scrape(url: string): Promise<{ up: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  assertEquals(res.status, 200);
  const up = (await res.text()).match(/^te_database_up (\d)$/m);
  assert(up, "te_database_up missing");
  return { up: Number(up[1]), ms: performance.now() - t0 };
}

/** Scrapes until te_database_up reads `want`; fails after 5 s. */
async function until(url: string, want: number): Promise<void> {
  const deadline = performance.now() + 5_000;
  let last;
  while (performance.now() < deadline) {
    last = await scrape(url);
    // A scrape must not hang on the outage (Prometheus' timeout is 10 s).
    assert(last.ms < 3_000, `scrape took ${Math.round(last.ms)} ms`);
    if (last.up === want) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`te_database_up still ${last?.up}, wanted ${want}`);
}

Deno.test({
  name: "metrics: te_database_up reads 0 during a database outage, 1 after",
  ignore: !engines().includes("postgres"),
  fn: async () => {
    const pg = await throwawayPostgres();
    const proxy = startTcpProxy();
    const s = await startServer("postgres", {
      databaseUrl: proxy.via(pg.url),
      env: { METRICS_TOKEN },
    });
    try {
      assertEquals((await scrape(s.url)).up, 1);
      proxy.cut();
      await until(s.url, 0);
      proxy.restore();
      await until(s.url, 1);
    } finally {
      await s.close();
      proxy.close();
      await pg.drop();
    }
  },
});
