/**
 * Live dashboard events across instances. Each instance has one hub: routes
 * and jobs call `changed()` after their transaction commits; the hub's
 * publisher NOTIFYs `te_live` with the changed slot ids; every instance's one
 * LISTEN connection reads the committed counts of those slots in one query
 * and hands an event to each local subscriber of that organization. Events
 * of the door, and of today's slots, carry the organization's occupancy, read
 * once per delivered batch and organization (never per subscriber).
 */
import type { Db } from "../../db/client.ts";
import { type SlotCounts, slotCounts } from "../../db/dashboard.ts";
import type { Occupancy } from "../../domain/occupancy.ts";
import { logEvent } from "../log.ts";
import {
  describeError,
  isConnectionError,
} from "../../db/connection_errors.ts";
import {
  type LiveKind,
  type LivePayload,
  LivePublisher,
  type PublisherOptions,
} from "./publisher.ts";

export type { LiveKind } from "./publisher.ts";

/** The NOTIFY channel shared by every instance. */
export const LIVE_CHANNEL = "te_live";

/** One event for the dashboards of `orq`. */
export interface LiveEvent {
  kind: LiveKind;
  orq: number;
  /** The slot's committed counts; only its id when it was deleted; null for a conflict. */
  slot: Omit<SlotCounts, "orq"> | { id: number } | null;
  /** People inside now: on door events and events of today's slots, else null. */
  occupancy: Occupancy | null;
  /** A `slot_changed` event of a slot that was deleted (only its id is left). */
  deleted?: true;
  /**
   * `{"orq", "slot", "occupancy"}` (and `"deleted": true`) as JSON,
   * serialised once for every subscriber.
   */
  data: string;
  /** The whole SSE frame (hub-wide id), encoded once for every subscriber. */
  frame: Uint8Array;
}

/** A dashboard connection of this instance. */
export interface LiveSubscriber {
  send(event: LiveEvent): void;
  /**
   * The hub listens again after its connection was lost: events of the gap
   * are lost, so the subscriber sends a fresh snapshot.
   */
  resync?(): void;
  /** Called when the hub shuts down. */
  close(): void;
}

/** What routes and jobs see of the hub. */
export interface LiveSignal {
  /** Slot `slotId` of `orq` changed and that change has committed. */
  changed(orq: number, slotId: number, kind: LiveKind): void;
}

/**
 * What the hub needs to know of an organization's day: its venue's date now,
 * and the people inside now (lib/dashboard_summary.ts).
 */
export interface DayFacts {
  /** The venue's date now; null for an unknown organization. */
  today(orq: number): Promise<string | null>;
  occupancy(orq: number): Promise<Occupancy>;
}

/** Options for {@link LiveEvents}. */
export interface LiveOptions extends PublisherOptions {
  /** Without it, events carry no occupancy (null). */
  day?: DayFacts;
}

/** Kinds of the door: they move the occupancy whatever the slot's date. */
const DOOR_KINDS = new Set<LiveKind>([
  "verification",
  "check_in",
  "check_out",
  "undo",
]);

const KINDS = new Set<string>([
  "reservation",
  "verification",
  "expiry",
  "slot_changed",
  "check_in",
  "check_out",
  "undo",
  "conflict",
]);

/** The process-wide hub of live dashboard events. */
export class LiveEvents implements LiveSignal {
  #db: Db;
  #day: DayFacts | undefined;
  #publisher: LivePublisher;
  #subscribers = new Map<number, Set<LiveSubscriber>>();
  #listening: Promise<void> | null = null;
  #queue: LivePayload[] = [];
  #pumping = false;
  #closed = false;
  #count = 0;
  #seq = 0;
  #encoder = new TextEncoder();
  /** The last read failed for want of a database (an outage is logged once). */
  #unreachable = false;

