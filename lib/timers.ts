/**
 * A monotonic clock and the timer functions, in one injectable object: the
 * modules that schedule work take one (default {@link systemTimers}) so that
 * their tests can drive time by hand instead of waiting on the wall clock.
 */
export interface Timers {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId | undefined): void;
  setInterval(fn: () => void, ms: number): TimerId;
  clearInterval(id: TimerId | undefined): void;
}

/** What a timer is known by: opaque, handed back to clear it. */
export type TimerId = unknown;

/** The runtime's own clock and timers. */
export const systemTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as number | undefined),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (id) => clearInterval(id as number | undefined),
};
