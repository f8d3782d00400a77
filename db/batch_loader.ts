import type { Db, Sql } from "./client.ts";
import { SettlingQueue } from "./batch_queue.ts";

/**
 * Combines concurrent single-key reads into one `= ANY($1)` query.
 *
 * A lookup first waits for the end of the event loop's current turn
 * (setImmediate): the runtime hands the server many requests in one turn,
 * and all their lookups then share a query. Then it goes at once while fewer
 * than `maxInFlight` queries run; the lookups that arrive meanwhile wait and
 * go together in the next query. At low load a lookup waits only for its own
 * turn to end; under load each query serves many requests, which saves the
 * driver's per-query cost (socket writes, row decoding, garbage) that
 * dominates a small indexed read. Dispatching the first lookup of a turn on
 * its own would make smaller queries and fewer scans and validations per
 * second. Two in flight: every query is a socket write that wakes a
 * database backend (which then takes the CPU from this thread on a small
 * machine), so fewer, larger queries leave more of the thread for requests;
 * one in flight leaves the database idle while a batch travels.
 */
export class BatchLoader<K, V> {
  #queue: SettlingQueue<{ key: K }, V | null>;

  constructor(
    loadMany: (keys: K[]) => Promise<Map<K, V>>,
    maxInFlight = 2,
    maxBatch = 256,
  ) {
    this.#queue = new SettlingQueue<{ key: K }, V | null>(
      (batch) => {
        const keys = [...new Set(batch.map((b) => b.key))];
        return loadMany(keys).then(
          (found) => {
            for (const b of batch) b.resolve(found.get(b.key) ?? null);
          },
          (err) => {
            for (const b of batch) b.reject(err);
          },
        );
      },
      maxInFlight,
      maxBatch,
    );
  }

  /** The value of `key`, or null when there is none. */
  load(key: K): Promise<V | null> {
    return this.#queue.submit({ key });
  }
}

/** Where batched reads go: the database's pipelined connection, if it has one. */
export function batchedSql(sql: Sql): Sql {
  return (sql as Partial<Db>).batched ?? sql;
}
