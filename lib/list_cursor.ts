import { validationFailed } from "../domain/errors.ts";

/**
 * Opaque list cursors (API.md "Back office"): the sort key of the last item
 * shown, bound to the query that produced it, so that a cursor of another
 * query (or a malformed one) is refused rather than silently misread.
 */

function queryTag(query: Record<string, unknown>): string {
  const keys = Object.keys(query).filter((k) =>
    k !== "cursor" && k !== "limit" && query[k] !== undefined
  ).sort();
  const text = JSON.stringify(keys.map((k) => [k, query[k]]));
  // FNV-1a: a cheap fingerprint; cursors are not secrets.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** The cursor after an item whose sort key is `key`, for `query`. */
export function encodeCursor(
  query: Record<string, unknown>,
  key: readonly (string | number | null)[],
): string {
  const json = JSON.stringify({ q: queryTag(query), k: key });
  return btoa(String.fromCharCode(...new TextEncoder().encode(json)))
    .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * The sort key inside `cursor` (undefined when there is none); 400
 * VALIDATION_FAILED (`fields.cursor`) when it is malformed, of another
 * query, or not `length` keys long.
 */
export function decodeCursor(
  query: Record<string, unknown>,
  cursor: string | undefined,
  length: number,
): (string | number | null)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const b64 = cursor.replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const parsed = JSON.parse(new TextDecoder().decode(bytes));
    if (
      parsed?.q === queryTag(query) && Array.isArray(parsed.k) &&
      parsed.k.length === length &&
      parsed.k.every((v: unknown) =>
        v === null || typeof v === "string" || Number.isSafeInteger(v)
      )
    ) {
      return parsed.k;
    }
  } catch {
    // Falls through to the refusal.
  }
  throw validationFailed({ cursor: "Not a cursor of this list; start over" });
}

/** `items` cut to `limit`, with the cursor to the next page. */
export function pageOf<T>(
  query: Record<string, unknown>,
  rows: T[],
  limit: number,
  keyOf: (row: T) => (string | number | null)[],
): { items: T[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return {
    items,
    next_cursor: more
      ? encodeCursor(query, keyOf(items[items.length - 1]))
      : null,
  };
}
