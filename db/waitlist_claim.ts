/**
 * Claiming a waitlist offer (API.md "Customer self-service": `POST
 * /api/waitlist/claim`): the held places become booked in one transaction
 * (held − n, booked + n), one reservation per ticket of the entry.
 */
import { signReservation } from "./ticket_signing.ts";
import { GROUP_CONFIRMATION_MAIL } from "./group_mail.ts";
import type { Db, Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import {
  reservationRefusal,
  type TicketStatus,
} from "../domain/ticket_status.ts";
import { derivedStatus } from "./sql_fragments.ts";
import { inRetriedTransaction, queueMail } from "./reservation_locks.ts";
import { findReservationById, type ReservationView } from "./reservations.ts";
import { CONFIRMATION_MAIL } from "./reservation_cancel.ts";
import {
  dropWaiting,
  endEntries,
  endHeldOffers,
  hashClaimToken,
  lockWaitlistSlot,
  offerFreedPlaces,
  releaseHeld,
} from "./waitlist_offers.ts";

/** What a claim did: the reservations, or a refusal that was committed. */
export type ClaimOutcome =
  | {
    kind: "booked";
    again: boolean;
    /** Set when the claim booked several places (one group). */
    group_id?: string | null;
    orq: number;
    slot_id: number;
    reservations: ReservationView[];
  }
  | { kind: "refused"; error: AppError; orq: number; slot_id: number };

interface OfferRow {
  id: number;
  entry_id: number;
  slot_id: number;
  orq: number;
  places: number;
  status: string;
  expires_at: Date;
  reservation_ids: number[] | null;
  customer_email: string;
  /** The language the customer joined the waitlist in. */
  locale: string | null;
}

/**
 * Claims the offer of `token` with `phone` at `instant`. Unknown → 404
 * OFFER_NOT_FOUND; claimed before → the same reservations (`again`); the
 * hold over → 410 OFFER_EXPIRED (an ended hold the job has not reached yet
 * is ended here, its places offered on); the slot closed → 409 SLOT_CLOSED;
 * a ticket no longer reservable → its TICKET_* code (`details.ticket_code`),
 * the entry dropped and its places offered on. Refusals that changed
 * something come back as "refused" after the commit.
 */
export async function claimOffer(
  db: Db,
  token: string,
  phone: string,
  instant: Date,
  /** The claim's language; absent: the one the entry joined in. */
  locale?: string | null,
): Promise<ClaimOutcome> {
  const hash = await hashClaimToken(token);
  const [found] = await db.query<{ id: number }>(
    "SELECT id FROM waitlist_offers WHERE token_hash = $1",
    [hash],
  );
  if (!found) throw new AppError("OFFER_NOT_FOUND");
  return await inRetriedTransaction(db, async (tx) => {
    // Tickets by id, then the slot, then the entry: the lock order.
    const tickets = await tx.query<
      {
        id: number;
        code: string;
        status: TicketStatus;
        expires_at: Date | null;
      }
    >(
      `SELECT t.id, t.code, t.status, t.expires_at
         FROM waitlist_offers o
         JOIN waitlist_tickets wt ON wt.entry_id = o.entry_id
         JOIN tickets t ON t.id = wt.ticket_id
        WHERE o.id = $1
        ORDER BY t.id FOR UPDATE OF t`,
      [found.id],
    );
    const [{ slot_id }] = await tx.query<{ slot_id: number }>(
      "SELECT slot_id FROM waitlist_offers WHERE id = $1",
      [found.id],
    );
    const slot = await lockWaitlistSlot(tx, slot_id);
    const offer = await lockOffer(tx, found.id);
    if (!slot || !offer) throw new AppError("OFFER_NOT_FOUND");
    const where = { orq: offer.orq, slot_id: offer.slot_id };
    if (offer.status === "CLAIMED") {
      const ids = offer.reservation_ids ?? [];
      return {
        kind: "booked",
        again: true,
        ...where,
        // The first claim's group, so a repeat answers the same group_id.
        group_id: await groupOf(tx, ids),
        reservations: await views(tx, ids),
      };
    }
    if (offer.status !== "HELD") {
      throw new AppError(
        slot.status === "CLOSED" ? "SLOT_CLOSED" : "OFFER_EXPIRED",
      );
    }
    if (offer.expires_at.getTime() <= instant.getTime()) {
      await endHeldOffers(tx, slot, "expired", instant);
      await offerFreedPlaces(tx, slot.id, instant);
      return {
        kind: "refused",
        error: new AppError("OFFER_EXPIRED"),
        ...where,
      };
    }
    const ranked = await tx.query<{ ticket_id: number }>(
      "SELECT ticket_id FROM waitlist_tickets WHERE entry_id = $1 ORDER BY rank",
      [offer.entry_id],
    );
    const byId = new Map(tickets.map((t) => [t.id, t]));
    for (const { ticket_id } of ranked) {
      const t = byId.get(ticket_id)!;
      const refusal = reservationRefusal(t, instant);
      if (!refusal) continue;
      // The hold passes on: the entry goes, its places to the next ones.
      await tx.query(
        "UPDATE waitlist_offers SET status = 'RELEASED' WHERE id = $1",
        [offer.id],
      );
      await releaseHeld(tx, slot.id, offer.places, instant);
      await dropWaiting(tx, slot, [offer.entry_id], "tickets", instant);
      await offerFreedPlaces(tx, slot.id, instant);
      const error = new AppError(refusal.code, {
        details: { ...refusal.details, ticket_code: t.code },
      });
      return { kind: "refused", error, ...where };
    }
    const moved = await tx.query(
      `UPDATE reservation_slots
          SET held_count = held_count - $2, booked_count = booked_count + $2,
              status = ${
        derivedStatus("(booked_count + $2)", "(held_count - $2)")
      },
              updated_at = $3
        WHERE id = $1 AND held_count >= $2
       RETURNING id`,
      [slot.id, offer.places, instant],
    );
    if (moved.length !== 1) throw new Error("claim without its held places");
    // Several places booked together are a group: one confirmation for all.
    const groupId = ranked.length > 1 ? crypto.randomUUID() : null;
    const ids: number[] = [];
    for (const { ticket_id } of ranked) {
      await tx.query(
        `UPDATE tickets
            SET status = 'RESERVED', reserved_at = $2, customer_email = $3,
                customer_phone = $4, updated_at = $2
          WHERE id = $1`,
        [ticket_id, instant, offer.customer_email, phone],
      );
      const [r] = await tx.query<{ id: number }>(
        `INSERT INTO ticket_reservations
           (ticket_id, slot_id, orq, customer_email, customer_phone, reserved_at,
            group_id, locale)
         VALUES ($1, $2, $3, $4, $5, $6, $7::uuid, $8) RETURNING id`,
        [
          ticket_id,
          slot.id,
          offer.orq,
          offer.customer_email,
          phone,
          instant,
          groupId,
          locale ?? offer.locale ?? null,
        ],
      );
      ids.push(r.id);
    }
    await queueMail(
      tx,
      groupId ? GROUP_CONFIRMATION_MAIL : CONFIRMATION_MAIL,
      ids[0],
      offer.customer_email,
    );
    await signReservation(tx, ids);
    await tx.query(
      `UPDATE waitlist_offers
          SET status = 'CLAIMED', claimed_at = $2, reservation_ids = $3::int[]
        WHERE id = $1`,
      [offer.id, instant, ids],
    );
    await endEntries(tx, slot.id, [offer.entry_id], "CLAIMED", instant);
    return {
      kind: "booked",
      again: false,
      ...where,
      group_id: groupId,
      reservations: await views(tx, ids),
    };
  });
}

async function lockOffer(tx: Sql, id: number): Promise<OfferRow | null> {
  const [row] = await tx.query<OfferRow>(
    `SELECT o.id, o.entry_id, o.slot_id, e.orq, o.places, o.status,
            o.expires_at, o.reservation_ids, e.customer_email, e.locale
       FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id
      WHERE o.id = $1
        FOR UPDATE OF o, e`,
    [id],
  );
  return row ? { ...row, expires_at: new Date(row.expires_at) } : null;
}

/** The group of reservations `ids` (null: booked alone). */
async function groupOf(tx: Sql, ids: number[]): Promise<string | null> {
  if (ids.length === 0) return null;
  const [row] = await tx.query<{ group_id: string | null }>(
    `SELECT group_id::text FROM ticket_reservations
      WHERE id = ANY($1::int[]) AND group_id IS NOT NULL
      ORDER BY id LIMIT 1`,
    [ids],
  );
  return row?.group_id ?? null;
}

/** The venue of the offer of claim link `token` (null: no such offer). */
export async function orqOfClaimToken(
  db: Db,
  token: string,
): Promise<number | null> {
  const [row] = await db.query<{ orq: number }>(
    `SELECT e.orq FROM waitlist_offers o
       JOIN waitlist_entries e ON e.id = o.entry_id
      WHERE o.token_hash = $1`,
    [await hashClaimToken(token)],
  );
  return row?.orq ?? null;
}

async function views(tx: Sql, ids: number[]): Promise<ReservationView[]> {
  const out: ReservationView[] = [];
  for (const id of ids) {
    const r = await findReservationById(tx, id);
    if (r) out.push(r);
  }
  return out;
}
