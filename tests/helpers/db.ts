import type { Db } from "../../db/client.ts";

/**
 * `db` with the text of every statement it runs recorded, on the plain pool
 * and on the batched-read connection separately (transactions are not).
 */
export function recordingDb(
  db: Db,
): { db: Db; plain: string[]; batched: string[] } {
  const plain: string[] = [];
  const batched: string[] = [];
  const recorded: Db = {
    ...db,
    query: (text, params) => {
      plain.push(text);
      return db.query(text, params);
    },
    batched: {
      query: (text, params) => {
        batched.push(text);
        return db.batched.query(text, params);
      },
    },
  };
  return { db: recorded, plain, batched };
}
