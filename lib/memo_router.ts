import type { Result, Router } from "hono/router";
import { SmartRouter } from "hono/router/smart-router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { TrieRouter } from "hono/router/trie-router";

/** Paths longer than this are matched every time, never remembered. */
const MAX_REMEMBERED_PATH = 256;
/** Matches (method and path) remembered before the memory starts over. */
const MAX_REMEMBERED = 1_024;

/**
 * Hono's default router (RegExpRouter, else TrieRouter), remembering the
 * match of each recent method and path. Routes never change once the app
 * serves, so a path always matches the same handlers and parameters.
 *
 * Why: the route table has `/api/reservations/lookup` beside
 * `/api/reservations/:id/qr.svg`, which RegExpRouter cannot hold, so Hono
 * falls back to TrieRouter, which walks the tree on every request, a cost
 * the hottest routes pay again and again. The scanner and reservation routes
 * are a handful of fixed paths.
 */
export class MemoRouter<T> implements Router<T> {
  name = "MemoRouter";
  #inner: Router<T> = new SmartRouter({
    routers: [new RegExpRouter(), new TrieRouter()],
  });
  #memo = new Map<string, Map<string, Result<T>>>();
  #remembered = 0;

  add(method: string, path: string, handler: T): void {
    this.#inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    if (path.length > MAX_REMEMBERED_PATH) {
      return this.#inner.match(method, path);
    }
    let paths = this.#memo.get(method);
    let result = paths?.get(path);
    if (result === undefined) {
      result = this.#inner.match(method, path);
      // Clients choose methods and paths: the memory has a fixed bound.
      if (this.#remembered >= MAX_REMEMBERED) {
        this.#memo.clear();
        this.#remembered = 0;
        paths = undefined;
      }
      if (paths === undefined) {
        paths = new Map();
        this.#memo.set(method, paths);
      }
      paths.set(path, result);
      this.#remembered++;
    }
    return result;
  }
}
