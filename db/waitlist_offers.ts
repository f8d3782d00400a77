/**
 * Holding freed places for a slot's waitlist (API.md "Customer
 * self-service"). Every path that frees places (cancel, move or reschedule
 * away, more capacity, an ended hold) calls {@link offerFreedPlaces} in its
 * own transaction, with the slot already locked: the places are held
 * (`held_count`) for the entries that fit, in join order, before anyone
 * else can book them, and each held entry gets its offer mail.
 */
import type { Sql } from "./client.ts";
import { derivedStatus, SLOT_STARTS_AT } from "./sql_fragments.ts";
import { holdExpiry, mayHold, planOffers } from "../domain/waitlist.ts";

/** Outbox kinds of the waitlist's mails (lib/mail/waitlist.ts composes them). */
export const WAITLIST_OFFER_MAIL = "waitlist.offer";
export const WAITLIST_EXPIRED_MAIL = "waitlist.expired";
export const WAITLIST_DROPPED_MAIL = "waitlist.dropped";

/** Why an entry left the waitlist without a booking, as its mail says. */
export type DropReason = "tickets" | "too_late" | "closed" | "deleted";

/** Live entries looked at per call: enough for any slot's freed places. */
const ENTRIES_PER_PASS = 200;

/** A slot with what offering needs, read under its lock. */
export interface WaitlistSlot {
  id: number;
  orq: number;
  status: string;
  total_capacity: number;
  booked_count: number;
  held_count: number;
  date: string;
  start_time: string;
  end_time: string;
  starts: Date;
  offer_minutes: number;
  org_name: string;
  /** The venue's postal address (may hold newlines). */
  org_address: string | null;
  timezone: string;
  /** The venue's language (the mails' when the entry has none). */
  org_locale?: string | null;
}

/** What a waitlist mail says (mail_outbox.waitlist_payload). */
export interface WaitlistMailFacts {
  entry_id: number;
  locale: string | null;
  /** The venue's language; absent in mails queued before it was kept. */
  org_locale?: string | null;
  org_name: string;
  /** The venue's postal address; absent in mails queued before it was kept. */
  org_address?: string | null;
  timezone: string;
  date: string;
  start_time: string;
  end_time: string;
  places: number;
  /** Offer mails: the claim token (removed once the mail has gone). */
  token?: string;
  expires_at?: string;
  reason?: DropReason;
}

/** What offering did. */
export interface OfferResult {
  /** Entries now holding places, with their offer ids. */
  held: { entry_id: number; offer_id: number; places: number }[];
  dropped: number[];
}

/**
 * Locks slot `slotId` (a no-op when the caller holds it) and reads it; null
 * when it is gone.
 */
export async function lockWaitlistSlot(
  tx: Sql,
  slotId: number,
): Promise<WaitlistSlot | null> {
  const [slot] = await tx.query<WaitlistSlot>(
    `SELECT s.id, s.orq, s.status, s.total_capacity, s.booked_count,
            s.held_count, s.date, to_char(s.start_time, 'HH24:MI') AS start_time,
            to_char(s.end_time, 'HH24:MI') AS end_time,
            ${SLOT_STARTS_AT} AS starts,
            COALESCE((o.settings->>'waitlist_offer_minutes')::int, 30)
              AS offer_minutes,
            o.name AS org_name, o.address AS org_address, o.timezone,
            o.locale AS org_locale
       FROM reservation_slots s JOIN organizations o ON o.orq = s.orq
      WHERE s.id = $1
        FOR UPDATE OF s`,
    [slotId],
  );
  return slot ? { ...slot, starts: new Date(slot.starts) } : null;
}

/**
 * Holds the free places of slot `slotId` for its waitlist, at `instant`, in
 * the caller's transaction (which has locked the slot, or locks nothing
 * after it but waitlist rows). Entries whose tickets are no longer all
 * reservable are dropped (with a mail). Once the slot starts within
 * `waitlist_offer_minutes` (or is closed) nothing is held and the waiting
 * entries are dropped (with a mail): freed places go back on sale.
 */
