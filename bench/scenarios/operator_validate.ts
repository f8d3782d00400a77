/** (f) POST /api/operator/validate-ticket with the operator's token. */
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { BOUNDS, HOST, PAIRED_RUNS, QUIET_WAIT } from "../config.ts";
import { encodeRequest, jsonOf } from "../http_client.ts";
import {
  appLoad,
  type AppLoadOptions,
  pooled,
  rawAt,
  rawCeiling,
} from "../load.ts";
import { quietGate } from "../quiet.ts";
import * as raw from "../raw.ts";
import { type Bench, log, type RawBest, recordCpu } from "../state.ts";
import { line, pct, rps } from "../stats.ts";
import type { Door } from "./door.ts";

/**
 * Scenario (f): every decision a scanner meets, against the raw ticket read.
 * Returns the pooled app/raw ratio ((i) is held to it).
 */
export async function benchOperatorValidate(
  b: Bench,
  port: number,
  door: Door,
): Promise<number> {
  log("\n## (f) POST /api/operator/validate-ticket (operator's Bearer token)");
  await quietGate(b, "(f)", QUIET_WAIT);
  const { codes, expected } = door.scan;
  const host = `${HOST}:${port}`;
  const auth = { authorization: `Bearer ${door.operatorToken}` };
  // Half as printed (groups of four, as typed), half as stored (as scanned).
  const reqs = codes.map((c, i) =>
    encodeRequest(host, "POST", "/api/operator/validate-ticket", {
      code: i % 2 ? formatTicketCode(c) : c,
    }, auth)
  );
  const reasons = new Map<string, number>();
  let wrong = 0;
  const scan = (opts?: AppLoadOptions) =>
    appLoad(
      b,
      "operator validate",
      port,
      BOUNDS.validate,
      (i) => reqs[i % reqs.length],
      200,
      (i, res) => {
        if (res.status !== 200) return;
        const { reason } = jsonOf<{ reason: string }>(res);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        if (reason !== expected.get(codes[i % codes.length])) wrong++;
      },
      opts,
    );
  const first = await scan();
  let rawCursor = 0;
  const lookup = () =>
    raw.findTicket(b.pool!, codes[rawCursor++ % codes.length]);
  const ceiling = await rawCeiling(
    b,
    "ticket lookup (scan)",
    BOUNDS.rawRead,
    () => lookup(),
  );
  // One app run and one raw run each take a few seconds on a machine whose
  // three busy processes share two cores, and single runs of either swing by
  // a third; so the app and the raw query at its best concurrency run
  // alternately PAIRED_RUNS times, and their pooled runs are compared.
  const apps = [first];
  const raws: Omit<RawBest, "all">[] = [ceiling];
  log(
    `  ${
      PAIRED_RUNS - 1
    } more alternating runs of the app and of raw c=${ceiling.concurrency}:`,
  );
  for (let k = 1; k < PAIRED_RUNS; k++) {
    apps.push(
      await scan({ warm: false, profile: false, from: apps[k - 1].next }),
    );
    raws.push(
      await rawAt(
        b,
        "ticket lookup (scan)",
        ceiling.concurrency,
        BOUNDS.rawRead,
        lookup,
      ),
    );
  }
  const r = {
    ...first,
    summary: pooled(apps),
    unexpected: apps.reduce((n, a) => n + a.unexpected, 0),
    statuses: apps.map((a) => a.statuses).join("; "),
  };
  const best: RawBest = { ...ceiling, summary: pooled(raws) };
  const ratio = r.summary.rps / best.summary.rps;
  log(
    `  pooled over ${PAIRED_RUNS} runs each: app ${
      line(r.summary)
    }; raw c=${best.concurrency} ${rps(best.summary.rps)} req/s; ratio ${
      pct(ratio)
    } (runs: ${
      apps.map((a, k) => pct(a.summary.rps / raws[k].summary.rps)).join(", ")
    })`,
  );
  const answered = [...reasons.values()].reduce((a, b) => a + b, 0);
  log(
    `  decisions of all app runs: ${
      [...reasons].sort((a, b) => b[1] - a[1]).map(([k, v]) =>
        `${k} ${pct(v / answered)}`
      ).join(", ")
    }; ${wrong} not the seeded ticket's reason`,
  );
  if (wrong) b.failures.push(`(f): ${wrong} scans with the wrong decision`);
  b.rows.push({
    scenario: "(f) operator validate-ticket",
    app: r.summary,
    raw: best,
    target: "P99 ≤ 20 ms and ≥ 70 % of raw",
    met: r.summary.p99 <= 20 && ratio >= 0.7 && r.unexpected === 0 &&
      wrong === 0,
    detail: `${pct((reasons.get("VALID") ?? 0) / answered)} GREEN${
      wrong ? `; ${wrong} WRONG decisions` : ""
    }${r.unexpected ? `; ${r.unexpected} unexpected (${r.statuses})` : ""}`,
    cpu: r.cpu,
  });
  recordCpu(b, "(f)", r, best);
  return ratio;
}
