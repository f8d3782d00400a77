import { rejects, strictEqual } from "node:assert/strict";
import { isConflict, retryConflicts } from "../../db/conflicts.ts";

/** An error as postgres.js reports a server error: with its SQLSTATE. */
const pgError = (code: string) => Object.assign(new Error(code), { code });

/** A function that fails with `errors` in turn, then answers "done". */
function failing(errors: Error[]) {
  let calls = 0;
  const fn = () => {
    const err = errors[calls++];
    return err ? Promise.reject(err) : Promise.resolve("done");
  };
  return { fn, calls: () => calls };
}

Deno.test("isConflict: deadlocks and serialization failures only", () => {
  strictEqual(isConflict(pgError("40P01")), true);
  strictEqual(isConflict(pgError("40001")), true);
  strictEqual(isConflict(pgError("23505")), false);
  strictEqual(isConflict(new Error("no code")), false);
  strictEqual(isConflict(null), false);
  strictEqual(isConflict("40P01"), false);
});

Deno.test("retryConflicts: runs again after conflicts, within its attempts", async () => {
  const f = failing([pgError("40P01"), pgError("40001")]);
  strictEqual(await retryConflicts(f.fn, 3), "done");
  strictEqual(f.calls(), 3);
});

Deno.test("retryConflicts: the last attempt's conflict is thrown", async () => {
  const f = failing([pgError("40P01"), pgError("40P01"), pgError("40001")]);
  await rejects(retryConflicts(f.fn, 3), { code: "40001" });
  strictEqual(f.calls(), 3);
});

Deno.test("retryConflicts: any other error is thrown at once", async () => {
  const f = failing([pgError("23505")]);
  await rejects(retryConflicts(f.fn, 4), { code: "23505" });
  strictEqual(f.calls(), 1);
});

Deno.test("retryConflicts: a predicate of its own decides what is tried again", async () => {
  const isUnique = (err: unknown) =>
    (err as { code?: string })?.code === "23505";
  const f = failing([pgError("23505"), pgError("23505")]);
  strictEqual(await retryConflicts(f.fn, 5, isUnique), "done");
  strictEqual(f.calls(), 3);
  const g = failing([pgError("40001")]);
  await rejects(retryConflicts(g.fn, 5, isUnique), { code: "40001" });
  strictEqual(g.calls(), 1);
});
