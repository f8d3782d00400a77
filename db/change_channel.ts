/**
 * A NOTIFY channel that tells every instance that some rows changed, so that
 * their in-process copies can be dropped at once. Copies may be trusted only
 * while this instance listens: {@link ChangeChannel.live} says so, and a
 * cache that reads it false keeps its answers for a short fallback time only.
 * After the listening connection was lost and listens again, notifications
 * of the gap are lost, so `onReset` drops everything.
 */
import type { Db, Sql } from "./client.ts";

/** Options for {@link ChangeChannel}. */
export interface ChangeChannelOptions {
  /** Called with each notification's payload. */
  onMessage: (payload: string) => void;
  /** Called after listening again following a lost connection. */
  onReset: () => void;
  /** Wait before another attempt to listen after one failed; default 1 s. */
  retryMs?: number;
}

/** One NOTIFY channel, listened to on first use. */
export class ChangeChannel {
  #db: Db;
  #channel: string;
  #opts: ChangeChannelOptions;
  #live = false;
  #pending: Promise<void> | null = null;
  #failedAt = -Infinity;

  constructor(db: Db, channel: string, opts: ChangeChannelOptions) {
    this.#db = db;
    this.#channel = channel;
    this.#opts = opts;
  }

  /**
   * Whether this instance listens now (copies may be kept). The first call
   * starts listening in the background; a failed attempt is retried later.
   */
  get live(): boolean {
    if (!this.#live && !this.#pending) this.#start();
    return this.#live;
  }

  /** Resolves once listening (or the attempt failed). */
  async ready(): Promise<void> {
    if (this.#live) return;
    await this.#listen();
  }

  /** Tells every instance (this one too) about `payload`, from `sql`. */
  async notify(sql: Sql, payload: string): Promise<void> {
    await notifyChannel(sql, this.#channel, payload);
  }

  #start(): void {
    const retryMs = this.#opts.retryMs ?? 1000;
    if (performance.now() - this.#failedAt < retryMs) return;
    this.#listen();
  }

  #listen(): Promise<void> {
    this.#pending ??= this.#attempt().finally(() => this.#pending = null);
    return this.#pending;
  }

  async #attempt(): Promise<void> {
    try {
      await this.#db.listen(
        this.#channel,
        (payload) => this.#opts.onMessage(payload),
        () => this.#opts.onReset(),
      );
      // Copies read before now may have missed a notification.
      this.#opts.onReset();
      this.#live = true;
    } catch {
      this.#failedAt = performance.now();
    }
  }
}

/**
 * Notifies `channel` with `payload` from `sql`'s transaction (delivered at
 * its commit), for a writer that keeps no {@link ChangeChannel}.
 */
export async function notifyChannel(
  sql: Sql,
  channel: string,
  payload: string,
): Promise<void> {
  await sql.query("SELECT pg_notify($1, $2)", [channel, payload]);
}
