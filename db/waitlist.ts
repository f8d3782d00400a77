/**
 * Joining and leaving a full slot's waitlist (API.md "Customer
 * self-service": `POST /api/waitlist`, `DELETE /api/waitlist/:id`). Locks in
 * the contract's order: tickets by id, then the slot, then entries.
 */
import type { Db } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import { reservationRefusal } from "../domain/ticket_status.ts";
import type { TicketStatus } from "../domain/ticket_status.ts";
import { mayHold } from "../domain/waitlist.ts";
import { inRetriedTransaction } from "./reservation_locks.ts";
import {
  endEntries,
  lockWaitlistSlot,
  offerFreedPlaces,
  releaseHeld,
} from "./waitlist_offers.ts";

/** What a customer asks to join with (codes normalised, distinct). */
export interface JoinRequest {
  codes: string[];
  slotId: number;
  email: string;
  locale: string | null;
}

/** A new entry as `POST /api/waitlist` answers it. */
export interface JoinedEntry {
  id: number;
  orq: number;
  /** 1-based rank among the slot's live entries now. */
  position: number;
  slot: { id: number; date: string; start_time: string; end_time: string };
}

/** A ticket as joining judges it. */
interface LockedTicket {
  id: number;
  code: string;
  orq: number;
  status: TicketStatus;
  expires_at: Date | null;
}

/**
 * Puts the tickets `req.codes` on slot `req.slotId`'s waitlist. Refusals in
 * this order: each ticket in the given order (TICKET_*, with
 * `details.ticket_code`; another organization's ticket is not found), a
 * ticket already on a live waitlist (ALREADY_WAITLISTED), then the slot
 * (SLOT_NOT_FOUND, SLOT_CLOSED, SLOT_IN_PAST when it starts within
 * `waitlist_offer_minutes`, SLOT_NOT_FULL when it has room for the group).
 */
export async function joinWaitlist(
  db: Db,
  req: JoinRequest,
  instant: Date,
): Promise<JoinedEntry> {
  try {
    return await inRetriedTransaction(db, async (tx) => {
      const tickets = await tx.query<LockedTicket>(
        `SELECT id, code, orq, status, expires_at FROM tickets
          WHERE code = ANY($1::text[]) ORDER BY id FOR UPDATE`,
        [req.codes],
      );
      const byCode = new Map(tickets.map((t) => [t.code, t]));
      const orq = byCode.get(req.codes[0])?.orq;
      for (const code of req.codes) {
        const t = byCode.get(code);
        const refusal = !t || t.orq !== orq
          ? new AppError("TICKET_NOT_FOUND")
          : reservationRefusal(t, instant);
        if (refusal) throw withTicket(refusal, code);
      }
      const [listed] = await tx.query<{ code: string }>(
        `SELECT t.code FROM waitlist_tickets wt JOIN tickets t ON t.id = wt.ticket_id
          WHERE wt.ticket_id = ANY($1::int[]) AND wt.live
          ORDER BY t.code LIMIT 1`,
        [tickets.map((t) => t.id)],
      );
      if (listed) {
        throw withTicket(new AppError("ALREADY_WAITLISTED"), listed.code);
      }
      const slot = await lockWaitlistSlot(tx, req.slotId);
      if (!slot || slot.orq !== orq) throw new AppError("SLOT_NOT_FOUND");
      if (slot.status === "CLOSED") throw new AppError("SLOT_CLOSED");
      if (!mayHold(instant, slot.starts, slot.offer_minutes)) {
        throw new AppError("SLOT_IN_PAST");
      }
      const free = slot.total_capacity - slot.booked_count - slot.held_count;
      if (free >= req.codes.length) {
        throw new AppError("SLOT_NOT_FULL", {
          details: { available_count: free },
        });
      }
      const [entry] = await tx.query<{ id: number }>(
        `INSERT INTO waitlist_entries
           (orq, slot_id, customer_email, locale, places, joined_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         RETURNING id`,
        [
          slot.orq,
          slot.id,
          req.email,
          req.locale,
          req.codes.length,
          instant,
        ],
      );
      await tx.query(
        `INSERT INTO waitlist_tickets (entry_id, ticket_id, rank)
         SELECT $1, id, rank FROM unnest($2::int[]) WITH ORDINALITY AS x(id, rank)`,
        [entry.id, req.codes.map((c) => byCode.get(c)!.id)],
      );
      const [{ position }] = await tx.query<{ position: number }>(
        `SELECT count(*)::int AS position FROM waitlist_entries
          WHERE slot_id = $1 AND status IN ('WAITING', 'OFFERED') AND id <= $2`,
        [slot.id, entry.id],
      );
      return {
        id: entry.id,
        orq: slot.orq,
        position,
        slot: {
          id: slot.id,
          date: slot.date,
          start_time: slot.start_time,
          end_time: slot.end_time,
        },
      };
    });
  } catch (err) {
    // Two joins with the same ticket at once: the partial unique index.
    if ((err as { code?: string })?.code === "23505") {
      throw new AppError("ALREADY_WAITLISTED");
    }
    throw err;
  }
}

function withTicket(err: AppError, code: string): AppError {
  return new AppError(err.code, {
    details: { ...err.details, ticket_code: code },
  });
}

/**
 * Takes live entry `id` off its waitlist for the holder of one of its ticket
 * codes: its held places (if an offer is open) are given back and offered
 * to the next entries. Unknown, ended, or a code not of the entry → 404
 * WAITLIST_NOT_FOUND.
 */
export async function leaveWaitlist(
  db: Db,
  id: number,
  code: string,
  instant: Date,
): Promise<{ orq: number; slot_id: number }> {
  const [found] = await db.query<{ slot_id: number; orq: number }>(
    `SELECT e.slot_id, e.orq FROM waitlist_entries e
       JOIN waitlist_tickets wt ON wt.entry_id = e.id
       JOIN tickets t ON t.id = wt.ticket_id
      WHERE e.id = $1 AND t.code = $2 AND e.status IN ('WAITING', 'OFFERED')`,
    [id, code],
  );
  if (!found) throw new AppError("WAITLIST_NOT_FOUND");
  return await inRetriedTransaction(db, async (tx) => {
    const slot = await lockWaitlistSlot(tx, found.slot_id);
    if (!slot) throw new AppError("WAITLIST_NOT_FOUND");
    const ended = await endEntries(tx, slot.id, [id], "LEFT", instant);
    if (ended.length === 0) throw new AppError("WAITLIST_NOT_FOUND");
    const released = await tx.query<{ places: number }>(
      `UPDATE waitlist_offers SET status = 'RELEASED'
        WHERE entry_id = $1 AND status = 'HELD' RETURNING places`,
      [id],
    );
    if (released.length > 0) {
      await releaseHeld(tx, slot.id, released[0].places, instant);
      await offerFreedPlaces(tx, slot.id, instant);
    }
    return { orq: found.orq, slot_id: found.slot_id };
  });
}
