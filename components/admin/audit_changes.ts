/** An audit entry's `before` and `after` as lines of fields to show side by side. */

/** `before`/`after` as an object of fields (also when it arrives as JSON text). */
export function fieldsOf(v: unknown): Record<string, unknown> {
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return { value: v };
    }
  }
  if (v === null || v === undefined) return {};
  return typeof v === "object" && !Array.isArray(v)
    ? v as Record<string, unknown>
    : { value: v };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Nested objects (settings) as `settings.key` lines, so each change reads on its own. */
export function flatten(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): [Record<string, unknown>, Record<string, unknown>] {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const x = before[k];
    const y = after[k];
    if (
      (isObject(x) || x === undefined) && (isObject(y) || y === undefined) &&
      (x ?? y) !== undefined
    ) {
      for (
        const sub of new Set([...Object.keys(x ?? {}), ...Object.keys(y ?? {})])
      ) {
        if (x && sub in x) b[`${k}.${sub}`] = x[sub];
        if (y && sub in y) a[`${k}.${sub}`] = y[sub];
      }
    } else {
      if (k in before) b[k] = x;
      if (k in after) a[k] = y;
    }
  }
  return [b, a];
}

/** The fields of `before` and `after`, nested objects flattened. */
export function changedFields(
  before: unknown,
  after: unknown,
): [Record<string, unknown>, Record<string, unknown>] {
  return flatten(fieldsOf(before), fieldsOf(after));
}
