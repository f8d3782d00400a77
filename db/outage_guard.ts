/**
 * Tells a database outage from a failed statement and bounds every wait on
 * an unreachable database (API.md "Running": 503 within 3 s, recovery
 * within 2 s of the database's return).
 *
 * Statements run through `run()`, which costs a boolean check and a pending
 * entry. A connection error, or statements that have made no progress for
 * `stallMs`, make the guard probe the server on a fresh connection. A failed
 * probe means an outage: every pending statement is failed with 503
 * SERVICE_UNAVAILABLE at once (it may be queued behind a dead connection in
 * the driver, which would hold it much longer), new ones fail at once
 * without touching the pools, and probes run every `tickMs` until one
 * succeeds. A connection error alone does not declare an outage, since a
 * single connection can be closed while the server is fine.
 */
import {
  describeError,
  isConnectionError,
  serviceUnavailable,
} from "./connection_errors.ts";

/** Receives the outage log lines: an event name and its fields. */
export type OutageLog = (
  event: string,
  fields: Record<string, unknown>,
) => void;

/** Options for {@link OutageGuard}. */
export interface OutageGuardOptions {
  /** Runs one statement on a fresh connection; resolves when the server answered. */
  probe: () => Promise<void>;
  /** Longest a probe may take; default 1 s. */
  probeTimeoutMs?: number;
  /** Pending statements with no progress for this long are suspect; default 750 ms. */
  stallMs?: number;
  /** Watchdog and probe interval; default 250 ms. */
  tickMs?: number;
  /** Where `db.unavailable` and `db.recovered` go (the app: lib/log.ts logEvent). */
  log?: OutageLog;
  /** Named in the log lines (e.g. "app", "mail"). */
  name?: string;
}

interface Pending {
  reject: (err: unknown) => void;
  /** The watchdog tick at which it started. */
  tick: number;
}

/** The outage state of one database and the statements waiting on it. */
export class OutageGuard {
  #opts: OutageGuardOptions;
  #pending = new Set<Pending>();
  #down = false;
  #downSince = 0;
  #tick = 0;
  #progressTick = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #probing: Promise<void> | null = null;
  #watchers = new Set<(down: boolean) => void>();
  #closed = false;

  constructor(opts: OutageGuardOptions) {
    this.#opts = opts;
  }

  /** Whether the database is known to be unreachable now. */
  get down(): boolean {
    return this.#down;
  }

  /**
   * `op`'s result; 503 SERVICE_UNAVAILABLE at once during an outage, when
   * `op` fails for want of a connection, or when an outage is found while
   * it waits.
   */
  run<T>(op: () => Promise<T>): Promise<T> {
    if (this.#down) return Promise.reject(serviceUnavailable());
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { reject, tick: this.#tick };
      this.#pending.add(entry);
      this.#timer ??= setInterval(() => this.#onTick(), this.#tickMs);
      const failed = (err: unknown) => {
        if (!this.#pending.delete(entry)) return; // already failed by an outage
        if (isConnectionError(err)) {
          this.suspect(err);
          reject(serviceUnavailable(err));
        } else {
          this.#progressTick = this.#tick;
          reject(err);
        }
      };
      let result: Promise<T>;
      try {
        result = op();
      } catch (err) {
        return failed(err);
      }
      result.then((value) => {
        if (!this.#pending.delete(entry)) return;
        this.#progressTick = this.#tick;
        resolve(value);
      }, failed);
    });
  }

  /** Something failed for want of a connection: probe the server (once at a time). */
  suspect(reason?: unknown): void {
    if (this.#closed || this.#probing) return;
    this.#probing = this.#probe().then(
      () => {
        // A slow statement on a live server: suspect it again only after
        // another stall.
        this.#progressTick = this.#tick;
        this.reachable();
      },
      (err) => {
        if (!this.#down) this.#markDown(reason ?? err, err);
      },
    ).finally(() => this.#probing = null);
  }

  /** The database answered (e.g. a LISTEN succeeded): ends an outage. */
  reachable(): void {
    if (!this.#down || this.#closed) return;
    this.#down = false;
    this.#log("db.recovered", {
      outage_ms: Math.round(performance.now() - this.#downSince),
    });
    for (const w of this.#watchers) w(false);
  }

  /** Calls `fn(down)` whenever an outage starts or ends; returns its removal. */
  watch(fn: (down: boolean) => void): () => void {
    this.#watchers.add(fn);
    return () => this.#watchers.delete(fn);
  }

  /** Resolves when the database is reachable (at once if it is). */
  whenUp(): Promise<void> {
    if (!this.#down || this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.watch((down) => {
        if (!down) {
          stop();
          resolve();
        }
      });
    });
  }

  /** Stops the watchdog and the probes; waits for a probe in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const w of this.#watchers) w(false); // wakes whenUp() waiters
    this.#watchers.clear();
    await this.#probing;
  }

  get #tickMs(): number {
    return this.#opts.tickMs ?? 250;
  }

  #onTick(): void {
    this.#tick++;
    if (this.#down) return this.suspect();
    if (this.#pending.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    // The set keeps insertion order: its first entry waited longest.
    const oldest = this.#pending.values().next().value!;
    const stallTicks = Math.ceil((this.#opts.stallMs ?? 750) / this.#tickMs);
    if (
      this.#tick - oldest.tick >= stallTicks &&
      this.#tick - this.#progressTick >= stallTicks
    ) {
      this.suspect(new Error("statements made no progress"));
    }
  }

  async #probe(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error("the probe did not answer in time")),
        this.#opts.probeTimeoutMs ?? 1000,
      );
    });
    try {
      await Promise.race([this.#opts.probe(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  #markDown(reason: unknown, probeError: unknown): void {
    if (this.#closed) return;
    this.#down = true;
    this.#downSince = performance.now();
    this.#log("db.unavailable", {
      reason: describeError(reason),
      probe: describeError(probeError),
    });
    const failed = [...this.#pending];
    this.#pending.clear();
    for (const p of failed) p.reject(serviceUnavailable(reason));
    this.#timer ??= setInterval(() => this.#onTick(), this.#tickMs);
    for (const w of this.#watchers) w(true);
  }

  #log(event: string, fields: Record<string, unknown>): void {
    const all = this.#opts.name ? { db: this.#opts.name, ...fields } : fields;
    this.#opts.log?.(event, all);
  }
}
