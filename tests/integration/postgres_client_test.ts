import { deepStrictEqual } from "node:assert/strict";
import { throwawayPostgres } from "../helpers/server.ts";
import { connectPostgres, type Sql } from "../../db/client.ts";

/** Workers that keep the CPUs busy, so the app thread loses its slice at odd moments. */
function busyCpus(n: number): () => void {
  const src = "const end = Date.now() + 60000; while (Date.now() < end) {}";
  const url = URL.createObjectURL(
    new Blob([src], { type: "application/javascript" }),
  );
  const workers = Array.from(
    { length: n },
    () => new Worker(url, { type: "module" }),
  );
  return () => {
    for (const w of workers) w.terminate();
    URL.revokeObjectURL(url);
  };
}

/**
 * A statement of over 1 KiB, like the reservation statement: postgres.js
 * sends those at once rather than on the next turn, which opens the race.
 */
const arrayRoundTrip = (sql: Sql, code: string) =>
  sql.query<{ codes: string[]; ids: number[] }>(
    `SELECT $1::text[] AS codes, (SELECT array_agg(x) FROM unnest($2::int[]) x) AS ids
     /* ${"padding ".repeat(150)} */`,
    [[code], [7]],
  );

// postgres.js registers the array types a few microtasks after a new
// connection's first statement has left; an answer read before then used to
// bind ["A"] as "A" (malformed array literal) and leave array columns as text.
Deno.test({
  name:
    "a fresh pool's first statements bind and read arrays, even on busy CPUs",
  fn: async () => {
    const pg = await throwawayPostgres();
    const stop = busyCpus(2);
    try {
      for (let round = 0; round < 12; round++) {
        const db = connectPostgres(pg.url, { max: 4 });
        try {
          // Many statements at once, as when a server starts under load.
          const names = Array.from({ length: 60 }, (_, i) => `${round}-${i}`);
          const answers = await Promise.all(
            names.map((name, i) =>
              i % 3 === 0
                ? arrayRoundTrip(db, name)
                : i % 3 === 1
                ? arrayRoundTrip(db.batched, name)
                : db.begin((tx) => arrayRoundTrip(tx, name))
            ),
          );
          deepStrictEqual(
            answers.map(([row]) => ({ ...row })),
            names.map((name) => ({ codes: [name], ids: [7] })),
          );
        } finally {
          await db.close();
        }
      }
    } finally {
      stop();
      await pg.drop();
    }
  },
});
