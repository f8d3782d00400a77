/**
 * Runs the outbox drainer (lib/mail/worker.ts) where it does not compete
 * with HTTP: on PostgreSQL in a Web Worker thread (lib/mail/thread.ts) with
 * its own pool, since rendering QR codes and talking SMTP on the server's one
 * JS thread starves requests under reservation load. Embedded PGlite has a
 * single connection in this process that a thread cannot share, so there
 * the drainer stays in process. If the thread cannot start, or dies, the
 * in-process drainer takes over; rows are claimed with a lease, so nothing
 * is lost or sent twice by the switch.
 */
import type { Db } from "../../db/client.ts";
import type { Config } from "../config.ts";
import { logEvent, quietLogs } from "../log.ts";
import { createMailWorker, type MailWorkerOptions } from "./worker.ts";
import type { RequestsInFlight } from "../requests_in_flight.ts";

/** What the main thread tells the mail thread. */
export type ToMailThread =
  | {
    type: "start";
    config: Config;
    quiet: boolean;
    options: ThreadWorkerOptions;
    /** The server's requests in flight (lib/requests_in_flight.ts), if counted. */
    inFlight?: SharedArrayBuffer;
  }
  | { type: "kick" }
  | { type: "stop" };

/** What the mail thread answers. */
export type FromMailThread = { type: "ready" } | { type: "stopped" };

/** The drainer's settings inside the thread (no functions: not cloneable). */
export type ThreadWorkerOptions =
  & Omit<MailWorkerOptions, "transport" | "busy">
  & {
    /** The thread's postgres.js pool size; default 2. */
    poolMax?: number;
  };

/** Options for {@link startMailWorkerThread}. */
export interface MailThreadOptions extends ThreadWorkerOptions {
  /** The in-process drainer to run if the thread fails (not started yet). */
  fallback?: () => { start(): void; kick(): void; stop(): Promise<void> };
  /** How long the thread may take to start; default 30 s. */
  startTimeoutMs?: number;
  /** How long `stop()` waits for the pass in flight; default 30 s. */
  stopTimeoutMs?: number;
  /** The thread's module; default lib/mail/thread.ts (tests). */
  moduleUrl?: string;
  /** The server's requests in flight: mail goes out in their pauses. */
  inFlight?: RequestsInFlight;
}

/** A started mail drainer, in a thread or in this process. */
export interface MailRunner {
  /**
   * Where it runs now: "in-process" also after a fallback, "failed" when
   * the thread died with no fallback (rows wait in the outbox).
   */
  readonly mode: "thread" | "in-process" | "failed" | "stopped";
  /** Drains soon (e.g. right after a reservation commits). */
  kick(): void;
  /** Stops it after the pass in flight; the thread is terminated. */
  stop(): Promise<void>;
}

/**
 * The mail drainer for `deps`: in its own thread on PostgreSQL (falling
 * back to this process if that fails), in process on PGlite. Started.
 */
export function startMailWorker(
  deps: { db: Db; config: Config },
  opts: MailThreadOptions = {},
): MailRunner {
  const busy = opts.inFlight && (() => opts.inFlight!.now() > 0);
  const inProcess = () => createMailWorker(deps, { ...opts, busy });
  if (deps.db.engine === "postgres" && deps.config.databaseUrl) {
    return startMailWorkerThread(deps.config, { fallback: inProcess, ...opts });
  }
  const worker = inProcess();
  worker.start();
  let stopped = false;
  return {
    get mode() {
      return stopped ? "stopped" as const : "in-process" as const;
    },
    kick: () => worker.kick(),
    stop: () => {
      stopped = true;
      return worker.stop();
    },
  };
}

/**
 * Starts the drainer in a Web Worker over `config.databaseUrl` with its own
 * pool (`poolMax`, default 2). Kicks are coalesced into one message per
 * turn of the event loop. Errors are logged (`mail.thread_error`), never
 * thrown; then `opts.fallback`, if given, runs in this process instead.
 */
