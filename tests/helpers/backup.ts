/** Seeding, a stampede and full-state snapshots for the backup and restore tests. */
import type { Sql } from "../../db/client.ts";
import type { TestServer } from "./server.ts";
import {
  post,
  type Reply,
  reservationBody,
  seedSlot,
  seedTickets,
} from "./api.ts";
import { operator, verify } from "./scan.ts";

/** The day the tests run on: slots are open all of it. */
export const DAY = "2026-11-26";

/** Four slots of `capacity`, `tickets` tickets, `booked` of them reserved and 10 verified. */
export async function seedVenue(
  s: TestServer,
  opts: { capacity: number; tickets: number; booked: number },
): Promise<{ slots: number[]; free: string[]; door: string }> {
  const slots: number[] = [];
  for (const start of ["09:00", "09:15", "09:30", "09:45"]) {
    slots.push(
      await seedSlot(s.db, {
        date: DAY,
        start,
        end: "17:00",
        capacity: opts.capacity,
      }),
    );
  }
  const codes = await seedTickets(s.db, opts.tickets);
  const booked = codes.slice(0, opts.booked);
  for (const [i, code] of booked.entries()) {
    const r = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(code, slots[i % slots.length]),
    );
    if (r.status !== 201) throw new Error(`seed: ${JSON.stringify(r.body)}`);
  }
  const door = (await operator(s, "door")).token;
  for (const code of booked.slice(0, 10)) {
    const r = await verify(s, door, code);
    if (r.status !== 200) throw new Error(`verify: ${JSON.stringify(r.body)}`);
  }
  return { slots, free: codes.slice(booked.length), door };
}

/**
 * A stampede: `workers` clients reserving the next code, spread over `slots`,
 * until the codes run out or `stop()` says so; all replies.
 */
export async function stampede(
  url: string,
  codes: string[],
  slots: number[],
  opts: { workers: number; stop: () => boolean },
): Promise<Reply[]> {
  const replies: Reply[] = [];
  let next = 0;
  const worker = async () => {
    while (next < codes.length && !opts.stop()) {
      const i = next++;
      replies.push(
        await post(
          url,
          "/api/reservations/create",
          reservationBody(codes[i], slots[i % slots.length]),
        ),
      );
    }
  };
  await Promise.all(Array.from({ length: opts.workers }, worker));
  return replies;
}

/** Everything a backup must bring back, in a stable order. */
export async function snapshot(db: Sql) {
  const slots = await db.query(
    `SELECT id, booked_count, verified_count, entries_count, exits_count, status
       FROM reservation_slots ORDER BY id`,
  );
  const tickets = await db.query(
    `SELECT code, status, inside, verified_at IS NOT NULL AS verified
       FROM tickets ORDER BY code`,
  );
  const reservations = await db.query(
    `SELECT r.id, t.code, r.slot_id, r.status
       FROM ticket_reservations r JOIN tickets t ON t.id = r.ticket_id
      ORDER BY r.id`,
  );
  const [counts] = await db.query(
    `SELECT (SELECT count(*)::int FROM verification_events) AS events,
            (SELECT count(*)::int FROM mail_outbox) AS mails,
            (SELECT count(*)::int FROM staff) AS staff,
            (SELECT count(*)::int FROM organizations) AS orgs`,
  );
  return {
    slots: slots.map((r) => ({ ...r })),
    tickets: tickets.map((r) => ({ ...r })),
    reservations: reservations.map((r) => ({ ...r })),
    counts: { ...counts },
  };
}