  constructor(db: Db, opts: LiveOptions = {}) {
    this.#db = db;
    this.#day = opts.day;
    this.#publisher = new LivePublisher(async (payload) => {
      await db.query("SELECT pg_notify($1, $2)", [LIVE_CHANNEL, payload]);
    }, opts);
  }

  /** Dashboard connections open on this instance. */
  get clients(): number {
    return this.#count;
  }

  changed(orq: number, slotId: number, kind: LiveKind): void {
    if (!this.#closed) this.#publisher.changed(orq, slotId, kind);
  }

  /**
   * An offline conflict of `orq` has committed: a `conflict` event with it
   * (API.md "Manager"), one NOTIFY each; a lost one is only a late panel.
   */
  async conflict(
    orq: number,
    conflict: Record<string, unknown>,
  ): Promise<void> {
    if (this.#closed) return;
    const payload = JSON.stringify({
      orq,
      kind: "conflict",
      slots: [],
      conflict,
    });
    try {
      await this.#db.query("SELECT pg_notify($1, $2)", [LIVE_CHANNEL, payload]);
    } catch (err) {
      logEvent("live.publish_failed", { reason: describeError(err) });
    }
  }

  /**
   * Adds a subscriber for `orq`'s events once this instance listens (the
   * first subscriber opens the LISTEN connection); returns its unsubscribe.
   */
  async subscribe(orq: number, sub: LiveSubscriber): Promise<() => void> {
    if (this.#closed) throw new Error("The live event hub is closed");
    await this.#listen();
    let set = this.#subscribers.get(orq);
    if (!set) {
      set = new Set();
      this.#subscribers.set(orq, set);
    }
    set.add(sub);
    this.#count++;
    return () => {
      if (!set.delete(sub)) return;
      this.#count--;
      if (set.size === 0 && this.#subscribers.get(orq) === set) {
        this.#subscribers.delete(orq);
      }
    };
  }

  /** The id of the last event sent (SSE `id:`); snapshots take it too. */
  get lastId(): number {
    return this.#seq;
  }

  /** Resolves once this instance listens (opened by the first call). */
  ready(): Promise<void> {
    return this.#listen();
  }

  /** Sends what is pending, ends every subscriber and ignores later signals. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#publisher.flush();
    for (const set of this.#subscribers.values()) {
      for (const sub of set) sub.close();
    }
    this.#subscribers.clear();
    this.#count = 0;
  }

  #listen(): Promise<void> {
    this.#listening ??= this.#db.listen(
      LIVE_CHANNEL,
      (text) => this.#received(text),
      (gapMs) => this.#relistened(gapMs),
    ).catch((err) => {
      this.#listening = null;
      throw err;
    });
    return this.#listening;
  }

  #relistened(gapMs: number): void {
    if (this.#closed) return;
    logEvent("live.relisten", { gap_ms: gapMs, subscribers: this.#count });
    for (const set of this.#subscribers.values()) {
      for (const sub of set) sub.resync?.();
    }
  }

  #received(text: string): void {
    if (this.#closed) return;
    const p = parsePayload(text);
    if (!p) {
      logEvent("live.bad_payload", { payload: text.slice(0, 200) });
      return;
    }
    if (!this.#subscribers.has(p.orq)) return;
    this.#queue.push(p);
    if (!this.#pumping) this.#pump();
  }

  /**
   * Reads and delivers queued notifications one read at a time, merging all
   * that arrived meanwhile, so events leave in the order their counts were
   * read and a burst costs one query.
   */
  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const batch = this.#queue;
        this.#queue = [];
        try {
          await this.#deliver(batch);
          this.#unreachable = false;
        } catch (err) {
          // Lost events: a re-listen after an outage sends fresh snapshots.
          const outage = isConnectionError(err);
          if (!(outage && this.#unreachable)) {
            logEvent("live.read_failed", { reason: describeError(err) });
          }
          this.#unreachable = outage;
        }
      }
    } finally {
      this.#pumping = false;
    }
  }

  async #deliver(batch: LivePayload[]): Promise<void> {
    const ids = new Set<number>();
    for (const p of batch) for (const id of p.slots) ids.add(id);
    const rows = await slotCounts(this.#db, [...ids]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const occupancy = await this.#occupancies(batch, byId);
    const sent = new Set<string>();
    for (const p of batch) {
      const subs = this.#subscribers.get(p.orq);
      if (!subs) continue;
      if (p.conflict) {
        this.#sendConflict(subs, p.orq, p.conflict);
        continue;
      }
      const day = occupancy.get(p.orq);
      for (const id of p.slots) {
        const row = byId.get(id);
        const key = `${p.kind}:${id}`;
        if (sent.has(key)) continue;
        // A slot_changed slot that is gone was deleted: dashboards drop it.
        const gone = !row && p.kind === "slot_changed";
        if (!gone && (!row || row.orq !== p.orq)) continue;
        sent.add(key);
        let slot: LiveEvent["slot"] = { id };
        let occ: Occupancy | null = null;
        if (row) {
          const { orq: _, ...counts } = row;
          slot = counts;
          if (day && (DOOR_KINDS.has(p.kind) || row.date === day.today)) {
            occ = day.occupancy;
          }
        }
        const data = JSON.stringify(
          gone
            ? { orq: p.orq, slot, occupancy: occ, deleted: true }
            : { orq: p.orq, slot, occupancy: occ },
        );
        const event: LiveEvent = {
          kind: p.kind,
          orq: p.orq,
          slot,
          occupancy: occ,
          ...(gone ? { deleted: true as const } : {}),
          data,
          frame: this.#encoder.encode(
            `event: ${p.kind}\nid: ${++this.#seq}\ndata: ${data}\n\n`,
          ),
        };
        for (const sub of subs) sub.send(event);
      }
    }
  }

  #sendConflict(
    subs: Set<LiveSubscriber>,
    orq: number,
    conflict: Record<string, unknown>,
  ): void {
    const data = JSON.stringify({ orq, conflict });
    const event: LiveEvent = {
      kind: "conflict",
      orq,
      slot: null,
      occupancy: null,
      data,
      frame: this.#encoder.encode(
        `event: conflict\nid: ${++this.#seq}\ndata: ${data}\n\n`,
      ),
    };
    for (const sub of subs) sub.send(event);
  }

  /**
   * The occupancy of each organization of `batch` that has subscribers here
   * and a door event or a slot of its today in the batch: one read each.
   */
  async #occupancies(
    batch: LivePayload[],
    byId: Map<number, SlotCounts>,
  ): Promise<Map<number, { today: string; occupancy: Occupancy }>> {
    const out = new Map<number, { today: string; occupancy: Occupancy }>();
    const facts = this.#day;
    if (!facts) return out;
    const orgs = new Map<number, LivePayload[]>();
    for (const p of batch) {
      if (!this.#subscribers.has(p.orq)) continue;
      orgs.set(p.orq, [...(orgs.get(p.orq) ?? []), p]);
    }
    await Promise.all([...orgs].map(async ([orq, payloads]) => {
      const today = await facts.today(orq);
      if (today === null) return;
      const wanted = payloads.some((p) =>
        DOOR_KINDS.has(p.kind) ||
        p.slots.some((id) => byId.get(id)?.date === today)
      );
      if (wanted) {
        out.set(orq, { today, occupancy: await facts.occupancy(orq) });
      }
    }));
    return out;
  }
}

/** A NOTIFY payload checked for shape; null when it is not ours. */
export function parsePayload(text: string): LivePayload | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  const p = v as Partial<LivePayload>;
  if (
    !p || !Number.isInteger(p.orq) || typeof p.kind !== "string" ||
    !KINDS.has(p.kind) || !Array.isArray(p.slots) ||
    !p.slots.every((id) => Number.isInteger(id))
  ) return null;
  if (
    p.kind === "conflict" &&
    (typeof p.conflict !== "object" || p.conflict === null)
  ) return null;
  return p as LivePayload;
}
