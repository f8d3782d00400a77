/** Helpers of the waitlist tests: joining, claiming, the offers' tokens, invariants. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Sql } from "../../db/client.ts";
import type { TestServer } from "./server.ts";
import { call, post, type Reply } from "./api.ts";
import { brokenInvariants } from "./invariants.ts";
import { book, tomorrow } from "./staff_changes.ts";

/** `POST /api/waitlist` with `codes` for `slotId`. */
export function join(
  s: { url: string },
  codes: string[],
  slotId: number,
  email = "wait@example.com",
  extra: Record<string, unknown> = {},
): Promise<Reply> {
  return post(s.url, "/api/waitlist", {
    ticket_codes: codes,
    slot_id: slotId,
    customer_email: email,
    ...extra,
  });
}

/** `POST /api/waitlist/claim`. */
export function claim(
  s: { url: string },
  token: string,
  phone = "+31 6 1111 2222",
): Promise<Reply> {
  return post(s.url, "/api/waitlist/claim", {
    token,
    customer_phone: phone,
  });
}

/** `DELETE /api/waitlist/:id`. */
export function leave(
  s: { url: string },
  id: number | string,
  code: string,
): Promise<Reply> {
  return call(s.url, "DELETE", `/api/waitlist/${id}`, { json: { code } });
}

/** The claim token of entry `entryId`'s offer mail (null: none queued). */
export async function offerToken(
  db: Sql,
  entryId: number,
): Promise<string | null> {
  const rows = await db.query<{ token: string }>(
    `SELECT waitlist_payload->>'token' AS token FROM mail_outbox
      WHERE kind = 'waitlist.offer'
        AND (waitlist_payload->>'entry_id')::int = $1
      ORDER BY id`,
    [entryId],
  );
  return rows[0]?.token ?? null;
}

/** Waitlist mails queued, oldest first, as `kind entry_id`. */
export async function waitlistMails(db: Sql): Promise<string[]> {
  const rows = await db.query<{ m: string }>(
    `SELECT kind || ' ' || (waitlist_payload->>'entry_id') AS m
       FROM mail_outbox WHERE waitlist_payload IS NOT NULL ORDER BY id`,
  );
  return rows.map((r) => r.m);
}

/** Entries of `slotId` by id, as `id status`. */
export async function entryStates(db: Sql, slotId: number): Promise<string[]> {
  const rows = await db.query<{ e: string }>(
    `SELECT id || ' ' || status AS e FROM waitlist_entries
      WHERE slot_id = $1 ORDER BY id`,
    [slotId],
  );
  return rows.map((r) => r.e);
}

/**
 * The waitlist's invariants as rows that break them (empty: consistent):
 * a slot's held count is its HELD offers' places and booked + held never
 * exceeds capacity; its status is derived; an OFFERED entry has exactly one
 * HELD offer and a HELD offer's entry is OFFERED; an entry got at most one
 * offer mail; a live ticket is on one live waitlist at most (the index).
 */
export async function brokenWaitlistInvariants(db: Sql): Promise<string[]> {
  const rows = await db.query<{ broken: string }>(
    `SELECT 'slot ' || s.id || ': held ' || s.held_count || ', offers '
            || coalesce(o.n, 0) || ', booked ' || s.booked_count
            || ', capacity ' || s.total_capacity AS broken
       FROM reservation_slots s
       LEFT JOIN (SELECT slot_id, sum(places)::int AS n FROM waitlist_offers
                   WHERE status = 'HELD' GROUP BY slot_id) o ON o.slot_id = s.id
      WHERE s.held_count <> coalesce(o.n, 0)
         OR s.booked_count + s.held_count > s.total_capacity
     UNION ALL
     SELECT 'slot ' || id || ': status ' || status FROM reservation_slots
      WHERE status <> 'CLOSED'
        AND (status = 'FULL') <> (booked_count + held_count >= total_capacity)
     UNION ALL
     SELECT 'entry ' || e.id || ': ' || e.status || ' with ' || count(o.id)
            || ' held offers'
       FROM waitlist_entries e
       LEFT JOIN waitlist_offers o ON o.entry_id = e.id AND o.status = 'HELD'
      GROUP BY e.id, e.status
     HAVING (e.status = 'OFFERED') <> (count(o.id) = 1) OR count(o.id) > 1
     UNION ALL
     SELECT 'entry ' || (waitlist_payload->>'entry_id') || ': '
            || count(*) || ' offer mails'
       FROM mail_outbox WHERE kind = 'waitlist.offer'
      GROUP BY waitlist_payload->>'entry_id' HAVING count(*) > 1
     UNION ALL
     SELECT 'entry ' || e.id || ': live flag of its tickets'
       FROM waitlist_entries e JOIN waitlist_tickets wt ON wt.entry_id = e.id
      WHERE wt.live <> (e.status IN ('WAITING', 'OFFERED'))`,
  );
  return rows.map((r) => r.broken);
}

/** Asserts the capacity and the waitlist invariants hold. */
export async function assertWaitlistConsistent(db: Sql): Promise<void> {
  assertEquals(
    [...await brokenInvariants(db), ...await brokenWaitlistInvariants(db)],
    [],
  );
}

/** A slot tomorrow of `capacity` places, all booked: the slot and the bookings. */
export async function fullSlot(
  s: TestServer,
  capacity: number,
  start = "12:00",
) {
  const slot = await tomorrow(s, start, capacity);
  const booked = [];
  for (let i = 0; i < capacity; i++) {
    booked.push(await book(s, slot, `guest${i}@example.com`));
  }
  return {
    slot,
    codes: booked.map((b) => b.reservation.ticket_code as string),
  };
}
