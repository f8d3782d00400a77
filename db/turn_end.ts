import { setImmediate } from "node:timers";

/**
 * A function that runs `run` once at the end of the event loop's current
 * turn (setImmediate), however often it is called during that turn. The
 * runtime hands the server many requests in one turn: the batchers use this
 * so that all the turn's requests share one statement instead of the first
 * going alone.
 */
export function atTurnEnd(run: () => void): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      run();
    });
  };
}
