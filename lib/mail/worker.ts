/**
 * Drains the mail outbox. Any number of app instances may run one: rows are
 * claimed in a short statement (SKIP LOCKED + a lease) that also reads what
 * each mail says, sent outside any transaction, then marked SENT together in
 * one statement once the pass's sends have settled, or each rescheduled with
 * exponential backoff. A batch thus costs two statements when all goes well.
 * A mail about a reservation cancelled since it was queued (other than the
 * cancellation itself) is not sent but marked SKIPPED.
 * All state lives in the table, so a restart loses nothing.
 */
import type { Db } from "../../db/client.ts";
import type { Config } from "../config.ts";
import {
  claimDueMail,
  type ClaimedMail,
  markMailFailed,
  markMailSent,
  markMailSkipped,
} from "../../db/outbox.ts";
import { CANCELLED_MAIL } from "../../db/reservation_cancel.ts";
import { composeMail } from "./compose.ts";
import { groupMailMembers } from "../../db/group_mail.ts";
import { composeWaitlistMail } from "./waitlist.ts";
import {
  linksFromDatabase,
  type ReservationLinks,
} from "../reservation_links.ts";
import { createMailTransport, type MailTransport } from "./transport.ts";
import { logEvent } from "../log.ts";
import { isConnectionError } from "../../db/connection_errors.ts";

/** Options for {@link createMailWorker}. */
export interface MailWorkerOptions {
  /** Default: from `config` (SMTP_URL, else the mailbox in DATA_DIR). */
  transport?: MailTransport;
  /** Rows claimed at once; default 10 (sent concurrently). */
  batch?: number;
  /** Poll interval; default 1 s. */
  pollMs?: number;
  /** How long a claim holds; default 2 min. Sends are aborted well before. */
  leaseMs?: number;
  /** Attempts before a row becomes FAILED; default 10. */
  maxAttempts?: number;
  /** First retry delay, doubled per attempt; default 30 s. */
  retryBaseMs?: number;
  /** Longest retry delay; default 1 h. */
  retryMaxMs?: number;
  /**
   * Whether the server is handling requests right now. Mail is background
   * work: each batch waits for a moment with none in flight, at most
   * `yieldMaxMs`, so that rendering and sending mail do not take the cores
   * from requests under load, yet mail keeps going out. Default: never busy.
   */
  busy?: () => boolean;
  /** Longest wait of a batch for such a pause; default 250 ms. */
  yieldMaxMs?: number;
}

/** What one pass did. */
export interface PassResult {
  claimed: number;
  sent: number;
  failed: number;
  /** Not sent: their reservation was cancelled (only counted when any). */
  skipped?: number;
}

/** A running or runnable outbox drainer. */
export interface MailWorker {
  /** Claims and sends one batch of due rows. */
  runOnce(): Promise<PassResult>;
  /** Runs passes until nothing is due; the totals. */
  drain(): Promise<PassResult>;
  /** Starts polling. */
  start(): void;
  /** Drains soon (e.g. right after a reservation commits). */
  kick(): void;
  /** Stops polling, waits for the pass in flight, closes the transport. */
  stop(): Promise<void>;
}

