/** Timers that run only when a test moves their clock forward. */
import type { TimerId, Timers } from "../../lib/timers.ts";

interface Scheduled {
  at: number;
  fn: () => void;
  /** Repeats every so many ms (setInterval); one-shot when absent. */
  every?: number;
}

/** A {@link Timers} whose time stands still until {@link advance}. */
export class ManualTimers implements Timers {
  #now = 0;
  #nextId = 1;
  #scheduled = new Map<number, Scheduled>();

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#scheduled.set(id, { at: this.#now + ms, fn });
    return id;
  }

  clearTimeout(id: TimerId | undefined): void {
    if (typeof id === "number") this.#scheduled.delete(id);
  }

  setInterval(fn: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#scheduled.set(id, { at: this.#now + ms, fn, every: Math.max(1, ms) });
    return id;
  }

  clearInterval(id: TimerId | undefined): void {
    this.clearTimeout(id);
  }

  /** Timers set and not yet run or cleared (intervals count until cleared). */
  get pending(): number {
    return this.#scheduled.size;
  }

  /** Moves the clock `ms` forward, running each timer due on the way in order. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      let due: [number, Scheduled] | undefined;
      for (const entry of this.#scheduled) {
        if (entry[1].at <= until && (!due || entry[1].at < due[1].at)) {
          due = entry;
        }
      }
      if (!due) break;
      const [id, t] = due;
      this.#now = t.at;
      if (t.every) t.at += t.every;
      else this.#scheduled.delete(id);
      t.fn();
    }
    this.#now = until;
  }
}
