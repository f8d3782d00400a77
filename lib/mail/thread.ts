/**
 * The mail worker's Web Worker entry (started by lib/mail/worker_thread.ts):
 * QR rendering, MIME building and SMTP run here, off the HTTP thread, over
 * this thread's own small postgres.js pool. Nothing here may end the
 * process: errors are logged as JSON lines and the drainer keeps polling.
 */
import os from "node:os";
import { connectPostgres, type Db } from "../../db/client.ts";
import { createMailWorker, type MailWorker } from "./worker.ts";
import { logEvent, setQuietLogs } from "../log.ts";
import type { FromMailThread, ToMailThread } from "./worker_thread.ts";
import { RequestsInFlight } from "../requests_in_flight.ts";

/** The parts of the worker global scope used here. */
interface WorkerScope {
  postMessage(message: FromMailThread): void;
  close(): void;
  addEventListener(type: string, listener: (e: Event) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

let db: Db | null = null;
let worker: MailWorker | null = null;
let stopping: Promise<void> | null = null;

scope.addEventListener("error", (e) => {
  // Handled here, so it is not rethrown in the main thread.
  e.preventDefault();
  logEvent("mail.thread_error", {
    reason: describe((e as ErrorEvent).error ?? (e as ErrorEvent).message),
  });
});
scope.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  logEvent("mail.thread_error", {
    reason: describe((e as PromiseRejectionEvent).reason),
  });
});

scope.addEventListener("message", (e) => {
  const msg = (e as MessageEvent<ToMailThread>).data;
  if (msg.type === "start") {
    if (worker || stopping) return;
    setQuietLogs(msg.quiet);
    lowerPriority();
    db = connectPostgres(appNamed(msg.config.databaseUrl!), {
      max: msg.options.poolMax,
      name: "mail",
      log: logEvent,
    });
    const inFlight = msg.inFlight && new RequestsInFlight(msg.inFlight);
    worker = createMailWorker({ db, config: msg.config }, {
      ...msg.options,
      busy: inFlight ? () => inFlight.now() > 0 : undefined,
    });
    worker.start();
    scope.postMessage({ type: "ready" });
  } else if (msg.type === "kick") {
    worker?.kick();
  } else if (msg.type === "stop") {
    stopping ??= stop();
  }
});

async function stop() {
  try {
    await worker?.stop();
    await db?.close();
  } catch (err) {
    logEvent("mail.thread_error", { reason: `Cannot stop: ${describe(err)}` });
  }
  scope.postMessage({ type: "stopped" });
  scope.close();
}

/**
 * Nice value of this thread (Linux keeps one per thread; 0 = the caller).
 * Mails are background work: while requests keep both cores busy this thread
 * yields to them, and mails still go out; when the server is quiet it runs
 * at full speed.
 */
const MAIL_THREAD_NICE = 10;

function lowerPriority() {
  try {
    os.setPriority(0, MAIL_THREAD_NICE);
  } catch (err) {
    logEvent("mail.thread_priority", { reason: describe(err) });
  }
}

/** `url` with `application_name=timed-entry-mail`, unless it names one. */
function appNamed(url: string): string {
  try {
    const u = new URL(url);
    if (u.searchParams.has("application_name")) return url;
    u.searchParams.set("application_name", "timed-entry-mail");
    return u.toString();
  } catch {
    return url;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
