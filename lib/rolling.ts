/**
 * Counts and latency histograms of this process over a sliding window (the
 * dashboard's "last 15 minutes"), kept in one-minute buckets: memory stays
 * bounded and an add costs a map lookup and a few increments.
 */

/** Length of a bucket. */
const BUCKET_MS = 60_000;

/** Options of both rolling kinds. */
export interface RollingOptions {
  /** The window; default 15 minutes (rounded to whole minutes). */
  windowMs?: number;
}

/** Buckets by minute number; those older than the window are dropped on write. */
class Buckets<T> {
  #map = new Map<number, T>();
  #size: number;
  constructor(
    private now: () => number,
    private make: () => T,
    opts: RollingOptions,
  ) {
    this.#size = Math.max(
      1,
      Math.round((opts.windowMs ?? 15 * 60_000) / BUCKET_MS),
    );
  }

  /** The bucket of the current minute. */
  current(): T {
    const minute = Math.floor(this.now() / BUCKET_MS);
    let b = this.#map.get(minute);
    if (!b) {
      for (const k of this.#map.keys()) {
        if (k <= minute - this.#size) this.#map.delete(k);
      }
      b = this.make();
      this.#map.set(minute, b);
    }
    return b;
  }

  /** The buckets inside the window ending now. */
  live(): T[] {
    const minute = Math.floor(this.now() / BUCKET_MS);
    const out: T[] = [];
    for (const [k, b] of this.#map) {
      if (k > minute - this.#size && k <= minute) out.push(b);
    }
    return out;
  }
}

/** Counts per label over the window. */
export class RollingCounts {
  #buckets: Buckets<Map<string, number>>;
  constructor(now: () => number, opts: RollingOptions = {}) {
    this.#buckets = new Buckets(now, () => new Map(), opts);
  }

  /** Adds `n` to `label` now. */
  add(label: string, n = 1): void {
    const b = this.#buckets.current();
    b.set(label, (b.get(label) ?? 0) + n);
  }

  /** Each label's count inside the window. */
  totals(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const b of this.#buckets.live()) {
      for (const [k, v] of b) out[k] = (out[k] ?? 0) + v;
    }
    return out;
  }
}

interface HistogramBucket {
  counts: number[];
  sum: number;
  count: number;
}

/** What a rolling histogram holds over its window. */
export interface HistogramSummary {
  count: number;
  /** Seconds; null without observations. */
  mean: number | null;
  /** Seconds, interpolated inside its bucket as Prometheus does; null without observations. */
  p95: number | null;
}

/** A latency histogram (seconds, Prometheus-style bounds) over the window. */
export class RollingHistogram {
  #buckets: Buckets<HistogramBucket>;
  constructor(
    now: () => number,
    private bounds: number[],
    opts: RollingOptions = {},
  ) {
    this.#buckets = new Buckets(now, () => ({
      counts: new Array(bounds.length + 1).fill(0),
      sum: 0,
      count: 0,
    }), opts);
  }

  /** Records one observation of `seconds`. */
  observe(seconds: number): void {
    const b = this.#buckets.current();
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]) i++;
    b.counts[i]++;
    b.sum += seconds;
    b.count++;
  }

  /** Count, mean and 95th percentile inside the window. */
  summary(): HistogramSummary {
    const counts = new Array(this.bounds.length + 1).fill(0);
    let sum = 0, count = 0;
    for (const b of this.#buckets.live()) {
      b.counts.forEach((n, i) => counts[i] += n);
      sum += b.sum;
      count += b.count;
    }
    if (count === 0) return { count, mean: null, p95: null };
    return {
      count,
      mean: sum / count,
      p95: quantile(0.95, this.bounds, counts),
    };
  }
}

/**
 * The `q` quantile of bucket `counts` (the last one above every bound), by
 * linear interpolation inside the bucket that holds it; observations above
 * the last bound report that bound, as `histogram_quantile` does.
 */
export function quantile(
  q: number,
  bounds: number[],
  counts: number[],
): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < bounds.length; i++) {
    if (seen + counts[i] >= rank && counts[i] > 0) {
      const lower = i === 0 ? 0 : bounds[i - 1];
      return lower + (bounds[i] - lower) * ((rank - seen) / counts[i]);
    }
    seen += counts[i];
  }
  return bounds[bounds.length - 1];
}
