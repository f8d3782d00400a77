/**
 * Reminder mails: due at start − reminder_hours_before, none when booked or
 * moved after that, re-armed by a move, none once cancelled, one per booking
 * (a group: one listing every ticket), exactly once with several job runners.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import {
  startServer,
  testEachEngine,
  type TestServer,
} from "../helpers/server.ts";
import {
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { createReminderJob } from "../../lib/reminder_job.ts";
import { moveReservation } from "../../db/reservation_changes.ts";
import { connectPostgres } from "../../db/client.ts";
import { withReceiver, workerFor } from "../helpers/mail.ts";
import { parseMail } from "../helpers/mime.ts";
import { qrTextOfPng } from "../helpers/png.ts";
import { qrPayload } from "../../lib/qr_images.ts";

// The pinned clock: 2026-11-26 10:00 UTC; the venue is in UTC; the default
// reminder_hours_before is 24.

function job(s: TestServer, db = s.db, batch?: number) {
  return createReminderJob({ db, clock: s.clock, batch });
}

async function book(s: TestServer, slotId: number): Promise<number> {
  const [code] = await seedTickets(s.db, 1);
  const r = await post(
    s.url,
    "/api/reservations/create",
    reservationBody(code, slotId),
  );
  strictEqual(r.status, 201, JSON.stringify(r.body));
  return r.body.reservation.id;
}

async function bookGroup(
  s: TestServer,
  slotId: number,
  n: number,
): Promise<number[]> {
  const codes = await seedTickets(s.db, n);
  const r = await post(s.url, "/api/reservations/create-group", {
    ...reservationBody(codes[0], slotId),
    ticket_code: undefined,
    ticket_codes: codes,
  });
  strictEqual(r.status, 201, JSON.stringify(r.body));
  return r.body.reservations.map((x: { reservation: { id: number } }) =>
    x.reservation.id
  );
}

/** Reminder rows of the outbox: the reservation each is filed under. */
async function reminders(s: TestServer): Promise<number[]> {
  const rows = await s.db.query<{ reservation_id: number }>(
    `SELECT reservation_id FROM mail_outbox
      WHERE kind = 'reservation.reminder' ORDER BY id`,
  );
  return rows.map((r) => r.reservation_id);
}

const slot = (s: TestServer, date: string, start: string, end: string) =>
  seedSlot(s.db, { date, start, end });

testEachEngine("a reminder is due 24 h before the start, once", async (s) => {
  const a = await slot(s, "2026-11-28", "12:00", "13:00");
  const id = await book(s, a);
  const r = job(s);
  strictEqual(await r.runOnce(), 0);
  s.clock.set("2026-11-27T11:59:00Z");
  strictEqual(await r.runOnce(), 0);
  s.clock.set("2026-11-27T12:00:00Z");
  strictEqual(await r.runOnce(), 1);
  deepStrictEqual(await reminders(s), [id]);
  s.clock.set("2026-11-27T13:00:00Z");
  strictEqual(await r.runOnce(), 0);
  deepStrictEqual(await reminders(s), [id]);
});

testEachEngine(
  "none when booked inside the window, or when cancelled",
  async (s) => {
    // Starts in 20 h: booked after the moment a reminder would be due.
    const soon = await slot(s, "2026-11-27", "06:00", "07:00");
    await book(s, soon);
    const later = await slot(s, "2026-11-28", "12:00", "13:00");
    const [code] = await seedTickets(s.db, 1);
    strictEqual(
      (await post(s.url, "/api/reservations/create", {
        ...reservationBody(code, later),
        customer_email: "gone@example.com",
      })).status,
      201,
    );
    const cancel = await post(s.url, "/api/reservations/cancel", {
      ticket_code: code,
      customer_email: "gone@example.com",
    });
    strictEqual(cancel.status, 200, JSON.stringify(cancel.body));
    const r = job(s);
    for (const at of ["2026-11-26T10:30:00Z", "2026-11-27T12:30:00Z"]) {
      s.clock.set(at);
      strictEqual(await r.runOnce(), 0);
    }
    deepStrictEqual(await reminders(s), []);
  },
);

testEachEngine(
  "a reminder whose slot has started is dropped, not sent",
  async (s) => {
    const a = await slot(s, "2026-11-27", "12:00", "13:00");
    const id = await book(s, a);
    // The job did not run between the moment it was due and the start.
    s.clock.set("2026-11-27T12:30:00Z");
    strictEqual(await job(s).runOnce(), 0);
    deepStrictEqual(await reminders(s), []);
    const [row] = await s.db.query<{ sent: boolean }>(
      `SELECT reminder_sent_at IS NOT NULL AS sent FROM ticket_reservations
      WHERE id = $1`,
      [id],
    );
    strictEqual(row.sent, true);
  },
);

testEachEngine("reminder_hours_before 0: none", async (s) => {
  await s.db.query(
    `UPDATE organizations
        SET settings = settings || '{"reminder_hours_before": 0}'::jsonb`,
  );
  const a = await slot(s, "2026-11-28", "12:00", "13:00");
  await book(s, a);
  s.clock.set("2026-11-28T11:00:00Z");
  strictEqual(await job(s).runOnce(), 0);
});

