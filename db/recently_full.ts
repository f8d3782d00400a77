/** How long a slot found full is answered from a read first. */
const FULL_HINT_MS = 2_000;

/**
 * Slots this process recently found full: a hint of which path to try
 * first, never an answer (the read decides). Bounded: cleared when large.
 */
export class RecentlyFull {
  #until = new Map<number, number>();

  /** Whether `slotId` was found full in the last moments. */
  has(slotId: number): boolean {
    const until = this.#until.get(slotId);
    if (until === undefined) return false;
    if (performance.now() < until) return true;
    this.#until.delete(slotId);
    return false;
  }

  /** Remembers that `slotId` was found full. */
  add(slotId: number): void {
    if (this.#until.size >= 10_000) this.#until.clear();
    this.#until.set(slotId, performance.now() + FULL_HINT_MS);
  }

  /** Forgets `slotId` (a read found room there). */
  delete(slotId: number): void {
    this.#until.delete(slotId);
  }
}
