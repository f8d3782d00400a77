/**
 * Independent statements of one transaction sent together: postgres.js
 * pipelines the queries a transaction has pending (they run in the order
 * sent, one round trip for the lot), PGlite runs them one after another.
 * Used where a transaction holds hot row locks, so that they are held for
 * fewer round trips.
 */

/** SQLSTATE of a statement refused because an earlier one failed. */
const IN_FAILED_TRANSACTION = "25P02";

/**
 * Waits for every one of `work` (chains of statements on one transaction)
 * and returns their results; when any failed, throws the failure that
 * caused it (not a later statement's "transaction is aborted"). Waiting
 * for all, not only until the first failure, keeps a chain from sending a
 * statement after the transaction has ended.
 */
export async function together<T extends readonly unknown[]>(
  work: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.filter((s) => s.status === "rejected");
  if (failed.length > 0) {
    const cause = failed.find((f) =>
      (f.reason as { code?: string })?.code !== IN_FAILED_TRANSACTION
    ) ?? failed[0];
    throw cause.reason;
  }
  return settled.map((s) =>
    (s as PromiseFulfilledResult<unknown>).value
  ) as unknown as T;
}
