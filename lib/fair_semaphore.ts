/**
 * At most `limit` tasks at once; waiting tasks are started round-robin over
 * their keys (client addresses), so that one key with many waiting tasks
 * delays another key's task by at most one turn, not by its whole queue.
 */
export class FairSemaphore {
  #running = 0;
  /** Waiting tasks per key; a Map keeps keys in the order they queued. */
  #waiting = new Map<string, (() => void)[]>();

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError("limit must be at least 1");
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Runs `task` once a place is free (never refuses: callers wait). */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) {
      await new Promise<void>((resolve) => {
        const queue = this.#waiting.get(key);
        if (queue) queue.push(resolve);
        else this.#waiting.set(key, [resolve]);
      });
    } else {
      this.#running++;
    }
    try {
      return await task();
    } finally {
      this.#next();
    }
  }

  /** Hands the freed place to the next key in turn, or frees it. */
  #next(): void {
    const first = this.#waiting.entries().next();
    if (first.done) {
      this.#running--;
      return;
    }
    const [key, queue] = first.value;
    const resolve = queue.shift()!;
    // The key goes to the back of the line (or leaves it when done).
    this.#waiting.delete(key);
    if (queue.length > 0) this.#waiting.set(key, queue);
    resolve();
  }
}
