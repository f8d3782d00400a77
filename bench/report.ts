/** The printed results of a run (markdown tables). */
import {
  CONCURRENCY,
  DROP_REQUESTS,
  LIVE,
  RAW_CHECK_IN_CONCURRENCY,
  RAW_LEVELS,
  RAW_POOL,
} from "./config.ts";
import { formatWaits } from "./pg_waits.ts";
import { type Bench, elapsed, log } from "./state.ts";
import { ms, pct, rps, type Summary } from "./stats.ts";

/** The results table, the CPU table, mail rates and profile hints. */
export function report(
  b: Bench,
  bareSummary: Summary,
  machine: string[],
  runStart: number,
) {
  log("\n# Results\n");
  for (const m of machine) log(m);
  log("");
  log(
    "| scenario | app req/s | P50 | P95 | P99 | raw ceiling req/s | ratio | target | met? |",
  );
  log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
  for (const r of b.rows) {
    const ratio = r.app && r.raw ? pct(r.app.rps / r.raw.summary.rps) : "—";
    const rawCell = r.raw
      ? `${rps(r.raw.summary.rps)} (c=${r.raw.concurrency})`
      : "—";
    const a = r.app;
    log(
      `| ${r.scenario} | ${r.rateCell ?? (a ? rps(a.rps) : "—")} | ${
        a ? ms(a.p50) : "—"
      } | ${a ? ms(a.p95) : "—"} | ${
        a ? ms(a.p99) : "—"
      } | ${rawCell} | ${ratio} | ${r.target} | ${r.met ? "yes" : "**no**"}${
        r.detail ? ` — ${r.detail}` : ""
      } |`,
    );
  }
  log(
    `| HTTP ceiling: bare Deno.serve, small JSON | ${rps(bareSummary.rps)} | ${
      ms(bareSummary.p50)
    } | ${ms(bareSummary.p95)} | ${
      ms(bareSummary.p99)
    } | — | — | (reference) | — |`,
  );
  log("");
  log(
    "CPU in cores (1.00 = one core busy) during each measured run; the machine has " +
      `${navigator.hardwareConcurrency}:`,
  );
  log("");
  log(
    "| run | load client / raw driver | app server | postgres | kernel + other processes | machine | pool backends (avg) |",
  );
  log("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const c of b.cpuRows) {
    const { client, server, postgres, machine } = c.cpu;
    log(
      `| ${c.name} | ${client.toFixed(2)} | ${
        c.name.includes("raw") ? "idle" : server.toFixed(2)
      } | ${postgres.toFixed(2)} | ${
        Math.max(0, machine - client - server - postgres).toFixed(2)
      } | ${machine.toFixed(2)} | ${
        c.waits?.size ? formatWaits(c.waits) : "—"
      } |`,
    );
  }
  if (b.mailRates.length) {
    log("");
    log(
      "Confirmation mails (the app's outbox worker, in the server process, idle load): " +
        b.mailRates.map((m) =>
          `after ${m.after} ${m.sent}/${m.pending} in ${
            m.seconds.toFixed(1)
          } s = ${(m.sent / Math.max(m.seconds, 0.001)).toFixed(0)}/s`
        ).join("; "),
    );
  }
  if (b.profiles.length) {
    log("");
    log("Server profile hints (separate profiled passes, not measured):");
    for (const p of b.profiles) {
      log(`- ${p.name}: ${p.lines[0]}`);
      log(`  ${p.lines[1].trim()}`);
      log(`  top: ${p.lines.slice(3, 6).map((l) => l.trim()).join(" | ")}`);
    }
  }
  log("");
  log(
    `App: ${CONCURRENCY} requests in flight on keep-alive connections (the drop: ` +
      `${DROP_REQUESTS} connections, one request each); app pool DB_POOL_MAX default (20). ` +
      `(g): ${LIVE.streams} dashboard streams in this process (raw sockets), ` +
      `${LIVE.verifications} verifications one at a time at ${LIVE.rate}/s. ` +
      `Raw: postgres.js pool ${RAW_POOL}, best of concurrency ${
        RAW_LEVELS.join("/")
      } ((i): ${RAW_CHECK_IN_CONCURRENCY} callers, as many as the app has requests in flight).`,
  );
  log(
    "The load client, the app (or bare server) and PostgreSQL share this machine's " +
      "cores, so every figure includes their competition for CPU.",
  );
  log(`Total run time ${elapsed(runStart)}.`);
}
