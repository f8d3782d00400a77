/** (a) POST /api/tickets/validate against the raw ticket lookup. */
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { BOUNDS, HOST } from "../config.ts";
import { encodeRequest } from "../http_client.ts";
import { shuffled } from "../inputs.ts";
import { appLoad, rawCeiling } from "../load.ts";
import { quietGate } from "../quiet.ts";
import * as raw from "../raw.ts";
import type { Seeded } from "../seed.ts";
import { type Bench, log, recordCpu } from "../state.ts";
import { pct } from "../stats.ts";
import { QUIET_WAIT } from "../config.ts";

/** Scenario (a): codes of the venue, half typed as printed. */
export async function benchValidate(
  b: Bench,
  port: number,
  seed: Seeded,
  bareRps: number,
) {
  log("\n## (a) POST /api/tickets/validate");
  await quietGate(b, "(a)", QUIET_WAIT);
  const codes = shuffled(seed.venueCodes);
  const host = `${HOST}:${port}`;
  // Half typed as printed (groups of four), half as stored.
  const reqs = codes.map((c, i) =>
    encodeRequest(host, "POST", "/api/tickets/validate", {
      ticket_code: i % 2 ? formatTicketCode(c) : c,
    })
  );
  const r = await appLoad(
    b,
    "validate",
    port,
    BOUNDS.validate,
    (i) => reqs[i % reqs.length],
    200,
  );
  const best = await rawCeiling(
    b,
    "ticket lookup",
    BOUNDS.rawRead,
    (i) => raw.lookupTicket(b.pool!, codes[i % codes.length]),
  );
  const ok = r.summary.p99 <= 20 && r.unexpected === 0;
  b.rows.push({
    scenario: "(a) validate ticket",
    app: r.summary,
    raw: best,
    target: "P99 ≤ 20 ms",
    met: ok,
    detail: `app at ${pct(r.summary.rps / bareRps)} of bare Deno.serve${
      r.unexpected ? `; ${r.unexpected} unexpected (${r.statuses})` : ""
    }`,
    cpu: r.cpu,
  });
  recordCpu(b, "(a)", r, best);
}
