/**
 * Coalesces "slot changed" signals of one instance into few NOTIFYs: the
 * slots that changed within a short window go out together, one payload per
 * organization and kind, sent outside any transaction (a NOTIFY inside the
 * reservation transaction would take a database-wide lock at its commit).
 */
import { logEvent } from "../log.ts";
import { systemTimers, type TimerId, type Timers } from "../timers.ts";
import {
  describeError,
  isConnectionError,
} from "../../db/connection_errors.ts";

/**
 * What changed a slot's counts (`slot_changed`: capacity, status, holds or
 * removal; `verification` a first admission, `check_in` a re-entry).
 */
export type LiveKind =
  | "reservation"
  | "verification"
  | "expiry"
  | "slot_changed"
  | "check_in"
  | "check_out"
  | "undo"
  | "conflict";

/** The NOTIFY payload: `{"orq", "kind", "slots": [ids]}`. */
export interface LivePayload {
  orq: number;
  kind: LiveKind;
  slots: number[];
  /** A `conflict` payload's conflict (no slots): sent as the event's `conflict`. */
  conflict?: Record<string, unknown>;
}

/** Slot ids per payload: 500 ids of up to 10 digits stay far below NOTIFY's 8000 bytes. */
export const SLOTS_PER_PAYLOAD = 500;

/** Options for {@link LivePublisher}. */
export interface PublisherOptions {
  /** Longest a change waits before it is sent; default 100 ms. */
  windowMs?: number;
  /** The timers the window runs on (tests drive them by hand). */
  timers?: Timers;
}

/** Batches changed slot ids and hands each payload to `send` (a pg_notify). */
export class LivePublisher {
  #pending = new Map<
    string,
    { orq: number; kind: LiveKind; slots: Set<number> }
  >();
  #timer: TimerId | undefined;
  #inFlight = new Set<Promise<void>>();
  #windowMs: number;
  #timers: Timers;
  /** The last send failed for want of a database (an outage is logged once). */
  #unreachable = false;

  constructor(
    private send: (payload: string) => Promise<void>,
    opts: PublisherOptions = {},
  ) {
    this.#windowMs = opts.windowMs ?? 100;
    this.#timers = opts.timers ?? systemTimers;
  }

  /** Notes that slot `slotId` of `orq` changed; sent within the window. */
  changed(orq: number, slotId: number, kind: LiveKind): void {
    const key = `${orq}:${kind}`;
    let p = this.#pending.get(key);
    if (!p) {
      p = { orq, kind, slots: new Set() };
      this.#pending.set(key, p);
    }
    p.slots.add(slotId);
    this.#timer ??= this.#timers.setTimeout(
      () => this.flush(),
      this.#windowMs,
    );
  }

  /** Sends everything pending now; resolves when those NOTIFYs are done. */
  async flush(): Promise<void> {
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = [...this.#pending.values()].map((p) => ({
      ...p,
      slots: [...p.slots],
    }));
    this.#pending.clear();
    const sends = batch.flatMap(payloads).map((text) => this.#track(text));
    await Promise.all([...sends, ...this.#inFlight]);
  }

  #track(text: string): Promise<void> {
    const p = this.send(text).then(() => {
      this.#unreachable = false;
    }, (err) => {
      // The counts are in the database; only this live update is lost.
      const outage = isConnectionError(err);
      if (!(outage && this.#unreachable)) {
        logEvent("live.publish_failed", { reason: describeError(err) });
      }
      this.#unreachable = outage;
    }).finally(() => this.#inFlight.delete(p));
    this.#inFlight.add(p);
    return p;
  }
}

/** `p` as NOTIFY payloads of at most {@link SLOTS_PER_PAYLOAD} slots each. */
export function payloads(p: LivePayload): string[] {
  const out: string[] = [];
  for (let i = 0; i < p.slots.length; i += SLOTS_PER_PAYLOAD) {
    out.push(JSON.stringify({
      orq: p.orq,
      kind: p.kind,
      slots: p.slots.slice(i, i + SLOTS_PER_PAYLOAD),
    }));
  }
  return out;
}
