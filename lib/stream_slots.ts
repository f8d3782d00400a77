/**
 * Caps the dashboard streams one sign-in keeps open on this instance, so a
 * single token cannot pin thousands of connections and their memory.
 */
export class StreamSlots {
  #open = new Map<string, number>();

  constructor(readonly max: number) {}

  /** A slot for `key` and the function that gives it back (once), or null when all are taken. */
  take(key: string): (() => void) | null {
    const n = this.#open.get(key) ?? 0;
    if (n >= this.max) return null;
    this.#open.set(key, n + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.#open.get(key) ?? 1) - 1;
      if (left > 0) this.#open.set(key, left);
      else this.#open.delete(key);
    };
  }

  /** Streams open for `key`. */
  count(key: string): number {
    return this.#open.get(key) ?? 0;
  }
}
