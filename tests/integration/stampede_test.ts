/**
 * No overbooking, ever: many clients at once against a real PostgreSQL
 * through HTTP, with a pool of 20 connections.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { startServer } from "../helpers/server.ts";
import {
  post,
  reservationBody,
  seedSlot,
  seedTickets,
  tallyReplies,
} from "../helpers/api.ts";

Deno.test("stampede: 2,000 tickets at once for 200 places", async () => {
  const s = await startServer("postgres", { poolMax: 20 });
  try {
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
      capacity: 200,
    });
    // Room elsewhere, so SLOT_FULL answers carry alternatives.
    await seedSlot(s.db, { date: "2026-11-27", start: "13:00", end: "14:00" });
    const codes = await seedTickets(s.db, 2000);
    const replies = await Promise.all(
      codes.map((c) =>
        post(s.url, "/api/reservations/create", reservationBody(c, slot))
      ),
    );
    deepStrictEqual(tallyReplies(replies), {
      "201": 200,
      "409 SLOT_FULL": 1800,
    });
    const full = replies.find((r) => r.status === 409)!;
    strictEqual(full.body.error.details.alternatives.length, 1);

    const [facts] = await s.db.query<Record<string, number | string>>(
      `SELECT s.booked_count, s.status,
              (SELECT count(*)::int FROM ticket_reservations WHERE slot_id = s.id) AS reservations,
              (SELECT count(*)::int FROM tickets WHERE status = 'RESERVED') AS reserved,
              (SELECT count(*)::int FROM tickets t WHERE t.status = 'RESERVED'
                  AND NOT EXISTS (SELECT 1 FROM ticket_reservations r WHERE r.ticket_id = t.id)) AS orphans,
              (SELECT count(*)::int FROM mail_outbox) AS mails
         FROM reservation_slots s WHERE s.id = $1`,
      [slot],
    );
    deepStrictEqual({ ...facts }, {
      booked_count: 200,
      status: "FULL",
      reservations: 200,
      reserved: 200,
      orphans: 0,
      mails: 200,
    });
    // The 201s are exactly the tickets that hold a reservation.
    const winners = new Set(
      replies.filter((r) => r.status === 201).map((r) =>
        r.body.reservation.ticket_code
      ),
    );
    const rows = await s.db.query<{ code: string }>(
      `SELECT t.code FROM tickets t JOIN ticket_reservations r ON r.ticket_id = t.id`,
    );
    deepStrictEqual(new Set(rows.map((r) => r.code)), winners);
  } finally {
    await s.close();
  }
});

Deno.test(
  "same ticket: 50 requests at once for 50 slots → one reservation",
  async () => {
    const s = await startServer("postgres", { poolMax: 20 });
    try {
      const slots: number[] = [];
      for (let i = 0; i < 50; i++) {
        slots.push(
          await seedSlot(s.db, {
            date: "2026-11-27",
            start: `${String(Math.floor(i / 4)).padStart(2, "0")}:${
              String((i % 4) * 15).padStart(2, "0")
            }`,
            end: "23:59",
          }),
        );
      }
      const [code] = await seedTickets(s.db, 1);
      const replies = await Promise.all(
        slots.map((id) =>
          post(s.url, "/api/reservations/create", reservationBody(code, id))
        ),
      );
      deepStrictEqual(tallyReplies(replies), {
        "201": 1,
        "409 TICKET_ALREADY_RESERVED": 49,
      });
      const [facts] = await s.db.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM ticket_reservations) AS reservations,
              (SELECT sum(booked_count)::int FROM reservation_slots) AS booked,
              (SELECT count(*)::int FROM mail_outbox) AS mails`,
      );
      deepStrictEqual({ ...facts }, { reservations: 1, booked: 1, mails: 1 });
    } finally {
      await s.close();
    }
  },
);
