/**
 * The door scanner's service worker (served as `/operator/sw.js`, scope
 * `/operator/`): after one online visit the scanner page and its files load
 * with no network, so a venue whose network fails at opening time can still
 * open the scanner. The page is fetched from the network first (it carries
 * the sign-in and the venue's settings) and from the cache only when the
 * network fails or takes longer than {@link NETWORK_WAIT_MS}; versioned files
 * (`/static/...?v=`) never change, so they come from the cache first. API
 * calls are never cached. Signing out deletes the cache (it holds the
 * operator's name).
 */

/** The one cache this worker fills; the page deletes it at sign-out. */
const CACHE = "te-scanner-shell-v1";
/** The page the scanner lives on. */
const SHELL = "/operator/scan";
/** Longer than this without an answer, the page comes from the cache. */
const NETWORK_WAIT_MS = 2000;

/** The parts of the worker's global scope used here (the DOM library types the rest). */
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(
    type: "install" | "activate",
    listener: (event: ExtendableEvent) => void,
  ): void;
  addEventListener(
    type: "fetch",
    listener: (event: FetchEvent) => void,
  ): void;
  addEventListener(
    type: "message",
    listener: (event: ExtendableMessageEvent) => void,
  ): void;
}
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  data: unknown;
  source: { postMessage(message: unknown): void } | null;
}

const worker = self as unknown as WorkerScope;

worker.addEventListener("install", (event) => {
  event.waitUntil(worker.skipWaiting());
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(dropOldCaches().then(() => worker.clients.claim()));
});

worker.addEventListener("message", (event) => {
  const data = event.data as { type?: string; urls?: unknown } | null;
  if (data?.type !== "keep-shell" || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u): u is string => typeof u === "string");
  event.waitUntil(
    keepShell(urls).then((kept) =>
      event.source?.postMessage({ type: "shell-kept", kept })
    ),
  );
});

worker.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin) return;
  if (request.mode === "navigate" && url.pathname === SHELL) {
    event.respondWith(pageNetworkFirst(request));
  } else if (url.pathname.startsWith("/static/") && url.searchParams.has("v")) {
    event.respondWith(fileCacheFirst(request));
  }
});

/**
 * Stores the scanner page and the files it loads (the page sends their
 * URLs once the worker controls it), and forgets files of older versions.
 * Answers how many were stored.
 */
async function keepShell(urls: string[]): Promise<number> {
  const cache = await caches.open(CACHE);
  const wanted = new Set<string>();
  let kept = 0;
  for (const raw of urls) {
    const url = new URL(raw, worker.location.origin);
    if (url.origin !== worker.location.origin) continue;
    const isShell = url.pathname === SHELL;
    if (!isShell && !url.pathname.startsWith("/static/")) continue;
    const key = isShell ? SHELL : url.pathname + url.search;
    wanted.add(key);
    try {
      const response = await fetch(url.href, { credentials: "same-origin" });
      if (!keepable(response)) continue;
      await cache.put(key, response);
      kept++;
    } catch {
      // Offline right now: what is stored stays.
    }
  }
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    const key = url.pathname === SHELL ? SHELL : url.pathname + url.search;
    if (!wanted.has(key)) await cache.delete(request);
  }
  return kept;
}

/** The page from the network (stored for next time), else the stored one. */
async function pageNetworkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_WAIT_MS);
  try {
    const response = await fetch(request, { signal: controller.signal });
    // A redirect (to the login) or an error is passed on and not stored.
    if (keepable(response) && !response.redirected) {
      await cache.put(SHELL, response.clone());
    }
    return response;
  } catch {
    const stored = await cache.match(SHELL);
    if (!stored) return Response.error();
    // Marked, so the page knows its embedded server time is old.
    const html = (await stored.text()).replace(
      "<html",
      '<html data-shell="cached"',
    );
    return new Response(html, { headers: stored.headers });
  } finally {
    clearTimeout(timer);
  }
}

/** A versioned file from the cache, else the network (then stored). */
async function fileCacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const key = new URL(request.url);
  const stored = await cache.match(key.pathname + key.search);
  if (stored) return stored;
  const response = await fetch(request);
  if (keepable(response)) {
    await cache.put(key.pathname + key.search, response.clone());
  }
  return response;
}

function keepable(response: Response): boolean {
  return response.ok && response.type === "basic";
}

async function dropOldCaches(): Promise<void> {
  for (const name of await caches.keys()) {
    if (name.startsWith("te-scanner-shell-") && name !== CACHE) {
      await caches.delete(name);
    }
  }
}