export async function offerFreedPlaces(
  tx: Sql,
  slotId: number,
  instant: Date,
): Promise<OfferResult> {
  const result: OfferResult = { held: [], dropped: [] };
  const slot = await lockWaitlistSlot(tx, slotId);
  if (!slot) return result;
  if (
    slot.status === "CLOSED" ||
    !mayHold(instant, slot.starts, slot.offer_minutes)
  ) {
    const closed = slot.status === "CLOSED";
    // A closed slot's holds end too; a slot about to start keeps them.
    if (closed) await endHeldOffers(tx, slot, "all", instant);
    const reason = closed ? "closed" : "too_late";
    result.dropped = await dropWaiting(tx, slot, null, reason, instant);
    return result;
  }
  const free = slot.total_capacity - slot.booked_count - slot.held_count;
  if (free <= 0) return result;
  const entries = await tx.query<
    { id: number; places: number; reservable: boolean }
  >(
    `SELECT e.id, e.places,
            NOT EXISTS (
              SELECT 1 FROM waitlist_tickets wt JOIN tickets t ON t.id = wt.ticket_id
               WHERE wt.entry_id = e.id
                 AND (t.status <> 'ACTIVATED' OR t.expires_at <= $2)) AS reservable
       FROM waitlist_entries e
      WHERE e.slot_id = $1 AND e.status = 'WAITING'
      ORDER BY e.id
      LIMIT ${ENTRIES_PER_PASS}`,
    [slotId, instant],
  );
  const plan = planOffers(free, entries);
  if (plan.drop.length > 0) {
    result.dropped = await dropWaiting(
      tx,
      slot,
      plan.drop,
      "tickets",
      instant,
    );
  }
  if (plan.hold.length === 0) return result;
  // Entries after the slot (the lock order), in id order.
  const locked = await tx.query<
    { id: number; places: number; customer_email: string; locale: string }
  >(
    `SELECT id, places, customer_email, locale FROM waitlist_entries
      WHERE id = ANY($1::int[]) AND status = 'WAITING'
      ORDER BY id FOR UPDATE`,
    [plan.hold],
  );
  const total = locked.reduce((n, e) => n + e.places, 0);
  if (total === 0) return result;
  // Guarded as every capacity move is; the read under the lock agrees.
  const taken = await tx.query(
    `UPDATE reservation_slots
        SET held_count = held_count + $2,
            status = ${derivedStatus("booked_count", "(held_count + $2)")},
            updated_at = $3
      WHERE id = $1 AND booked_count + held_count + $2 <= total_capacity
     RETURNING id`,
    [slotId, total, instant],
  );
  if (taken.length !== 1) throw new Error("waitlist hold overran capacity");
  const expires = holdExpiry(instant, slot.starts, slot.offer_minutes);
  const mails: MailRow[] = [];
  for (const e of locked) {
    const token = newClaimToken();
    const [offer] = await tx.query<{ id: number }>(
      `INSERT INTO waitlist_offers
         (entry_id, slot_id, token_hash, places, offered_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id`,
      [e.id, slotId, await hashClaimToken(token), e.places, instant, expires],
    );
    result.held.push({ entry_id: e.id, offer_id: offer.id, places: e.places });
    mails.push({
      kind: WAITLIST_OFFER_MAIL,
      to: e.customer_email,
      facts: {
        ...mailFacts(slot, e),
        token,
        expires_at: expires.toISOString(),
      },
    });
  }
  await tx.query(
    `UPDATE waitlist_entries SET status = 'OFFERED', updated_at = $2
      WHERE id = ANY($1::int[])`,
    [locked.map((e) => e.id), instant],
  );
  await queueWaitlistMails(tx, mails);
  return result;
}

/**
 * Ends the live entries `ids` of `slot` (all its WAITING ones when null)
 * as DROPPED, each with a mail saying `reason`; their ids. Entries that
 * hold places must have their offer released first.
 */
export async function dropWaiting(
  tx: Sql,
  slot: WaitlistSlot,
  ids: number[] | null,
  reason: DropReason,
  instant: Date,
): Promise<number[]> {
  const ended = await endEntries(tx, slot.id, ids, "DROPPED", instant);
  await queueWaitlistMails(
    tx,
    ended.map((e) => ({
      kind: WAITLIST_DROPPED_MAIL,
      to: e.customer_email,
      facts: { ...mailFacts(slot, e), reason },
    })),
  );
  return ended.map((e) => e.id);
}

/** An entry as its mails need it. */
interface EndedEntry {
  id: number;
  places: number;
  customer_email: string;
  locale: string | null;
}

/**
 * Sets the live entries `ids` of slot `slotId` (all WAITING ones when null)
 * to `status`, their tickets free to join another waitlist; the entries.
 */
