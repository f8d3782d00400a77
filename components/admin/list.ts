/** A cursor-paged list of the back office: first page, "show more", errors kept. */
import { useSignal } from "@preact/signals";
import { api, type ApiError, type Page, query } from "./api.ts";

/** The state of one list and how to load it. */
export function useList<T>() {
  const items = useSignal<T[] | null>(null);
  const next = useSignal<string | null>(null);
  const error = useSignal<ApiError | null>(null);
  const busy = useSignal(false);
  const base = useSignal("");
  const params = useSignal<Record<string, string | number | undefined>>({});

  async function fetchPage(cursor?: string): Promise<void> {
    busy.value = true;
    const r = await api<Page<T>>(
      "GET",
      `${base.value}?${query({ ...params.value, cursor })}`,
    );
    busy.value = false;
    if (!r.ok) {
      error.value = r.error;
      if (!cursor) items.value = [];
      return;
    }
    error.value = null;
    items.value = cursor
      ? [...items.value ?? [], ...r.data.items]
      : r.data.items;
    next.value = r.data.next_cursor;
  }

  return {
    items,
    next,
    error,
    busy,
    /** Loads the first page of `path` with `p`. */
    load(path: string, p: Record<string, string | number | undefined>) {
      base.value = path;
      params.value = p;
      return fetchPage();
    },
    /** The same query again, from its first page. */
    reload() {
      return fetchPage();
    },
    /** Appends the next page. */
    more() {
      return next.value ? fetchPage(next.value) : Promise.resolve();
    },
  };
}