testEachEngine(
  "a move re-arms the reminder; moved inside the window: none",
  async (s) => {
    const a = await slot(s, "2026-11-28", "12:00", "13:00");
    const b = await slot(s, "2026-11-30", "12:00", "13:00");
    const c = await slot(s, "2026-11-30", "18:00", "19:00");
    const id = await book(s, a);
    const move = (to: number) =>
      moveReservation(s.db, id, to, {
        orq: 1,
        actor: { kind: "staff", id: null, name: "test" },
        instant: s.clock(),
        zonedNow: (orq) => s.deps.zonedNow(orq, s.clock()),
      });
    const r = job(s);
    s.clock.set("2026-11-27T12:00:00Z");
    strictEqual(await r.runOnce(), 1);
    // Reminded, then moved two days on: reminded again before the new time.
    s.clock.set("2026-11-27T13:00:00Z");
    await move(b);
    strictEqual(await r.runOnce(), 0);
    s.clock.set("2026-11-29T12:00:00Z");
    strictEqual(await r.runOnce(), 1);
    deepStrictEqual(await reminders(s), [id, id]);
    // Moved at 13:00 to a slot starting 5 h later: after its moment, none.
    s.clock.set("2026-11-30T13:00:00Z");
    await move(c);
    s.clock.set("2026-11-30T17:00:00Z");
    strictEqual(await r.runOnce(), 0);
    deepStrictEqual(await reminders(s), [id, id]);
  },
);

testEachEngine(
  "a group gets one reminder listing every ticket",
  (s) =>
    withReceiver(async (rx) => {
      const a = await slot(s, "2026-11-28", "12:00", "13:00");
      const ids = await bookGroup(s, a, 3);
      const single = await book(s, a);
      s.clock.set("2026-11-27T12:00:00Z");
      strictEqual(await job(s).runOnce(), 2);
      deepStrictEqual(
        (await reminders(s)).sort((x, y) => x - y),
        [ids[0], single].sort((x, y) => x - y),
      );
      // Only the reminders: the confirmations are sent first.
      const worker = workerFor(s, rx);
      await worker.drain();
      await worker.stop();
      const mails = rx.messages.map((m) => parseMail(m.raw));
      const reminderMails = mails.filter((m) =>
        m.parts.some((p) =>
          p.type === "text/plain" && p.text.includes("see you soon")
        )
      );
      strictEqual(reminderMails.length, 2);
      // The group's confirmation: one mail, every ticket's QR code.
      const confirmations = mails.filter((m) =>
        m.parts.some((p) =>
          p.type === "text/plain" && p.text.includes("3 tickets are reserved")
        )
      );
      strictEqual(confirmations.length, 1);
      strictEqual(
        confirmations[0].parts.filter((p) => p.type === "image/png").length,
        3,
      );
      const pngCounts = reminderMails.map((m) =>
        m.parts.filter((p) => p.type === "image/png").length
      ).sort();
      deepStrictEqual(pngCounts, [1, 3]);
      const group = reminderMails.find((m) =>
        m.parts.filter((p) => p.type === "image/png").length === 3
      )!;
      // Each ticket's own signed payload, as its confirmation shows it.
      const codes = await s.db.query<
        { code: string; signed_payload: string | null }
      >(
        `SELECT t.code, r.signed_payload FROM ticket_reservations r
           JOIN tickets t ON t.id = r.ticket_id
        WHERE r.id = ANY($1::int[]) ORDER BY r.id`,
        [ids],
      );
      deepStrictEqual(
        group.parts.filter((p) => p.type === "image/png").map((p) =>
          qrTextOfPng(p.content)
        ),
        codes.map((c) => qrPayload(c.code, c.signed_payload)),
      );
    }),
);

Deno.test("reminders go out exactly once with two job runners racing [postgres]", async () => {
  const s = await startServer("postgres", { poolMax: 20 });
  const other = connectPostgres(s.databaseUrl!, { max: 10 });
  try {
    const slots = await Promise.all(
      ["12:00", "13:00", "14:00"].map((t) =>
        slot(s, "2026-11-28", t, `${Number(t.slice(0, 2)) + 1}:00`)
      ),
    );
    const singles: number[] = [];
    const groups: number[][] = [];
    for (const [i, id] of slots.entries()) {
      const made = await Promise.all([
        ...Array.from({ length: 20 }, () => book(s, id)),
      ]);
      singles.push(...made);
      for (let g = 0; g < 4; g++) groups.push(await bookGroup(s, id, 2 + i));
    }
    s.clock.set("2026-11-27T15:00:00Z");
    // Two "instances" (two pools), each running several passes at once,
    // with small batches so that they contend row by row.
    const runners = [job(s, s.db, 7), job(s, other, 5), job(s, s.db, 3)];
    const counts = await Promise.all(
      Array.from({ length: 6 }, (_, i) => runners[i % 3].runOnce()),
    );
    const total = counts.reduce((a, b) => a + b, 0);
    strictEqual(total, singles.length + groups.length);
    const filed = await reminders(s);
    strictEqual(filed.length, singles.length + groups.length);
    strictEqual(new Set(filed).size, filed.length);
    // One per group, filed under its first member; one per single.
    const expected = [...singles, ...groups.map((g) => g[0])].sort((a, b) =>
      a - b
    );
    deepStrictEqual([...filed].sort((a, b) => a - b), expected);
    const [{ unsent }] = await s.db.query<{ unsent: number }>(
      `SELECT count(*)::int AS unsent FROM ticket_reservations
        WHERE reminder_sent_at IS NULL`,
    );
    strictEqual(unsent, 0);
  } finally {
    await other.close();
    await s.close();
  }
});
