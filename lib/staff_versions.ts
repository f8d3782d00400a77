/**
 * Revocation of staff tokens across instances. Every token carries its
 * account's `token_version` (`tv`); changing a role, a secret or `disabled`
 * bumps the version in the database and NOTIFYs {@link STAFF_CHANNEL} with
 * the new state in the same transaction. Each instance keeps the current
 * version and `disabled` of the accounts it has seen, so checking a token
 * costs a map lookup: the database is read on an account's first request,
 * after a notification was lost (the channel listens again) and once per
 * TTL as a fallback. While this instance does not listen, nothing is kept.
 */
import type { Db, Sql } from "../db/client.ts";
import { ChangeChannel, notifyChannel } from "../db/change_channel.ts";
import { staffVersion } from "../db/staff_admin.ts";

/** The NOTIFY channel of staff changes. */
export const STAFF_CHANNEL = "staff_changed";

/** An account's current token version and whether it is disabled. */
export interface StaffState {
  id: number;
  tv: number;
  disabled: boolean;
}

/** Options for {@link StaffVersions}. */
export interface StaffVersionsOptions {
  /** How long a listened copy is trusted without a notification; default 30 s. */
  ttlMs?: number;
}

/** This instance's copy of every seen account's token version. */
export class StaffVersions {
  #db: Db;
  #ttlMs: number;
  #known = new Map<number, { state: StaffState; at: number }>();
  #watchers = new Map<number, Set<(s: StaffState) => void>>();
  #channel: ChangeChannel;

  constructor(db: Db, opts: StaffVersionsOptions = {}) {
    this.#db = db;
    this.#ttlMs = opts.ttlMs ?? 30_000;
    this.#channel = new ChangeChannel(db, STAFF_CHANNEL, {
      onMessage: (payload) => {
        const s = parseState(payload);
        if (s) this.#apply(s);
      },
      onReset: () => this.#known.clear(),
    });
  }

  /**
   * Whether a token of version `tv` for account `id` is still good: a
   * boolean at once when the account is known here, else a promise.
   */
  accepts(id: number, tv: number): boolean | Promise<boolean> {
    const hit = this.#known.get(id);
    if (hit && performance.now() - hit.at < this.#ttlMs) {
      return !hit.state.disabled && tv >= hit.state.tv;
    }
    return this.#load(id).then((s) => s !== null && !s.disabled && tv >= s.tv);
  }

  /**
   * Calls `onRevoked` once account `id`'s tokens of version `tv` stop
   * (open streams close with it); returns the function that stops watching.
   */
  watch(id: number, tv: number, onRevoked: () => void): () => void {
    let set = this.#watchers.get(id);
    if (!set) {
      set = new Set();
      this.#watchers.set(id, set);
    }
    const watcher = (s: StaffState) => {
      if (s.disabled || s.tv > tv) {
        stop();
        onRevoked();
      }
    };
    const stop = () => {
      set.delete(watcher);
      if (set.size === 0 && this.#watchers.get(id) === set) {
        this.#watchers.delete(id);
      }
    };
    set.add(watcher);
    return stop;
  }

  /** Resolves once this instance listens for changes (tests wait for it). */
  ready(): Promise<void> {
    return this.#channel.ready();
  }

  /** Tells every instance (this one at once) from the changing transaction. */
  async changed(tx: Sql, s: StaffState): Promise<void> {
    await this.#channel.notify(tx, JSON.stringify(s));
  }

  /** Applies a change committed by this instance without waiting for its echo. */
  committed(s: StaffState): void {
    this.#apply(s);
  }

  #apply(s: StaffState): void {
    const hit = this.#known.get(s.id);
    // Notifications of two changes may arrive in either order.
    if (!hit || hit.state.tv <= s.tv) {
      this.#known.set(s.id, { state: s, at: performance.now() });
    }
    for (const w of [...(this.#watchers.get(s.id) ?? [])]) w(s);
  }

  async #load(id: number): Promise<StaffState | null> {
    // Read whether we listen before the query: a copy read while not yet
    // listening could miss a change, so it is not kept.
    const live = this.#channel.live;
    const s = await staffVersion(this.#db, id);
    const cur = this.#known.get(id);
    if (s && live && (!cur || cur.state.tv <= s.tv)) {
      this.#known.set(id, { state: s, at: performance.now() });
    }
    if (this.#known.size > 100_000) this.#known.clear();
    return s;
  }
}

/**
 * Tells every listening instance of account state `s` from transaction `tx`,
 * for a change made without a {@link StaffVersions} (e.g. at start).
 */
export async function announceStaffChange(
  tx: Sql,
  s: StaffState,
): Promise<void> {
  await notifyChannel(tx, STAFF_CHANNEL, JSON.stringify(s));
}

function parseState(payload: string): StaffState | null {
  try {
    const v = JSON.parse(payload);
    if (
      Number.isInteger(v?.id) && Number.isInteger(v?.tv) &&
      typeof v?.disabled === "boolean"
    ) return { id: v.id, tv: v.tv, disabled: v.disabled };
  } catch {
    // Not ours.
  }
  return null;
}
