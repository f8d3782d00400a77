/**
 * The waitlist's periodic pass (lib/waitlist_job.ts): holds past their end
 * give their places back and the places are offered again; slots that
 * start within `waitlist_offer_minutes`, have ended or are closed lose their
 * waiting entries; free places a waiting entry fits are offered. Each slot
 * in a transaction of its own under its row lock, so any number of
 * instances may run it at once and each change happens once.
 */
import type { Db } from "./client.ts";
import { SLOT_STARTS_AT } from "./sql_fragments.ts";
import { inRetriedTransaction } from "./reservation_locks.ts";
import {
  endHeldOffers,
  lockWaitlistSlot,
  offerFreedPlaces,
} from "./waitlist_offers.ts";

/** What a pass changed. */
export interface WaitlistPass {
  /** The slots it changed, with their organization. */
  slots: { id: number; orq: number }[];
  expired: number;
  offered: number;
  dropped: number;
}

/**
 * One pass at `instant` over at most `limit` slots that need one; its
 * totals. Also removes the claim token from waitlist mails that have gone.
 */
export async function passWaitlists(
  db: Db,
  instant: Date,
  limit = 100,
): Promise<WaitlistPass> {
  const due = await db.query<{ slot_id: number }>(
    `SELECT slot_id FROM waitlist_offers
      WHERE status = 'HELD' AND expires_at <= $1
     UNION
     SELECT s.id FROM reservation_slots s
       JOIN organizations o ON o.orq = s.orq
      WHERE EXISTS (SELECT 1 FROM waitlist_entries e
                     WHERE e.slot_id = s.id AND e.status = 'WAITING')
        AND (s.status = 'CLOSED'
             OR s.booked_count + s.held_count < s.total_capacity
             OR ${SLOT_STARTS_AT} <= $1::timestamptz + make_interval(
                  mins => COALESCE((o.settings->>'waitlist_offer_minutes')::int, 30)))
     LIMIT $2`,
    [instant, limit],
  );
  const pass: WaitlistPass = { slots: [], expired: 0, offered: 0, dropped: 0 };
  for (const { slot_id } of due) {
    const done = await inRetriedTransaction(db, async (tx) => {
      const slot = await lockWaitlistSlot(tx, slot_id);
      if (!slot) return null;
      const ended = await endHeldOffers(tx, slot, "expired", instant);
      const offered = await offerFreedPlaces(tx, slot_id, instant);
      return { slot, ended, offered };
    });
    if (!done) continue;
    const changed = done.ended.length + done.offered.held.length +
      done.offered.dropped.length;
    if (changed > 0) pass.slots.push({ id: done.slot.id, orq: done.slot.orq });
    pass.expired += done.ended.length;
    pass.offered += done.offered.held.length;
    pass.dropped += done.offered.dropped.length;
  }
  await db.query(
    `UPDATE mail_outbox SET waitlist_payload = waitlist_payload - 'token'
      WHERE waitlist_payload ? 'token' AND status <> 'PENDING'`,
  );
  return pass;
}
