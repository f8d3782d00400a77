/** The mail outbox: claims and their leases, batched passes, SKIP LOCKED between workers. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import {
  ADMIN_PG_URL,
  engines,
  startServer,
  testEachEngine,
} from "../helpers/server.ts";
import {
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { startSmtpReceiver } from "../helpers/smtp_receiver.ts";
import { parseMail } from "../helpers/mime.ts";
import { recordingDb } from "../helpers/db.ts";
import { claimDueMail } from "../../db/outbox.ts";
import { connectPostgres, type Db } from "../../db/client.ts";
import {
  assertConfirmation,
  NEW_YORK,
  outbox,
  reserve,
  reserveMany,
  withReceiver,
  workerFor,
} from "../helpers/mail.ts";

testEachEngine("a claim holds the row for its lease", async (s) => {
  await reserve(s);
  const lease = { limit: 5, leaseMs: 120_000 };
  const [claimed] = await claimDueMail(s.db, lease);
  assertEquals(claimed.attempts, 1);
  assertEquals((await claimDueMail(s.db, lease)).length, 0);
  // The claimer died mid-send: once the lease is over the row comes back.
  await s.db.query(`UPDATE mail_outbox SET next_attempt_at = now()`);
  const [again] = await claimDueMail(s.db, lease);
  assertEquals([again.id, again.attempts], [claimed.id, 2]);
});

testEachEngine(
  "the claim reads each mail's facts in the same statement",
  async (s) => {
    const body = await reserve(s, "ada@example.com");
    // A confirmation row that names no reservation: claimed, without facts.
    await s.db.query(
      `INSERT INTO mail_outbox (kind, reservation_id, to_address)
       VALUES ('reservation.confirmation', NULL, 'nobody@example.com')`,
    );
    const [{ name }] = await s.db.query<{ name: string }>(
      `SELECT name FROM organizations WHERE orq = 1`,
    );
    const [withFacts, without] = await claimDueMail(s.db, {
      limit: 5,
      leaseMs: 120_000,
    });
    assertEquals(withFacts.reservation_id, body.reservation.id);
    assertEquals(withFacts.to_address, "ada@example.com");
    assertEquals(withFacts.facts, {
      reservation_id: body.reservation.id,
      version: 1,
      ticket_code: body.reservation.ticket_code,
      customer_email: "ada@example.com",
      date: "2026-11-27",
      start_time: "12:00",
      end_time: "13:00",
      // 12:00 and 13:00 in New York that day (EST, UTC−5).
      starts: new Date("2026-11-27T17:00:00Z"),
      ends: new Date("2026-11-27T18:00:00Z"),
      timezone: "America/New_York",
      org_name: name,
      ticket_id: (await s.db.query<{ id: number }>(
        "SELECT id FROM tickets WHERE code = $1",
        [body.reservation.ticket_code],
      ))[0].id,
      cancelled_by: null,
      org_address: null,
      // Booked without a locale: the mails follow the venue's.
      locale: null,
      org_locale: "en",
      reminder_hours_before: 24,
      signed_payload: (await s.db.query<{ signed_payload: string }>(
        "SELECT signed_payload FROM ticket_reservations WHERE id = $1",
        [body.reservation.id],
      ))[0].signed_payload,
    });
    assertEquals(
      [without.reservation_id, without.to_address, without.facts],
      [null, "nobody@example.com", null],
    );
  },
  NEW_YORK,
);

testEachEngine(
  "a pass over a batch costs two statements and marks every row SENT",
  (s) =>
    withReceiver(async (rx) => {
      const emails = Array.from({ length: 7 }, (_, i) => `v${i}@example.com`);
      const bodies = await reserveMany(s, emails);
      const { db, plain: statements } = recordingDb(s.db);
      const worker = workerFor(s, rx, { db, batch: 10 });
      assertEquals(await worker.runOnce(), { claimed: 7, sent: 7, failed: 0 });
      // One claim (with the mails' facts), one UPDATE for all seven.
      assertEquals(statements.length, 2, statements.join("\n---\n"));
      assert(/ANY\(\$1::bigint\[\]\)/.test(statements[1]));
      await worker.stop();

      const rows = await outbox(s.db);
      assertEquals(rows.length, 7);
      for (const row of rows) {
        assertEquals([row.status, row.attempts], ["SENT", 1]);
        assert(row.sent_at);
        assertEquals(row.last_error, null);
      }
      assertEquals(rx.messages.length, 7);
      const messageIds = new Set<string>();
      for (const [i, email] of emails.entries()) {
        const mail = rx.messages.find((m) => m.to[0] === email);
        assert(mail, `a mail to ${email}`);
        assertConfirmation(mail, bodies[i], s.deps.config.publicUrl);
        const id = parseMail(mail.raw).headers["message-id"];
        // Stable per outbox row: reservation id and outbox id.
        assertEquals(
          id,
          `<reservation-${bodies[i].reservation.id}.${rows[i].id}@${
            new URL(s.deps.config.publicUrl).hostname
          }>`,
        );
        messageIds.add(id);
      }
      assertEquals(messageIds.size, 7);
    }),
  NEW_YORK,
);

testEachEngine(
  "a row whose reservation is gone fails for good; its batch-mates go out",
  (s) =>
    withReceiver(async (rx) => {
      const emails = ["a@example.com", "b@example.com", "c@example.com"];
      const bodies = await reserveMany(s, emails);
      // The reservation vanishes under its queued mail (the foreign key
      // would take the outbox row along, so it is not enforced here).
      await s.db.begin(async (tx) => {
        await tx.query(`SET LOCAL session_replication_role = replica`);
        await tx.query(`DELETE FROM ticket_reservations WHERE id = $1`, [
          bodies[1].reservation.id,
        ]);
      });
      const { db, plain: statements } = recordingDb(s.db);
      const worker = workerFor(s, rx, { db });
      assertEquals(await worker.runOnce(), { claimed: 3, sent: 2, failed: 1 });
      // Claim, the failure's own UPDATE, one UPDATE for both sent.
      assertEquals(statements.length, 3, statements.join("\n---\n"));
      assertEquals(await worker.runOnce(), { claimed: 0, sent: 0, failed: 0 });
      await worker.stop();

      const rows = await outbox(s.db);
      assertEquals(
        rows.map((r) => [r.to_address, r.status, r.attempts]),
        [
          ["a@example.com", "SENT", 1],
          ["b@example.com", "FAILED", 1],
          ["c@example.com", "SENT", 1],
        ],
      );
      assertEquals(
        rows[1].last_error,
        `Cannot compose mail "reservation.confirmation"`,
      );
      assertEquals(rows[1].sent_at, null);
      assertEquals(rx.messages.map((m) => m.to[0]).sort(), [
        "a@example.com",
        "c@example.com",
      ]);
      for (const i of [0, 2]) {
        const mail = rx.messages.find((m) => m.to[0] === emails[i])!;
        assertConfirmation(mail, bodies[i], s.deps.config.publicUrl);
      }
    }),
  NEW_YORK,
);

if (engines().includes("postgres")) {
  Deno.test({
    name: "two workers on separate pools never send one mail twice [postgres]",
    fn: async () => {
      const s = await startServer("postgres");
      const rx = await startSmtpReceiver();
      const pools: Db[] = [];
      try {
        const slot = await seedSlot(s.db, {
          date: "2026-11-27",
          start: "12:00",
          end: "13:00",
        });
        const codes = await seedTickets(s.db, 30);
        for (const [i, code] of codes.entries()) {
          const r = await post(s.url, "/api/reservations/create", {
            ...reservationBody(code, slot),
            customer_email: `visitor${i}@example.com`,
          });
          assertEquals(r.status, 201);
        }
        const [{ name }] = await s.db.query<{ name: string }>(
          `SELECT current_database() AS name`,
        );
        const url = new URL(ADMIN_PG_URL);
        url.pathname = `/${name}`;
        const workers = [0, 1].map(() => {
          const db = connectPostgres(url.toString(), { max: 4 });
          pools.push(db);
          return workerFor(s, rx, { db, batch: 3 });
        });
        const results = await Promise.all(workers.map((w) => w.drain()));
        await Promise.all(workers.map((w) => w.stop()));

        assertEquals(results[0].sent + results[1].sent, 30);
        assertEquals(rx.messages.length, 30);
        const to = rx.messages.flatMap((m) => m.to);
        assertEquals(new Set(to).size, 30);
        const rows = await outbox(s.db);
        assertEquals(rows.length, 30);
        for (const row of rows) {
          assertEquals([row.status, row.attempts], ["SENT", 1]);
        }
      } finally {
        await Promise.all(pools.map((p) => p.close()));
        await rx.close();
        await s.close();
      }
    },
  });
}