/** The delay before attempt `attempts + 1`: base × 2^(attempts − 1), capped. */
export function retryDelayMs(
  attempts: number,
  opts: { baseMs?: number; maxMs?: number } = {},
): number {
  const base = opts.baseMs ?? 30_000;
  const max = opts.maxMs ?? 3_600_000;
  return Math.min(max, base * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

/** A worker over `deps.db`; call `start()` to poll. */
export function createMailWorker(
  deps: { db: Db; config: Config; links?: ReservationLinks },
  opts: MailWorkerOptions = {},
): MailWorker {
  // The signer of the mails' links: given, or from the app's JWT secret
  // (read once, again after a failed read).
  let links: Promise<ReservationLinks> | null = deps.links
    ? Promise.resolve(deps.links)
    : null;
  const linksNow = () =>
    links ??= linksFromDatabase(deps.db, deps.config.jwtSecret).catch(
      (err) => {
        links = null;
        throw err;
      },
    );
  const transport = opts.transport ?? createMailTransport(deps.config);
  const batch = opts.batch ?? 10;
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 120_000;
  const maxAttempts = opts.maxAttempts ?? 10;
  const busy = opts.busy;
  const yieldMaxMs = opts.yieldMaxMs ?? 250;
  // Abort a send well inside the lease, so no other worker takes the row
  // while this one may still deliver it.
  const sendTimeoutMs = Math.max(1000, Math.floor(leaseMs / 2));

  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | null = null;
  let again = false;
  let stopped = false;
  /** The last pass failed for want of a database (logged once). */
  let unreachable = false;

  /** Sends `row`; its Message-ID, or null when it failed (recorded). */
  async function deliver(row: ClaimedMail): Promise<string | null> {
    try {
      const message = row.facts
        ? await composeMail(
          {
            config: deps.config,
            links: await linksNow(),
          },
          row.kind,
          {
            id: row.id,
            to: row.to_address,
            facts: row.facts,
            members: await groupMailMembers(deps.db, row.kind, row.facts),
          },
        )
        : row.waitlist_payload
        ? composeWaitlistMail(deps, row.kind, {
          id: row.id,
          to: row.to_address,
          facts: row.waitlist_payload,
        })
        : null;
      if (!message) throw new Permanent(`Cannot compose mail "${row.kind}"`);
      const { messageId } = await transport.send(message, {
        id: row.id,
        signal: AbortSignal.timeout(sendTimeoutMs),
      });
      return messageId;
    } catch (err) {
      await recordFailure(row, err);
      return null;
    }
  }

  /** Marks the delivered rows SENT in one statement, then logs each. */
  async function recordSent(sent: { row: ClaimedMail; messageId: string }[]) {
    if (sent.length === 0) return;
    try {
      await markMailSent(deps.db, sent.map((s) => s.row.id));
    } catch (err) {
      // Delivered but not recorded: the lease runs out and they are sent again.
      const reason = `Cannot mark as sent: ${describe(err)}`;
      for (const { row } of sent) {
        logEvent("mail.worker_error", { outbox_id: row.id, reason });
      }
    }
    for (const { row, messageId } of sent) {
      logEvent("mail.sent", {
        outbox_id: row.id,
        kind: row.kind,
        reservation_id: row.reservation_id,
        to: row.to_address,
        attempts: row.attempts,
        transport: transport.kind,
        message_id: messageId,
      });
    }
  }

  async function recordFailure(row: ClaimedMail, err: unknown) {
    const final = err instanceof Permanent || isPermanentRefusal(err) ||
      row.attempts >= maxAttempts;
    const reason = describe(err);
    let next: Date | null = null;
    try {
      next = await markMailFailed(deps.db, row.id, {
        error: reason,
        retryInMs: retryDelayMs(row.attempts, {
          baseMs: opts.retryBaseMs,
          maxMs: opts.retryMaxMs,
        }),
        final,
      });
    } catch {
      // Not recorded: the lease runs out and the row is tried again.
    }
    logEvent("mail.failed", {
      outbox_id: row.id,
      kind: row.kind,
      reservation_id: row.reservation_id,
      to: row.to_address,
      attempts: row.attempts,
      reason,
      final,
      next_attempt_at: next ? new Date(next).toISOString() : null,
    });
  }

  /** Marks `rows` SKIPPED in one statement, then logs each. */
  async function recordSkipped(rows: ClaimedMail[]) {
    if (rows.length === 0) return;
    try {
      await markMailSkipped(deps.db, rows.map((r) => r.id), SKIP_REASON);
    } catch (err) {
      // Not recorded: the lease runs out and the next pass skips them again.
      const reason = `Cannot mark as skipped: ${describe(err)}`;
      for (const row of rows) {
        logEvent("mail.worker_error", { outbox_id: row.id, reason });
      }
      return;
    }
    for (const row of rows) {
      logEvent("mail.skipped", {
        outbox_id: row.id,
        kind: row.kind,
        reservation_id: row.reservation_id,
        reason: SKIP_REASON,
      });
    }
  }

  async function runOnce(): Promise<PassResult> {
    const claimed = await claimDueMail(deps.db, { limit: batch, leaseMs });
    const skipped = claimed.filter(isAboutCancelled);
    const rows = claimed.filter((row) => !isAboutCancelled(row));
    const messageIds = await Promise.all(rows.map(deliver));
    const sent = rows.flatMap((row, i) => {
      const messageId = messageIds[i];
      return messageId === null ? [] : [{ row, messageId }];
    });
    await recordSent(sent);
    await recordSkipped(skipped);
    return {
      claimed: claimed.length,
      sent: sent.length,
      failed: rows.length - sent.length,
      ...(skipped.length > 0 ? { skipped: skipped.length } : {}),
    };
  }

  /** Waits while requests are in flight, at most `yieldMaxMs`. */
  async function yieldToRequests() {
    if (!busy) return;
    const until = performance.now() + yieldMaxMs;
    while (!stopped && busy() && performance.now() < until) {
      await new Promise((r) => setTimeout(r, YIELD_STEP_MS));
    }
  }

  async function drain(): Promise<PassResult> {
    const total: PassResult = { claimed: 0, sent: 0, failed: 0 };
    while (!stopped) {
      await yieldToRequests();
      if (stopped) break;
      const r = await runOnce();
      total.claimed += r.claimed;
      total.sent += r.sent;
      total.failed += r.failed;
      if (r.skipped) total.skipped = (total.skipped ?? 0) + r.skipped;
      if (r.claimed < batch) break;
    }
    return total;
  }

  function schedule(ms: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, ms);
  }

  function tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain().then(() => {
      unreachable = false;
    }, (err) => {
      // An outage is logged once; polling goes on and resumes the outbox.
      const outage = isConnectionError(err);
      if (!(outage && unreachable)) {
        logEvent("mail.worker_error", { reason: describe(err) });
      }
      unreachable = outage;
    }).finally(() => {
      running = null;
      if (again) {
        again = false;
        schedule(0);
      } else {
        schedule(pollMs);
      }
    });
  }

  return {
    runOnce,
    drain,
    start: () => schedule(0),
    kick: () => schedule(0),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}

class Permanent extends Error {}

/** How often a batch waiting for a pause looks again. */
const YIELD_STEP_MS = 10;

const SKIP_REASON = "Reservation cancelled";

/**
 * Whether `row` is a mail the customer must no longer get: its reservation
 * is cancelled and it is not the cancellation mail itself.
 */
function isAboutCancelled(row: ClaimedMail): boolean {
  return row.reservation_status === "CANCELLED" && row.kind !== CANCELLED_MAIL;
}

/** An SMTP server's permanent refusal of the recipient (5xx on RCPT TO). */
function isPermanentRefusal(err: unknown): boolean {
  const e = err as { code?: string; responseCode?: number };
  return e?.code === "EENVELOPE" && typeof e.responseCode === "number" &&
    e.responseCode >= 500 && e.responseCode < 600;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { responseCode?: number }).responseCode;
    return code ? `${code} ${err.message}` : err.message;
  }
  return String(err);
}
