/** Before and after of the fields that changed, secrets masked. */
export interface AuditDiff {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * The fields of `after` whose value differs from `before` (compared as
 * JSON). Keys in `secrets` never show their values: both sides read
 * "changed".
 */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  secrets: readonly string[] = [],
): AuditDiff {
  const diff: AuditDiff = { before: {}, after: {} };
  for (const key of Object.keys(after)) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    if (secrets.includes(key)) {
      diff.before[key] = "changed";
      diff.after[key] = "changed";
    } else {
      diff.before[key] = before[key] ?? null;
      diff.after[key] = after[key];
    }
  }
  return diff;
}
