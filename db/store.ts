/**
 * The database with this process's state of it: the batched ticket and slot
 * reads, the place-taking and door batchers, the full-slot hint and the
 * alternatives cache. Built once per database (`buildDeps`, or a test) and passed to the
 * functions of the hot paths, so no module keeps state of its own.
 */
import type { Db } from "./client.ts";
import type { BatchLoader } from "./batch_loader.ts";
import { ticketLoader, type TicketRow } from "./tickets.ts";
import { slotLoader, type SlotRow } from "./slots.ts";
import { ReservationBatcher } from "./reservation_batches.ts";
import { DoorBatcher } from "./door_batches.ts";
import { RescheduleBatcher } from "./reschedule_batches.ts";
import { type TicketKey, ticketKeyLoader } from "./ticket_keys.ts";
import { RecentlyFull } from "./recently_full.ts";
import { TtlCache } from "./ttl_cache.ts";
import type { SigningThread } from "./signing_thread.ts";

/** A full slot's suggested alternatives, as SLOT_FULL's details list them. */
export type Alternative = Pick<
  SlotRow,
  "id" | "date" | "start_time" | "end_time" | "available_count"
>;

/** One database and the per-process state of its hot paths. */
export interface Store {
  db: Db;
  /** Tickets by normalised code; concurrent reads share a query. */
  tickets: BatchLoader<string, TicketRow>;
  /** Slots by id; concurrent reads share a query. */
  slots: BatchLoader<number, SlotRow>;
  /** Takes places: one statement per slot for the requests waiting together. */
  places: ReservationBatcher;
  /** Applies the door's admissions, re-entries and exits a batch at a time. */
  doors: DoorBatcher;
  /** Applies customers' reschedules a statement at a time. */
  moves: RescheduleBatcher;
  /** Tickets' ids, codes and organizations by code or id (db/ticket_keys.ts). */
  ticketKeys: BatchLoader<string, TicketKey>;
  /** Slots recently found full (a hint of which path to try first). */
  fullSlots: RecentlyFull;
  /**
   * Alternatives of a full slot by `slotId|date|time`, kept a second: when
   * hundreds are turned away from one slot at once they all get the same
   * suggestions (the suggested slots are checked again when booked).
   */
  alternatives: TtlCache<Alternative[]>;
}

/**
 * The store of `db`: build one per database and process. `signer`: the
 * thread that signs the QR payloads of bookings and moves (else in process).
 */
export function createStore(
  db: Db,
  opts: { signer?: SigningThread | null } = {},
): Store {
  return {
    db,
    tickets: ticketLoader(db),
    slots: slotLoader(db),
    places: new ReservationBatcher(db, opts.signer),
    doors: new DoorBatcher(db),
    moves: new RescheduleBatcher(db, opts.signer),
    ticketKeys: ticketKeyLoader(db),
    fullSlots: new RecentlyFull(),
    alternatives: new TtlCache<Alternative[]>(1000),
  };
}