export async function endEntries(
  tx: Sql,
  slotId: number,
  ids: number[] | null,
  status: "DROPPED" | "EXPIRED" | "LEFT" | "CLAIMED",
  instant: Date,
): Promise<EndedEntry[]> {
  const ended = await tx.query<EndedEntry>(
    `UPDATE waitlist_entries SET status = $3, updated_at = $4
      WHERE id IN (SELECT id FROM waitlist_entries
                    WHERE slot_id = $1
                      AND CASE WHEN $2::int[] IS NULL THEN status = 'WAITING'
                               ELSE id = ANY($2::int[])
                                    AND status IN ('WAITING', 'OFFERED') END
                    ORDER BY id FOR UPDATE)
     RETURNING id, places, customer_email, locale`,
    [slotId, ids, status, instant],
  );
  if (ended.length > 0) {
    await tx.query(
      `UPDATE waitlist_tickets SET live = false WHERE entry_id = ANY($1::int[])`,
      [ended.map((e) => e.id)],
    );
  }
  return ended;
}

/**
 * Gives back the places `places` held in slot `slotId` (held − n, status
 * derived), in the caller's transaction under the slot's lock.
 */
export async function releaseHeld(
  tx: Sql,
  slotId: number,
  places: number,
  instant: Date,
): Promise<void> {
  if (places <= 0) return;
  const rows = await tx.query(
    `UPDATE reservation_slots
        SET held_count = held_count - $2,
            status = ${derivedStatus("booked_count", "(held_count - $2)")},
            updated_at = $3
      WHERE id = $1 AND held_count >= $2
     RETURNING id`,
    [slotId, places, instant],
  );
  if (rows.length !== 1) throw new Error("waitlist release below zero");
}

/**
 * Ends HELD offers of `slot` (locked by the caller) and gives their places
 * back: "expired", those whose hold is over at `instant` (offer and entry
 * EXPIRED, with a mail); "all", every one (offer RELEASED, entry DROPPED
 * with a "closed" mail). The ended offers.
 */
export async function endHeldOffers(
  tx: Sql,
  slot: WaitlistSlot,
  which: "expired" | "all",
  instant: Date,
): Promise<{ entry_id: number; places: number }[]> {
  const ended = await tx.query<{ entry_id: number; places: number }>(
    `UPDATE waitlist_offers o SET status = $3
      WHERE o.slot_id = $1 AND o.status = 'HELD'
        ${
      which === "expired"
        ? "AND o.expires_at <= $2"
        : "AND $2::timestamptz IS NOT NULL"
    }
     RETURNING o.entry_id, o.places`,
    [slot.id, instant, which === "expired" ? "EXPIRED" : "RELEASED"],
  );
  if (ended.length === 0) return ended;
  await releaseHeld(
    tx,
    slot.id,
    ended.reduce((n, o) => n + o.places, 0),
    instant,
  );
  const ids = ended.map((o) => o.entry_id);
  if (which === "expired") {
    const entries = await endEntries(tx, slot.id, ids, "EXPIRED", instant);
    await queueWaitlistMails(
      tx,
      entries.map((e) => ({
        kind: WAITLIST_EXPIRED_MAIL,
        to: e.customer_email,
        facts: mailFacts(slot, e),
      })),
    );
  } else {
    await dropWaiting(tx, slot, ids, "closed", instant);
  }
  return ended;
}

function mailFacts(
  slot: WaitlistSlot,
  e: { id: number; places: number; locale: string | null },
): WaitlistMailFacts {
  return {
    entry_id: e.id,
    locale: e.locale,
    org_locale: slot.org_locale ?? null,
    org_name: slot.org_name,
    org_address: slot.org_address,
    timezone: slot.timezone,
    date: slot.date,
    start_time: slot.start_time,
    end_time: slot.end_time,
    places: e.places,
  };
}

interface MailRow {
  kind: string;
  to: string;
  facts: WaitlistMailFacts;
}

/** Queues `mails` in the caller's transaction. */
export async function queueWaitlistMails(
  tx: Sql,
  mails: MailRow[],
): Promise<void> {
  if (mails.length === 0) return;
  await tx.query(
    `INSERT INTO mail_outbox (kind, to_address, waitlist_payload)
     SELECT x->>'kind', x->>'to', x->'facts'
       FROM jsonb_array_elements($1::text::jsonb) AS x`,
    [JSON.stringify(mails)],
  );
}

/** A claim token: 256 random bits, base64url. */
export function newClaimToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-")
    .replaceAll("/", "_").replace(/=+$/, "");
}

/** What the database keeps of a claim token: its SHA-256, hex. */
export async function hashClaimToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(token),
  );
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}
