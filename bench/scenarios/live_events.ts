/**
 * (g) Live events: a thousand dashboard streams receive every door event
 * (first admissions, with who is inside now), and drops with the streams open
 * drain about as fast as without.
 */
import {
  APP_JWT_SECRET,
  DROP_CAPACITY,
  DROP_PAIRS,
  HOST,
  LIVE,
  QUIET_WAIT,
} from "../config.ts";
import { openStreams } from "../dashboard_streams.ts";
import {
  streamHeaders,
  STREAMS_PER_TOKEN,
  tokenCopies,
} from "../stream_tokens.ts";
import {
  appStreams,
  appStreamsGone,
  checkInSeries,
  openFds,
  StreamWatch,
} from "../live.ts";
import { pooled } from "../load.ts";
import { quietGate } from "../quiet.ts";
import type { Seeded } from "../seed.ts";
import { type Bench, closeStreams, elapsed, log } from "../state.ts";
import { ms, pct, rps, summarize, type Summary } from "../stats.ts";
import { settleOutbox, vacuum } from "../upkeep.ts";
import type { Door } from "./door.ts";
import { type DropRun, fireDrop } from "./drop.ts";

/** `+3 %` / `-2 %`. */
function signedPct(v: number): string {
  return `${v >= 0 ? "+" : ""}${pct(v)}`;
}

