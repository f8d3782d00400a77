import { deepStrictEqual, rejects, strictEqual } from "node:assert/strict";
import { BatchLoader } from "../../db/batch_loader.ts";
import { SettlingQueue } from "../../db/batch_queue.ts";

/** A loader whose queries the test sees and settles one by one. */
function recorded(maxInFlight = 2, maxBatch = 256) {
  const queries: {
    keys: number[];
    answer: (m: Map<number, string>) => void;
    fail: (e: Error) => void;
  }[] = [];
  const loader = new BatchLoader<number, string>(
    (keys) =>
      new Promise((answer, fail) => queries.push({ keys, answer, fail })),
    maxInFlight,
    maxBatch,
  );
  return { loader, queries };
}

const turn = () => new Promise((r) => setTimeout(r, 0));
const squares = (keys: number[]) =>
  new Map(keys.filter((k) => k >= 0).map((k) => [k, `v${k * k}`]));

Deno.test("BatchLoader: lookups of one turn share one query; duplicates once; unknown keys null", async () => {
  const { loader, queries } = recorded();
  const got = [3, 1, 3, -1].map((k) => loader.load(k));
  strictEqual(queries.length, 0, "no query before the turn ends");
  await turn();
  deepStrictEqual(queries.map((q) => q.keys), [[3, 1, -1]]);
  queries[0].answer(squares(queries[0].keys));
  deepStrictEqual(await Promise.all(got), ["v9", "v1", "v9", null]);
});

Deno.test("BatchLoader: at most maxInFlight queries; the lookups that wait go together next", async () => {
  const { loader, queries } = recorded(2);
  const first = loader.load(1);
  await turn();
  const second = loader.load(2);
  await turn();
  const waiting = [loader.load(3), loader.load(4)];
  await turn();
  const late = loader.load(5);
  await turn();
  deepStrictEqual(queries.map((q) => q.keys), [[1], [2]], "two in flight");
  queries[0].answer(squares([1]));
  strictEqual(await first, "v1");
  await turn();
  deepStrictEqual(
    queries[2].keys,
    [3, 4, 5],
    "everything that waited, at once",
  );
  for (const q of queries.slice(1)) q.answer(squares(q.keys));
  deepStrictEqual(await Promise.all([second, ...waiting, late]), [
    "v4",
    "v9",
    "v16",
    "v25",
  ]);
});

Deno.test("BatchLoader: a failed query fails its own lookups only, and later lookups still run", async () => {
  const { loader, queries } = recorded(1);
  const a = loader.load(1);
  await turn();
  const b = loader.load(2);
  await turn();
  queries[0].fail(new Error("connection lost"));
  await rejects(a, /connection lost/);
  await turn();
  deepStrictEqual(queries[1].keys, [2]);
  queries[1].answer(squares([2]));
  strictEqual(await b, "v4");
});

Deno.test("BatchLoader: a query carries at most maxBatch keys", async () => {
  const { loader, queries } = recorded(2, 3);
  const got = [1, 2, 3, 4, 5].map((k) => loader.load(k));
  await turn();
  deepStrictEqual(queries.map((q) => q.keys), [[1, 2, 3], [4, 5]]);
  for (const q of queries) q.answer(squares(q.keys));
  deepStrictEqual(await Promise.all(got), ["v1", "v4", "v9", "v16", "v25"]);
});

Deno.test("SettlingQueue: each caller gets what serve settled for its item, results or errors", async () => {
  const queue = new SettlingQueue<{ n: number }, number>(
    async (batch) => {
      await turn();
      for (const item of batch) {
        if (item.n < 0) item.reject(new Error(`negative ${item.n}`));
        else item.resolve(item.n * 10);
      }
    },
    1,
    256,
  );
  const got = [1, -2, 3].map((n) =>
    queue.submit({ n }).catch((e) => e.message)
  );
  deepStrictEqual(await Promise.all(got), [10, "negative -2", 30]);
});
