/**
 * LISTEN on a connection of its own that notices its loss and listens again
 * as soon as the database is back. postgres.js's own `listen` re-listens
 * only after its reconnect backoff and cannot say when it lost the
 * connection, so a dashboard would not know what it missed meanwhile.
 */
import type postgres from "postgres";
import type { OutageGuard } from "./outage_guard.ts";
import { serviceUnavailable } from "./connection_errors.ts";

/** Makes a one-connection pool that calls `onNotify` and `onClose`. */
export type ListenPoolFactory = (hooks: {
  onNotify: (channel: string, payload: string) => void;
  onClose: () => void;
}) => postgres.Sql;

interface Channel {
  onMessage: (payload: string) => void;
  onRelisten?: (gapMs: number) => void;
}

/** Options for {@link PgListener}. */
export interface PgListenerOptions {
  /** Between attempts to listen again; default 250 ms. */
  retryMs?: number;
  /** Longest one attempt may take; default 1.5 s. */
  attemptTimeoutMs?: number;
}

/** The LISTEN connection of one database client. */
export class PgListener {
  #open: ListenPoolFactory;
  #guard: OutageGuard;
  #opts: PgListenerOptions;
  #sql: postgres.Sql | null = null;
  #channels = new Map<string, Channel>();
  /** When the connection was lost; null while listening. */
  #lostAt: number | null = null;
  #relistening: Promise<void> | null = null;
  #closed = false;
  #unwatch: () => void;

  constructor(
    open: ListenPoolFactory,
    guard: OutageGuard,
    opts: PgListenerOptions = {},
  ) {
    this.#open = open;
    this.#guard = guard;
    this.#opts = opts;
    // A connection that the network dropped silently may never report its
    // loss: an outage counts as one.
    this.#unwatch = guard.watch((down) => {
      if (down) this.#lost();
    });
  }

  /**
   * Calls `onMessage` for each NOTIFY on `channel` and, after the connection
   * was lost and listens again, `onRelisten` with the gap's length. Resolves
   * once listening; 503 SERVICE_UNAVAILABLE when the database cannot be
   * reached now.
   */
  async listen(
    channel: string,
    onMessage: (payload: string) => void,
    onRelisten?: (gapMs: number) => void,
  ): Promise<void> {
    if (this.#guard.down) throw serviceUnavailable();
    this.#channels.set(channel, { onMessage, onRelisten });
    try {
      await this.#within(this.#connection().unsafe(listenStatement(channel)));
    } catch (err) {
      this.#channels.delete(channel);
      this.#replace(); // it may hang on a silent network
      throw serviceUnavailable(err);
    }
  }

  /** Ends the connection; no more messages or re-listens. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unwatch();
    const sql = this.#sql;
    this.#sql = null;
    await this.#relistening;
    await sql?.end({ timeout: 0 });
  }

  #connection(): postgres.Sql {
    if (this.#sql) return this.#sql;
    const sql = this.#open({
      onNotify: (channel, payload) => {
        if (this.#sql === sql) this.#channels.get(channel)?.onMessage(payload);
      },
      // Also called for each failed connection attempt; a replaced pool's
      // own end is not a loss.
      onClose: () => {
        if (this.#sql === sql) this.#lost();
      },
    });
    this.#sql = sql;
    return sql;
  }

  /** Drops the connection (it may hang on a silent network) for a fresh one. */
  #replace(): void {
    const old = this.#sql;
    this.#sql = null;
    old?.end({ timeout: 0 }).catch(() => {});
  }

  #lost(): void {
    if (this.#closed || this.#channels.size === 0) return;
    this.#lostAt ??= performance.now();
    this.#relistening ??= this.#relisten().finally(() =>
      this.#relistening = null
    );
  }

  async #relisten(): Promise<void> {
    const retryMs = this.#opts.retryMs ?? 250;
    while (!this.#closed) {
      await this.#guard.whenUp();
      if (this.#closed) return;
      this.#replace();
      const sql = this.#connection();
      try {
        await this.#within(
          Promise.all(
            [...this.#channels.keys()].map((c) =>
              sql.unsafe(listenStatement(c))
            ),
          ),
        );
        break;
      } catch (err) {
        // Lets the guard find an outage even when no statement runs.
        this.#guard.suspect(err);
        await new Promise((r) => setTimeout(r, retryMs));
      }
    }
    if (this.#closed) return;
    const gapMs = Math.round(performance.now() - (this.#lostAt ?? 0));
    this.#lostAt = null;
    this.#guard.reachable();
    for (const c of this.#channels.values()) c.onRelisten?.(gapMs);
  }

  /** `p`, or a rejection once the attempt took too long. */
  async #within<T>(p: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error("LISTEN did not answer in time")),
        this.#opts.attemptTimeoutMs ?? 1500,
      );
    });
    p.catch(() => {}); // settled late, after the timeout won
    try {
      return await Promise.race([p, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function listenStatement(channel: string): string {
  return `LISTEN "${channel.replaceAll('"', '""')}"`;
}
