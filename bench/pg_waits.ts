/**
 * Samples pg_stat_activity during a run: what the pool's backends are doing
 * (running, waiting on a row lock, on WAL fsync, or idle waiting for the
 * application). Many "idle in transaction" or "idle" backends under load mean
 * the database waits for the application; lock and WAL waits mean the
 * database itself is the limit.
 */
import type postgres from "postgres";

/**
 * Average number of the pool's backends in each state during the run; keys
 * starting with "stmt " count the statements behind lock, LWLock and I/O
 * waits (`stmt <wait> <first words of the statement>`).
 */
export type WaitProfile = Map<string, number>;

/**
 * Starts sampling the backends of `database` whose application_name is
 * `app` (or one of them), every `everyMs`; call the result to stop and get
 * the averages.
 */
export function sampleWaits(
  sql: postgres.Sql,
  database: string,
  app: string | string[],
  everyMs = 25,
): () => Promise<WaitProfile> {
  const totals = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const rows = await sql.unsafe(
          `SELECT CASE
                    WHEN state = 'active' AND wait_event IS NULL THEN 'running'
                    WHEN state = 'active' THEN wait_event_type || ':' || wait_event
                    WHEN state = 'idle in transaction' THEN 'idle in transaction (waiting on app)'
                    ELSE 'idle (no query)'
                  END AS what,
                  CASE WHEN state = 'active' AND wait_event_type IN ('Lock', 'LWLock', 'IO')
                    THEN left(regexp_replace(query, '\\s+', ' ', 'g'), 30) || ' … ' ||
                         coalesce(substring(regexp_replace(query, '\\s+', ' ', 'g')
                                            FROM '(FROM [^$]{0,70})'), '')
                  END AS stmt,
                  count(*)::int AS n
             FROM pg_stat_activity
            WHERE datname = $1 AND application_name = ANY($2::text[])
              AND pid <> pg_backend_pid()
            GROUP BY 1, 2`,
          [database, typeof app === "string" ? [app] : app],
          { prepare: true },
        );
        samples++;
        for (const r of rows) {
          totals.set(r.what, (totals.get(r.what) ?? 0) + r.n);
          if (r.stmt) {
            const k = `stmt ${r.what} ${r.stmt}`;
            totals.set(k, (totals.get(k) ?? 0) + r.n);
          }
        }
      } catch {
        // the database may be going away at the end
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async () => {
    running = false;
    await loop;
    const out: WaitProfile = new Map();
    for (const [k, v] of totals) out.set(k, v / Math.max(1, samples));
    return out;
  };
}

/** `running 5.2 · Lock:transactionid 3.1 · …` (average backends). */
export function formatWaits(w: WaitProfile): string {
  const entries = [...w].sort((a, b) => b[1] - a[1]).filter(([k, v]) =>
    v >= 0.05 && !k.startsWith("stmt ")
  );
  const total = entries.reduce((a, [, v]) => a + v, 0);
  return `${total.toFixed(1)} backends on average: ` +
    entries.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(" · ");
}

/** The statements most often seen waiting (lock, LWLock, I/O), as lines. */
export function waitingStatements(w: WaitProfile, top = 3): string[] {
  return [...w].filter(([k, v]) => k.startsWith("stmt ") && v >= 0.2)
    .sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, v]) => `${v.toFixed(1)} × ${k.slice(5)}…`);
}