/** Scenario (g): dashboard streams open during check-ins and drops. */
export async function benchLive(
  b: Bench,
  port: number,
  seed: Seeded,
  door: Door,
) {
  const N = LIVE.streams;
  const base = `http://${HOST}:${port}`;
  log(
    `\n## (g) Live events: ${N} dashboard streams (GET /api/dashboard/stream?orq=1)`,
  );
  // One drop drains in about a second and single drops swing by a quarter
  // on this shared machine, and later drops run faster (the app warms up),
  // so drops without (Q) and with (L) the streams run DROP_PAIRS times in the
  // order Q L, L Q, Q L, L Q, ... (so a steady drift favours neither) and
  // their summed drain times are compared.
  const quiet: DropRun[] = [];
  const live: DropRun[] = [];
  let sawFull = 0;
  let scans: Summary | null = null;
  let delivery: Summary | null = null;
  let missing = 0;
  let noOccupancy = 0;
  const quietDrop = async (k: number) => {
    log(`  drop ${k + 1} of ${DROP_PAIRS} without streams:`);
    await vacuum(b);
    await quietGate(b, "(g)", QUIET_WAIT);
    quiet.push(
      await fireDrop(
        b,
        port,
        seed.extraSlots[`dropQuiet${k}`],
        seed.pools[`dropQuiet${k}`],
        "(g) drop without streams",
      ),
    );
    await settleOutbox(b, "(g) without streams", 3);
  };
  /** Drop k with the streams open; "warm" is the uncompared warm-up. */
  const liveDrop = async (k: number | "warm") => {
    const fds0 = await openFds();
    const t0 = performance.now();
    const key = k === "warm" ? "dropWarm" : `dropLive${k}`;
    const dropSlot = seed.extraSlots[key];
    // The check-in series runs with the warm-up opening of the streams.
    const watch = new StreamWatch(
      N,
      k === "warm" ? LIVE.verifications : 0,
      door.scan.liveSlot,
      dropSlot,
    );
    const tokens = await tokenCopies(
      door.managerToken,
      APP_JWT_SECRET,
      Math.ceil(N / STREAMS_PER_TOKEN),
    );
    b.streams = await openStreams(
      N,
      () => `${base}/api/dashboard/stream?orq=1`,
      streamHeaders(tokens),
      (i) => watch.onEventOf(i),
    );
    const counted = await appStreams(base);
    log(
      `  ${N} streams open with their snapshots in ${elapsed(t0)} (the ` +
        `manager's, ${STREAMS_PER_TOKEN} per sign-in); the app counts ` +
        `${counted}; our file descriptors ${fds0} → ${await openFds()}`,
    );
    try {
      if (k === "warm") {
        await quietGate(b, "(g)", QUIET_WAIT);
        log(
          `  ${LIVE.verifications} check-ins at ${LIVE.rate}/s, one at a time (operator's token):`,
        );
        const series = await checkInSeries({
          hostname: HOST,
          port,
          token: door.operatorToken,
          codes: door.scan.liveCodes,
          rate: LIVE.rate,
        });
        scans = series.latency;
        await watch.allVerified(3000);
        const d = watch.deliveries(series.answeredAt);
        delivery = summarize(d.delays, scans.seconds);
        missing = d.missing;
        log(
          `    check-in answered: P50 ${ms(scans.p50)}  P95 ${
            ms(scans.p95)
          }  P99 ${ms(scans.p99)}  max ${ms(scans.max)}`,
        );
        log(
          `    answer → door event with occupancy, ${delivery.count} deliveries: P50 ${
            ms(delivery.p50)
          }  P95 ${ms(delivery.p95)}  P99 ${ms(delivery.p99)}  max ${
            ms(delivery.max)
          }; never seen ${missing}; without occupancy ${watch.withoutOccupancy}; ` +
            `highest inside_count seen ${watch.insideMax}`,
        );
        if (missing) {
          b.failures.push(`(g): ${missing} door events lost`);
        }
        if (watch.withoutOccupancy) {
          b.failures.push(
            `(g): ${watch.withoutOccupancy} door events without occupancy`,
          );
        }
        noOccupancy = watch.withoutOccupancy;
      }

      log(
        k === "warm"
          ? `  a warm-up drop with the ${N} streams open (not compared):`
          : `  drop ${k + 1} of ${DROP_PAIRS} with the ${N} streams open:`,
      );
      await vacuum(b);
      await quietGate(b, "(g)", QUIET_WAIT);
      const run = await fireDrop(
        b,
        port,
        dropSlot,
        seed.pools[key],
        k === "warm" ? "(g) warm-up drop" : "(g) drop with streams",
      );
      const saw = await watch.sawDropAt(DROP_CAPACITY, 3000);
      if (k !== "warm") {
        live.push(run);
        if (saw === N) sawFull++;
      }
      log(
        `  streams that saw the slot fill: ${saw}/${N}; ${
          (watch.dropEvents / N).toFixed(1)
        } events of the drop slot per stream`,
      );
    } finally {
      closeStreams(b);
    }
    // Both ends let go of the streams: our sockets and the app's subscribers.
    const left = await appStreamsGone(base, 5000);
    log(
      `  streams closed: the app counts ${left}; our file descriptors ${await openFds()}`,
    );
    if (left > 0) b.failures.push(`(g): the app still counts ${left} streams`);
    await settleOutbox(b, "(g) with streams", 3);
  };
  // The first drops of a fresh server are slow (connections opened, code not
  // yet optimised), which is not what is compared here; the warm-up runs with
  // the streams open, so that their code (the live events of a booking, the
  // fan-out) is warm as well when the first drop with streams comes.
  await liveDrop("warm");
  for (let k = 0; k < DROP_PAIRS; k++) {
    if (k % 2 === 0) {
      await quietDrop(k);
      await liveDrop(k);
    } else {
      await liveDrop(k);
      await quietDrop(k);
    }
  }

  const drained = (runs: DropRun[]) => runs.reduce((t, r) => t + r.drained, 0);
  const slowdown = drained(live) / drained(quiet) - 1;
  const times = (runs: DropRun[]) =>
    runs.map((r) => r.drained.toFixed(2)).join(" + ");
  log(
    `  drained in ${times(quiet)} s without streams, ${
      times(live)
    } s with ${N}: ${signedPct(slowdown)}`,
  );
  const exact = [...quiet, ...live].every((r) => r.exact);
  b.rows.push({
    scenario: `(g) door event + occupancy → ${N} streams`,
    app: delivery!,
    raw: null,
    rateCell: `${rps(LIVE.verifications / scans!.seconds)} check-ins/s`,
    target: "delivery P95 ≤ 250 ms",
    met: delivery!.p95 <= 250 && missing === 0 && noOccupancy === 0,
    detail: `${delivery!.count} deliveries of check-ins' events, each with ` +
      `the occupancy${missing ? `, ${missing} NEVER SEEN` : ""}${
        noOccupancy ? `, ${noOccupancy} WITHOUT OCCUPANCY` : ""
      }; check-in P50 ${ms(scans!.p50)}, P99 ${ms(scans!.p99)}`,
  });
  const last = live[live.length - 1];
  b.rows.push({
    scenario: `(g) drop with ${N} streams`,
    app: pooled(live.map((r) => ({
      latencies: r.latencies,
      seconds: r.drained,
    }))),
    raw: null,
    target: "drain ≤ 10 % slower than without",
    met: slowdown <= 0.1 && exact && sawFull === DROP_PAIRS,
    detail: `${DROP_PAIRS} drops each: drained ${drained(live).toFixed(2)} s ` +
      `vs ${drained(quiet).toFixed(2)} s without: ${signedPct(slowdown)}; ` +
      `${exact ? `exactly ${DROP_CAPACITY} created each` : "NOT EXACT"}; ` +
      `every stream saw the slot fill in ${sawFull} of ${DROP_PAIRS} drops`,
    cpu: last.cpu,
  });
  b.cpuRows.push({
    name: "(g) drop, no streams (last)",
    cpu: quiet[quiet.length - 1].cpu,
    waits: quiet[quiet.length - 1].waits,
  });
  b.cpuRows.push({
    name: `(g) drop, ${N} streams (last)`,
    cpu: last.cpu,
    waits: last.waits,
  });
}
