/**
 * (e) The drop: thousands of simultaneous reservations at one fresh slot;
 * exactly its places are created and the rest are SLOT_FULL.
 */
import { DROP_CAPACITY, DROP_REQUESTS, HOST, QUIET_WAIT } from "../config.ts";
import { encodeRequest, jsonOf, openConnections } from "../http_client.ts";
import { phone } from "../inputs.ts";
import { reportProfile } from "../load.ts";
import { sampleWaits, type WaitProfile } from "../pg_waits.ts";
import { cpuMeter, type CpuSplit } from "../procs.ts";
import type { CpuProfile } from "../profile.ts";
import { quietGate } from "../quiet.ts";
import type { Seeded } from "../seed.ts";
import { type Bench, elapsed, log, logWaits } from "../state.ts";
import { ms, summarize, type Summary } from "../stats.ts";
import { vacuum } from "../upkeep.ts";
import { APP_NAMES } from "../config.ts";

/** What one drop measured. */
export interface DropRun {
  summary: Summary;
  /** Each answer's latency (ms). */
  latencies: Float64Array;
  /** Seconds from the first request sent to the last answer read. */
  drained: number;
  created: number;
  full: number;
  /** Exactly DROP_CAPACITY created and the rest SLOT_FULL, in the answers and the database. */
  exact: boolean;
  cpu: CpuSplit;
  waits: WaitProfile;
  profile: CpuProfile | null;
}

/**
 * The drop: DROP_REQUESTS connections opened first (not timed), then one
 * reservation each at the fresh DROP_CAPACITY-place slot `slotId`, all at
 * once. Logs and checks the outcome; `label` names it in failures.
 */
export async function fireDrop(
  b: Bench,
  port: number,
  slotId: number,
  codes: string[],
  label: string,
  profiled = false,
): Promise<DropRun> {
  const host = `${HOST}:${port}`;
  const reqs = codes.map((c, i) =>
    encodeRequest(host, "POST", "/api/reservations/create", {
      ticket_code: c,
      slot_id: slotId,
      customer_email: `drop+${i}@example.com`,
      customer_phone: phone(i),
    })
  );
  const t0 = performance.now();
  const conns = await openConnections(HOST, port, DROP_REQUESTS, 500);
  log(
    `  ${conns.length} keep-alive connections open in ${
      elapsed(t0)
    } (not timed)`,
  );
  const latencies = new Float64Array(DROP_REQUESTS);
  const outcome = new Map<string, number>();
  if (profiled) await b.inspector!.start();
  const meter = await cpuMeter(b.app);
  const stopWaits = sampleWaits(b.watcher!, b.dbName, APP_NAMES);
  const start = performance.now();
  await Promise.all(conns.map(async (c, i) => {
    const s = performance.now();
    let key: string;
    try {
      const res = await c.request(reqs[i]);
      latencies[i] = performance.now() - s;
      key = res.status === 201
        ? "201"
        : `${res.status} ${
          jsonOf<{ error?: { code?: string } }>(res).error?.code ?? "?"
        }`;
    } catch (err) {
      latencies[i] = performance.now() - s;
      key = `transport error (${(err as Error).message})`;
    }
    outcome.set(key, (outcome.get(key) ?? 0) + 1);
  }));
  const drained = (performance.now() - start) / 1000;
  const cpu = await meter();
  const waits = await stopWaits();
  const profile = profiled ? await b.inspector!.stop() : null;
  for (const c of conns) c.close();
  const summary = summarize(latencies, drained);
  const created = outcome.get("201") ?? 0;
  const full = outcome.get("409 SLOT_FULL") ?? 0;
  const [dbRow] = await b.pool!.unsafe(
    `SELECT s.booked_count, s.status,
            (SELECT count(*)::int FROM ticket_reservations r WHERE r.slot_id = s.id) AS reservations,
            (SELECT count(*)::int FROM mail_outbox m JOIN ticket_reservations r
               ON r.id = m.reservation_id WHERE r.slot_id = s.id) AS mails
       FROM reservation_slots s WHERE s.id = $1`,
    [slotId],
  );
  const exact = created === DROP_CAPACITY &&
    full === DROP_REQUESTS - DROP_CAPACITY &&
    dbRow.booked_count === DROP_CAPACITY &&
    dbRow.reservations === DROP_CAPACITY &&
    dbRow.mails === DROP_CAPACITY;
  log(
    `  drained in ${drained.toFixed(2)} s; ${
      [...outcome].map(([k, v]) => `${k} ×${v}`).join(", ")
    }`,
  );
  log(
    `  database: booked_count ${dbRow.booked_count}, status ${dbRow.status}, ` +
      `${dbRow.reservations} reservations, ${dbRow.mails} queued mails`,
  );
  log(
    `  latency: P50 ${ms(summary.p50)}  P95 ${ms(summary.p95)}  P99 ${
      ms(summary.p99)
    }  max ${ms(summary.max)}`,
  );
  log(
    `  CPU (cores) client ${cpu.client.toFixed(2)} · server ${
      cpu.server.toFixed(2)
    } · postgres ${cpu.postgres.toFixed(2)} · whole machine ${
      cpu.machine.toFixed(2)
    }`,
  );
  logWaits("  ", waits);
  log(
    `  exactly ${DROP_CAPACITY} created and ${
      DROP_REQUESTS - DROP_CAPACITY
    } SLOT_FULL: ${exact ? "PASS" : "FAIL"}`,
  );
  if (!exact) {
    b.failures.push(
      `${label}: not exactly ${DROP_CAPACITY} created / ${
        DROP_REQUESTS - DROP_CAPACITY
      } SLOT_FULL`,
    );
  }
  return {
    summary,
    latencies,
    drained,
    created,
    full,
    exact,
    cpu,
    waits,
    profile,
  };
}

/** Scenario (e), or (e') profiled and not measured. */
export async function benchDrop(
  b: Bench,
  port: number,
  seed: Seeded,
  profiled = false,
) {
  log(
    profiled
      ? "\n## (e') The drop again, profiled (not measured)"
      : `\n## (e) The drop: ${
        DROP_REQUESTS.toLocaleString("en-US")
      } simultaneous ` +
        `reservations at a fresh ${DROP_CAPACITY}-place slot`,
  );
  await vacuum(b);
  if (!profiled) await quietGate(b, "(e)", QUIET_WAIT);
  const key = profiled ? "dropProfiled" : "drop";
  const d = await fireDrop(
    b,
    port,
    seed.extraSlots[key],
    seed.pools[key],
    profiled ? "drop (profiled)" : "drop",
    profiled,
  );
  if (d.profile) {
    reportProfile(b, "drop", d.profile);
    return;
  }
  const pass = d.exact && d.drained <= 2;
  log(
    `  drained ≤ 2 s: ${d.drained <= 2 ? "PASS" : "FAIL"}; DROP: ${
      pass ? "PASS" : "FAIL"
    }`,
  );
  b.rows.push({
    scenario: `(e) drop: ${DROP_REQUESTS} at ${DROP_CAPACITY} places`,
    app: d.summary,
    raw: null,
    target: "drained ≤ 2 s, exactly 200 created",
    met: pass,
    detail: `drained ${
      d.drained.toFixed(2)
    } s, ${d.created} created, ${d.full} SLOT_FULL${
      d.exact ? "" : " (MISMATCH)"
    }`,
    cpu: d.cpu,
  });
  b.cpuRows.push({ name: "(e) app drop", cpu: d.cpu, waits: d.waits });
}
