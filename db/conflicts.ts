/**
 * Deadlocks and serialization failures: PostgreSQL rolled the statement or
 * transaction back, so running it again is safe and usually succeeds.
 */

/** Whether `err` is a deadlock (40P01) or a serialization failure (40001). */
export function isConflict(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "40P01" || code === "40001";
}

/**
 * Runs `fn`, again after a conflict, up to `attempts` times in all;
 * `retryable` widens or narrows what counts as one (default: isConflict).
 */
export async function retryConflicts<T>(
  fn: () => Promise<T>,
  attempts: number,
  retryable: (err: unknown) => boolean = isConflict,
): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt < attempts && retryable(err)) continue;
      throw err;
    }
  }
}
