/**
 * Scheduled backups (BACKUP_EVERY): one every interval into BACKUP_DIR, then
 * all but the newest BACKUP_KEEP backup files there are removed. Set it on
 * one instance only: instances do not take turns.
 */
import { type BackupFile, pruneBackups } from "./backup.ts";
import { logEvent } from "./log.ts";
import { systemTimers, type Timers } from "./timers.ts";

/** Options for {@link createBackupJob}. */
export interface BackupJobOptions {
  /** Takes one backup into `dir`. */
  backup: () => Promise<BackupFile>;
  dir: string;
  keep: number;
  intervalMs: number;
  timers?: Timers;
}

/** A runnable backup schedule. */
export interface BackupJob {
  /** One backup now, then the retention; the file and the removed paths. */
  runOnce(): Promise<{ file: BackupFile; removed: string[] }>;
  /** Runs a backup every interval (the first one interval from now). */
  start(): void;
  /** Stops the timer and waits for a backup in flight. */
  stop(): Promise<void>;
}

/** The backup schedule; call `start()` to run it. */
export function createBackupJob(opts: BackupJobOptions): BackupJob {
  const timers = opts.timers ?? systemTimers;
  let timer: unknown;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  async function runOnce() {
    const file = await opts.backup();
    const removed = await pruneBackups(opts.dir, opts.keep);
    logEvent("backup.taken", {
      path: file.path,
      engine: file.engine,
      bytes: file.bytes,
      removed: removed.length,
    });
    return { file, removed };
  }

  function tick() {
    if (stopped) return;
    running = runOnce().catch((err) => {
      // Kept on schedule: the next interval tries again.
      logEvent("backup.error", {
        reason: err instanceof Error ? err.message : String(err),
      });
    }).finally(() => {
      running = null;
      if (!stopped) timer = timers.setTimeout(tick, opts.intervalMs);
    });
  }

  return {
    runOnce,
    start: () => {
      stopped = false;
      timers.clearTimeout(timer);
      timer = timers.setTimeout(tick, opts.intervalMs);
    },
    stop: async () => {
      stopped = true;
      timers.clearTimeout(timer);
      await running;
    },
  };
}
