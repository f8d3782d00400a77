/** Waiting, before each scenario, for the rest of the machine to quieten. */
import { busiestProcesses } from "./procs.ts";
import { type Bench, log } from "./state.ts";

/**
 * Other people's processes on this machine (tests, builds) skew every
 * figure: waits up to `maxSeconds` for them to use ≤ 0.25 cores, and returns
 * what they used at the end.
 */
export async function quietGate(
  b: Bench,
  label: string,
  maxSeconds: number,
): Promise<number> {
  const until = performance.now() + maxSeconds * 1000;
  const ours = new Set<number>([
    Deno.pid,
    ...(b.app ? await b.app.tree() : []),
    ...(b.bare ? await b.bare.tree() : []),
  ]);
  for (let waited = false;; waited = true) {
    const busy = (await busiestProcesses(1000, 8)).filter((p) =>
      !ours.has(p.pid) && p.cores >= 0.02
    );
    const others = busy.reduce((a, p) => a + p.cores, 0);
    const quiet = others <= 0.25;
    if (quiet || performance.now() >= until) {
      const names = busy.slice(0, 4).map((p) =>
        `${p.comm}[${p.pid}] ${p.cores.toFixed(2)}`
      ).join(", ");
      if (!quiet || waited || label === "start") {
        log(
          `  [${label}] other processes on this machine: ${
            others.toFixed(2)
          } cores${names ? ` (${names})` : ""}${
            quiet ? "" : " — NOT QUIET, figures will be lower"
          }`,
        );
      }
      b.backgroundAt.push({ label, cores: others });
      return others;
    }
    log(
      `  [${label}] waiting for a quieter machine: others use ${
        others.toFixed(2)
      } cores…`,
    );
  }
}
