/**
 * (i) POST /api/operator/check-in at the door: first admissions, exits and
 * re-entries of tickets seeded for today (bench/checkin_seed.ts), against
 * the same statements issued straight at PostgreSQL (bench/raw_check_in.ts).
 */
import {
  BOUNDS,
  checkInPools,
  DOOR_DAY,
  HOST,
  PAIRED_RUNS,
  QUIET_WAIT,
  RAW_CHECK_IN_CONCURRENCY as RAW_C,
} from "../config.ts";
import { encodeRequest, jsonOf } from "../http_client.ts";
import { appLoad, type AppLoadOptions, pooled, rawAt } from "../load.ts";
import { quietGate } from "../quiet.ts";
import { runOps } from "../raw.ts";
import { rawCheckIn } from "../raw_check_in.ts";
import {
  type CheckIn,
  type CheckInSeed,
  doorMismatches,
  seedCheckIns,
} from "../checkin_seed.ts";
import type { Seeded } from "../seed.ts";
import { type Bench, elapsed, log, type RawBest, recordCpu } from "../state.ts";
import { line, pct, rps } from "../stats.ts";
import type { Door } from "./door.ts";

const GATE = "North";

/** A nonce of 20+ printable characters, unique to this run, pool and request. */
function nonceOf(run: string, pool: string, i: number): string {
  return `bench-${run}-${pool}-${String(i).padStart(7, "0")}`;
}

/** Seeds (i)'s door day: slots, hot slots and a ticket per check-in. */
export async function seedCheckInDay(
  b: Bench,
  seed: Seeded,
  door: Door,
): Promise<CheckInSeed> {
  const t = performance.now();
  const pools = checkInPools();
  const day = await seedCheckIns(b.pool!, {
    today: seed.today,
    verifierId: door.operatorId,
    ...DOOR_DAY,
    pools,
  });
  log(
    `  (i): ${DOOR_DAY.slots} slots today (${DOOR_DAY.hotSlots} hot, ${
      pct(DOOR_DAY.hotShare)
    } of the check-ins), ${pools.app.toLocaleString("en-US")} tickets for ` +
      `the app and ${pools.raw.toLocaleString("en-US")} for the raw ceiling (${
        pct(1 - DOOR_DAY.doorShare)
      } RESERVED for a first admission, the rest inside or out after an exit), seeded in ${
        elapsed(t)
      }`,
  );
  return day;
}

/** Tallies answers against what each seeded ticket must get. */
class Answers {
  reasons = new Map<string, number>();
  wrong = 0;
  firstWrong = "";

  note(c: CheckIn, reason: string, done: boolean) {
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    if (reason === c.expect && done) return;
    if (!this.wrong++) {
      this.firstWrong = `${c.direction} ${c.code}: ${reason} (${
        done ? "recorded" : "not recorded"
      }), expected ${c.expect}`;
    }
  }