export function startMailWorkerThread(
  config: Config,
  opts: MailThreadOptions = {},
): MailRunner {
  if (!config.databaseUrl) {
    throw new Error("Cannot run the mail thread without DATABASE_URL");
  }
  const {
    fallback,
    startTimeoutMs,
    stopTimeoutMs,
    moduleUrl,
    inFlight,
    ...options
  } = opts;
  let state: "starting" | "ready" | "failed" | "stopping" | "stopped" =
    "starting";
  let thread: Worker | null = null;
  let inProcess: ReturnType<NonNullable<typeof fallback>> | null = null;
  let kickQueued = false;
  let kickWhenReady = false;
  let onStopped: (() => void) | null = null;
  let stopping: Promise<void> | null = null;

  const startTimer = setTimeout(
    () => fail("did not start in time"),
    startTimeoutMs ?? 30_000,
  );

  function send(msg: ToMailThread) {
    try {
      thread?.postMessage(msg);
    } catch (err) {
      fail(`Cannot post "${msg.type}": ${describe(err)}`);
    }
  }

  function fail(reason: string) {
    if (state === "failed" || state === "stopped") return;
    clearTimeout(startTimer);
    thread?.terminate();
    thread = null;
    const wasStopping = state === "stopping";
    logEvent("mail.thread_error", {
      reason,
      phase: state,
      fallback: !wasStopping && fallback ? "in-process" : null,
    });
    if (wasStopping) {
      state = "stopped";
      onStopped?.();
      return;
    }
    state = "failed";
    if (!fallback) return;
    try {
      inProcess = fallback();
      inProcess.start();
    } catch (err) {
      logEvent("mail.worker_error", {
        reason: `Cannot start the in-process worker: ${describe(err)}`,
      });
    }
  }

  try {
    thread = new Worker(
      moduleUrl ?? new URL("./thread.ts", import.meta.url).href,
      { type: "module", name: "mail" },
    );
    thread.addEventListener("message", (e) => {
      const msg = (e as MessageEvent<FromMailThread>).data;
      if (msg.type === "ready" && state === "starting") {
        clearTimeout(startTimer);
        state = "ready";
        if (kickWhenReady) kick();
      } else if (msg.type === "stopped") {
        thread?.terminate();
        thread = null;
        state = "stopped";
        onStopped?.();
      }
    });
    thread.addEventListener("error", (e) => {
      // Unhandled, an error in a worker is rethrown here and ends the process.
      e.preventDefault();
      const err = e as ErrorEvent;
      fail(describe(err.error ?? err.message));
    });
    thread.addEventListener("messageerror", () => {
      fail("Cannot read a message from the mail thread");
    });
    send({
      type: "start",
      config,
      quiet: quietLogs(),
      options,
      inFlight: inFlight?.buffer,
    });
  } catch (err) {
    // E.g. no permission to load the module: stay in this process.
    queueMicrotask(() => fail(`Cannot start: ${describe(err)}`));
  }

  function kick() {
    if (inProcess) return inProcess.kick();
    if (state === "starting") {
      kickWhenReady = true;
      return;
    }
    if (state !== "ready" || kickQueued) return;
    kickQueued = true;
    setTimeout(() => {
      kickQueued = false;
      if (state === "ready") send({ type: "kick" });
    }, 0);
  }

  return {
    get mode() {
      if (inProcess) return "in-process" as const;
      if (state === "stopped" || state === "failed") return state;
      return "thread" as const;
    },
    kick,
    stop: () => stopping ??= stop(),
  };

  async function stop() {
    clearTimeout(startTimer);
    if (inProcess) {
      const w = inProcess;
      inProcess = null;
      state = "stopped";
      await w.stop();
      return;
    }
    if (state === "failed" || !thread) {
      state = "stopped";
      return;
    }
    state = "stopping";
    const stopped = new Promise<void>((resolve) => onStopped = resolve);
    send({ type: "stop" });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        fail("did not stop in time; terminated");
        resolve();
      }, stopTimeoutMs ?? 30_000);
    });
    await Promise.race([stopped, late]);
    clearTimeout(timer);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
