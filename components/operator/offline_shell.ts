/**
 * The page's side of the scanner's service worker (workers/scanner_sw.ts):
 * registers it, hands it the page's own files to keep for offline use,
 * reads whether this page came from that store, and forgets it at sign-out.
 */

/** The cache the worker fills (the same name as in the worker). */
export const SHELL_CACHE = "te-scanner-shell-v1";
/** The server's clock minus this device's, from the last page the network served. */
const SKEW_KEY = "te.skew";

/**
 * Registers the worker and asks it to keep this page and its files; sets
 * `data-offline-ready` on `<html>` to how many it stored (tests wait for it).
 */
export async function keepScannerForOffline(): Promise<void> {
  if (!("serviceWorker" in navigator)) return;
  try {
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data?.type === "shell-kept") {
        document.documentElement.dataset.offlineReady = String(
          event.data.kept,
        );
      }
    });
    await navigator.serviceWorker.register("/operator/sw.js", {
      scope: "/operator/",
    });
    const registration = await navigator.serviceWorker.ready;
    registration.active?.postMessage({ type: "keep-shell", urls: pageFiles() });
  } catch {
    // No worker (a private window, say): the scanner works online as before.
  }
}

/** Whether this page is the copy the worker stored (it marks `<html>`). */
export function isOfflineCopy(): boolean {
  return document.documentElement.dataset.shell === "cached";
}

/**
 * The server's clock minus this device's. A page the network served carries
 * the server's time and the skew is kept; a stored copy's time is old, so
 * the kept skew is used instead.
 */
export function serverSkew(serverNow: string): number {
  if (isOfflineCopy()) return Number(localStorage.getItem(SKEW_KEY)) || 0;
  const skew = Date.parse(serverNow) - Date.now();
  localStorage.setItem(SKEW_KEY, String(skew));
  return skew;
}

/** Deletes the stored page at sign-out: it names the operator. */
export async function forgetScannerCopy(): Promise<void> {
  try {
    if ("caches" in globalThis) await caches.delete(SHELL_CACHE);
  } catch {
    // Storage refused: nothing was stored either.
  }
}

/** This page and the stylesheets and scripts it loaded. */
function pageFiles(): string[] {
  const files = [location.pathname];
  for (const link of document.querySelectorAll<HTMLLinkElement>("link[href]")) {
    if (link.rel === "stylesheet" || link.rel === "icon") files.push(link.href);
  }
  for (
    const script of document.querySelectorAll<HTMLScriptElement>("script[src]")
  ) {
    files.push(script.src);
  }
  return files;
}
