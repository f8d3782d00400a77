/** Latency percentiles and number formatting for the report. */

/** Throughput and latency of one measured run. */
export interface Summary {
  count: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile `p` (0..100) of ascending `sorted`. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The summary of `latencies` (ms) over `seconds` of wall time. */
export function summarize(latencies: Float64Array, seconds: number): Summary {
  const sorted = Float64Array.from(latencies).sort();
  return {
    count: sorted.length,
    seconds,
    rps: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/** `12.3 ms` (or `0.42 ms` under 1 ms). */
export function ms(v: number): string {
  if (!Number.isFinite(v)) return "—";
  return `${v < 1 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ms`;
}

/** `12,345` requests per second. */
export function rps(v: number): string {
  if (!Number.isFinite(v)) return "—";
  return Math.round(v).toLocaleString("en-US");
}

/** `87 %`. */
export function pct(v: number): string {
  if (!Number.isFinite(v)) return "—";
  return `${Math.round(v * 100)} %`;
}

/** One line: `1,234 req/s  P50 1.2 ms  P95 …`. */
export function line(s: Summary): string {
  return `${rps(s.rps)} req/s (${s.count} in ${s.seconds.toFixed(2)} s)  ` +
    `P50 ${ms(s.p50)}  P95 ${ms(s.p95)}  P99 ${ms(s.p99)}  max ${ms(s.max)}`;
}

/** The statuses as `200×1234, 409×5`. */
export function statusList(statuses: Map<number, number>): string {
  return [...statuses.entries()].sort((a, b) => a[0] - b[0])
    .map(([k, v]) => `${k}×${v}`).join(", ");
}
