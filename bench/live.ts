/**
 * Scenario (g) of bench/run.ts: what the dashboard streams saw, the paced
 * check-ins whose events they must receive, and checks that both ends
 * let go of the streams afterwards.
 */
import type { OnEvent } from "./dashboard_streams.ts";
import { encodeRequest, HttpConn, jsonOf } from "./http_client.ts";
import { summarize, type Summary } from "./stats.ts";
import { METRICS_HEADERS } from "./procs.ts";

export function sleep(msec: number): Promise<void> {
  return new Promise((r) => setTimeout(r, msec));
}

/** The door's event kinds: each must carry the occupancy (API.md "Manager"). */
const DOOR_KINDS = new Set(["verification", "check_in", "check_out", "undo"]);

/**
 * What each of `count` streams saw: when the verified_count of `liveSlot`
 * first reached k (1..`verifications`) in door events that carried the
 * occupancy, and the highest booked_count of `dropSlot` in reservation events.
 */
export class StreamWatch {
  /** verified[i][k]: arrival of verified_count ≥ k on stream i (NaN: not yet). */
  readonly verified: Float64Array[];
  /** dropBooked[i]: highest booked_count of the drop slot on stream i. */
  readonly dropBooked: Int32Array;
  /** Events of the drop slot that all streams together received. */
  dropEvents = 0;
  /** Door events of the live slot without an occupancy (must stay 0). */
  withoutOccupancy = 0;
  /** The highest inside_count any door event carried. */
  insideMax = 0;

  constructor(
    readonly count: number,
    readonly verifications: number,
    private liveSlot: number,
    private dropSlot: number,
  ) {
    this.verified = Array.from(
      { length: count },
      () => new Float64Array(verifications + 1).fill(NaN),
    );
    this.dropBooked = new Int32Array(count);
  }

  /** The event callback of stream `i`. */
  onEventOf(i: number): OnEvent {
    const seen = this.verified[i];
    return (event, data, at) => {
      const id = Number(/"slot":\{"id":(\d+)/.exec(data)?.[1]);
      if (DOOR_KINDS.has(event) && id === this.liveSlot) {
        const inside = /"inside_count":(\d+)/.exec(data)?.[1];
        if (inside === undefined) {
          this.withoutOccupancy++;
          return; // not counted as delivered: the occupancy is the point
        }
        this.insideMax = Math.max(this.insideMax, Number(inside));
        const v = Number(/"verified_count":(\d+)/.exec(data)?.[1] ?? 0);
        // Verifications close together share one event: it covers them all.
        for (let k = Math.min(v, this.verifications); k > 0; k--) {
          if (!Number.isNaN(seen[k])) break;
          seen[k] = at;
        }
      } else if (event === "reservation" && id === this.dropSlot) {
        const b = Number(/"booked_count":(\d+)/.exec(data)?.[1] ?? 0);
        this.dropBooked[i] = Math.max(this.dropBooked[i], b);
        this.dropEvents++;
      }
    };
  }

  /** Waits up to `ms` until every stream saw the last verification. */
  async allVerified(ms: number): Promise<void> {
    const until = performance.now() + ms;
    const last = this.verifications;
    while (
      performance.now() < until &&
      this.verified.some((s) => Number.isNaN(s[last]))
    ) await sleep(50);
  }

  /** Waits up to `ms` until every stream saw the drop slot at `booked`; how many did. */
  async sawDropAt(booked: number, ms: number): Promise<number> {
    const until = performance.now() + ms;
    const done = () => this.dropBooked.filter((b) => b >= booked).length;
    while (performance.now() < until && done() < this.count) await sleep(50);
    return done();
  }

  /**
   * Delay from verification k's answer (`answeredAt[k - 1]`) to its event,
   * on every stream; `missing` counts the (stream, verification) pairs never seen.
   */
  deliveries(answeredAt: number[]): { delays: Float64Array; missing: number } {
    const delays: number[] = [];
    let missing = 0;
    for (let k = 1; k <= this.verifications; k++) {
      for (const s of this.verified) {
        if (Number.isNaN(s[k])) missing++;
        else delays.push(Math.max(0, s[k] - answeredAt[k - 1]));
      }
    }
    return { delays: Float64Array.from(delays), missing };
  }
}

/**
 * POST /api/operator/check-in (direction IN, a gate and a fresh nonce) for
 * each of `codes`, one at a time on one keep-alive connection (as a door
 * device), paced at `rate` a second. Every answer must admit (200, VALID,
 * `checked_in`). Returns when each was answered.
 */
export async function checkInSeries(opts: {
  hostname: string;
  port: number;
  token: string;
  codes: string[];
  rate: number;
}): Promise<{ answeredAt: number[]; latency: Summary }> {
  const host = `${opts.hostname}:${opts.port}`;
  const auth = { authorization: `Bearer ${opts.token}` };
  const conn = await HttpConn.open(opts.hostname, opts.port);
  const answeredAt: number[] = [];
  const latencies = new Float64Array(opts.codes.length);
  const start = performance.now();
  try {
    for (const [k, code] of opts.codes.entries()) {
      const req = encodeRequest(host, "POST", "/api/operator/check-in", {
        code,
        nonce: `bench-${crypto.randomUUID()}`,
        gate: k % 2 ? "North" : "South",
        direction: "IN",
      }, auth);
      const t0 = performance.now();
      const res = await conn.request(req);
      const t1 = performance.now();
      const body = jsonOf<{ reason?: string; checked_in?: boolean }>(res);
      if (res.status !== 200 || body.reason !== "VALID" || !body.checked_in) {
        throw new Error(
          `check-in ${k + 1}: ${res.status} ${JSON.stringify(body)}`,
        );
      }
      latencies[k] = t1 - t0;
      answeredAt.push(t1);
      const wait = start + (k + 1) * 1000 / opts.rate - performance.now();
      if (wait > 0) await sleep(wait);
    }
  } finally {
    conn.close();
  }
  return {
    answeredAt,
    latency: summarize(latencies, (performance.now() - start) / 1000),
  };
}

/**
 * This process's open file descriptors (through `ls`: Deno wants full access
 * to read /proc itself).
 */
export async function openFds(): Promise<number> {
  const out = await new Deno.Command("sh", {
    args: ["-c", `ls /proc/${Deno.pid}/fd | wc -l`],
  }).output();
  return Number(new TextDecoder().decode(out.stdout).trim());
}

/** The app's own count of open dashboard streams (te_sse_clients in its /metrics). */
export async function appStreams(baseUrl: string): Promise<number> {
  const text =
    await (await fetch(`${baseUrl}/metrics`, { headers: METRICS_HEADERS }))
      .text();
  const m = /^te_sse_clients (\d+)/m.exec(text);
  return m ? Number(m[1]) : NaN;
}

/** Waits up to `ms` for the app to count no open streams; how many it still counts. */
export async function appStreamsGone(
  baseUrl: string,
  ms: number,
): Promise<number> {
  const until = performance.now() + ms;
  let left = await appStreams(baseUrl);
  while (left > 0 && performance.now() < until) {
    await sleep(100);
    left = await appStreams(baseUrl);
  }
  return left;
}
