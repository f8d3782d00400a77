/**
 * A small time-limited cache with single flight: while a value is loading,
 * other callers of the same key wait for that load instead of starting their
 * own. Used for answers that may be a moment old (availability, alternatives):
 * capacity itself is always checked again under lock.
 */
export class TtlCache<V> {
  #entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(private ttlMs: number, private maxEntries = 500) {}

  /** The cached value of `key`, or the result of `load` (cached for the TTL). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return load();
    const now = performance.now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (this.#entries.size >= this.maxEntries) this.#evict(now);
    const value = load();
    this.#entries.set(key, { at: now, value });
    // A failed load is not kept.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }

  /** Forgets every key that starts with `prefix` (all when empty). */
  clear(prefix = ""): void {
    if (!prefix) return this.#entries.clear();
    for (const key of this.#entries.keys()) {
      if (key.startsWith(prefix)) this.#entries.delete(key);
    }
  }

  #evict(now: number): void {
    for (const [key, e] of this.#entries) {
      if (now - e.at >= this.ttlMs) this.#entries.delete(key);
    }
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
  }
}