  mix(): string {
    const n = [...this.reasons.values()].reduce((a, b) => a + b, 0);
    return [...this.reasons].sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${pct(v / n)}`).join(", ");
  }
}

/**
 * Scenario (i): check-ins at 64 in flight against the same transaction
 * issued by 64 raw callers; held to P99 ≤ 20 ms and to (f)'s app/raw
 * ratio of the same run (`fRatio`, null when (f) did not run).
 */
export async function benchCheckIn(
  b: Bench,
  port: number,
  door: Door,
  day: CheckInSeed,
  fRatio: number | null,
  timeZone: string,
) {
  log("\n## (i) POST /api/operator/check-in (operator's Bearer token)");
  await quietGate(b, "(i)", QUIET_WAIT);
  const run = crypto.randomUUID().slice(0, 8);
  const host = `${HOST}:${port}`;
  const auth = { authorization: `Bearer ${door.operatorToken}` };
  const appList = day.pools.app;
  const reqs = appList.map((c, i) =>
    encodeRequest(host, "POST", "/api/operator/check-in", {
      code: c.code,
      nonce: nonceOf(run, "app", i),
      gate: GATE,
      direction: c.direction,
    }, auth)
  );
  const request = (i: number) => {
    if (i >= reqs.length) throw new Error(`(i): ticket ${i} was not seeded`);
    return reqs[i];
  };
  const app = new Answers();
  const checkIns = (opts?: AppLoadOptions) =>
    appLoad(
      b,
      "check-in",
      port,
      BOUNDS.checkIn,
      request,
      200,
      (i, res) => {
        if (res.status !== 200) return;
        const body = jsonOf<
          { reason: string; checked_in?: boolean; checked_out?: boolean }
        >(res);
        const c = appList[i];
        app.note(
          c,
          body.reason,
          c.direction === "IN"
            ? body.checked_in === true
            : body.checked_out === true,
        );
      },
      opts,
    );

  const rawList = day.pools.raw;
  const raw = new Answers();
  let rawCursor = 0;
  const rawOp = async () => {
    const i = rawCursor++;
    const c = rawList[i];
    if (!c) throw new Error(`(i): raw ticket ${i} was not seeded`);
    const r = await rawCheckIn(b.pool!, {
      code: c.code,
      direction: c.direction,
      nonce: nonceOf(run, "raw", i),
      gate: GATE,
      staffId: door.operatorId,
      timeZone,
    });
    raw.note(c, r.reason, r.recorded);
  };
  const rawRun = () =>
    rawAt(b, "check-in transaction", RAW_C, BOUNDS.rawCheckIn, rawOp);

  // As in (f): the app and the raw statements alternate PAIRED_RUNS times
  // and their pooled runs are compared (single runs swing on a shared machine).
  const apps = [await checkIns()];
  await runOps({
    concurrency: 16,
    maxOps: BOUNDS.rawCheckIn.warm,
    maxSeconds: 2,
    op: rawOp,
  });
  const raws = [await rawRun()];
  for (let k = 1; k < PAIRED_RUNS; k++) {
    apps.push(
      await checkIns({ warm: false, profile: false, from: apps[k - 1].next }),
    );
    raws.push(await rawRun());
  }
  const summary = pooled(apps);
  const best: RawBest = {
    ...raws[0],
    summary: pooled(raws),
    all: [{ concurrency: RAW_C, rps: pooled(raws).rps }],
  };
  const ratio = summary.rps / best.summary.rps;
  const unexpected = apps.reduce((n, a) => n + a.unexpected, 0);
  log(
    `  pooled over ${PAIRED_RUNS} runs each: app ${
      line(summary)
    }; raw c=${RAW_C} ${rps(best.summary.rps)} req/s, P99 ${
      best.summary.p99.toFixed(1)
    } ms; ratio ${pct(ratio)} (runs: ${
      apps.map((a, k) => pct(a.summary.rps / raws[k].summary.rps)).join(", ")
    })`,
  );
  log(`  app answers: ${app.mix()}; ${app.wrong} not as seeded`);
  log(`  raw answers: ${raw.mix()}; ${raw.wrong} not as seeded`);
  if (app.wrong) {
    b.failures.push(
      `(i): ${app.wrong} wrong check-ins, e.g. ${app.firstWrong}`,
    );
  }
  if (raw.wrong) {
    b.failures.push(
      `(i): ${raw.wrong} wrong raw check-ins, e.g. ${raw.firstWrong}`,
    );
  }
  const mismatches = await doorMismatches(b.pool!, day.slotIds);
  log(
    `  door counters of the day's ${day.slotIds.length} slots against their rows and events: ${
      mismatches.length
        ? `${mismatches.length} differ (FAIL)`
        : "all agree (PASS)"
    }`,
  );
  for (const m of mismatches.slice(0, 5)) log(`    ${m}`);
  if (mismatches.length) {
    b.failures.push(`(i): ${mismatches.length} slots' door counters differ`);
  }

  const p99Met = summary.p99 <= 20;
  const ratioMet = fRatio !== null && ratio >= fRatio;
  const target = `P99 ≤ 20 ms, ratio ≥ (f)'s ratio measured in the same run${
    fRatio === null ? " ((f) not run)" : ` (${pct(fRatio)})`
  }`;
  const met = p99Met && ratioMet && unexpected === 0 && app.wrong === 0;
  log(
    `  target ${target}: ${met ? "met" : "NOT met"} (P99 ${
      summary.p99.toFixed(1)
    } ms ${p99Met ? "≤" : ">"} 20 ms; ratio ${pct(ratio)} ${
      fRatio === null ? "not compared" : ratioMet ? "≥" : "<"
    }${fRatio === null ? "" : ` ${pct(fRatio)}`})`,
  );
  b.rows.push({
    scenario: "(i) operator check-in",
    app: summary,
    raw: best,
    target,
    met,
    detail: `${app.mix()}; raw P99 ${best.summary.p99.toFixed(1)} ms${
      app.wrong ? `; ${app.wrong} WRONG answers` : ""
    }${
      unexpected
        ? `; ${unexpected} unexpected (${
          apps.map((a) => a.statuses).join("; ")
        })`
        : ""
    }`,
    cpu: apps[0].cpu,
  });
  recordCpu(b, "(i)", apps[0], best);
}
