/**
 * A reservation cancelled before its mails went out: only the cancellation
 * reaches the customer, through a real SMTP receiver.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { managerRoutePrincipals } from "../helpers/api.ts";
import { parseMail } from "../helpers/mime.ts";
import { NEW_YORK, withReceiver, workerFor } from "../helpers/mail.ts";
import { book, change, tomorrow } from "../helpers/staff_changes.ts";
import type { Db } from "../../db/client.ts";
import type { ReceivedMail } from "../helpers/smtp_receiver.ts";

function textOf(mail: ReceivedMail): string {
  return parseMail(mail.raw).parts.find((p) => p.type === "text/plain")!.text;
}

async function outboxOf(db: Db, id: number) {
  const rows = await db.query<{ kind: string; status: string }>(
    `SELECT kind, status FROM mail_outbox WHERE reservation_id = $1 ORDER BY id`,
    [id],
  );
  return rows.map(({ kind, status }) => ({ kind, status }));
}

testEachEngine(
  "a cancellation before the worker runs skips the confirmation and the moved mail",
  (s) =>
    withReceiver(async (rx) => {
      const { boss } = await managerRoutePrincipals(s);
      const a = await tomorrow(s, "12:00");
      const b = await tomorrow(s, "14:00");
      const booked = await book(s, a, "ada@example.com");
      const id = booked.reservation.id;
      assertEquals(
        (await change(s.url, id, "move", boss, { slot_id: b })).status,
        200,
      );
      assertEquals((await change(s.url, id, "cancel", boss)).status, 200);
      assertEquals(await outboxOf(s.db, id), [
        { kind: "reservation.confirmation", status: "SKIPPED" },
        { kind: "reservation.moved", status: "SKIPPED" },
        { kind: "reservation.cancelled", status: "PENDING" },
      ]);

      const worker = workerFor(s, rx);
      assertEquals(await worker.drain(), { claimed: 1, sent: 1, failed: 0 });
      await worker.stop();
      assertEquals(rx.messages.length, 1);
      assertEquals(rx.messages[0].to, ["ada@example.com"]);
      assert(textOf(rx.messages[0]).includes("has been cancelled"));
      assertEquals(
        (await outboxOf(s.db, id)).map((r) => r.status),
        ["SKIPPED", "SKIPPED", "SENT"],
      );
    }),
  NEW_YORK,
);

testEachEngine(
  "the worker does not send a pending confirmation of a cancelled reservation",
  (s) =>
    withReceiver(async (rx) => {
      const { boss } = await managerRoutePrincipals(s);
      const booked = await book(s, await tomorrow(s, "12:00"));
      const id = booked.reservation.id;
      assertEquals((await change(s.url, id, "cancel", boss)).status, 200);
      // A row the cancellation did not mark (queued by an instance that
      // predates the skipping): the worker's own check must hold it back.
      await s.db.query(
        `UPDATE mail_outbox SET status = 'PENDING', last_error = NULL
          WHERE reservation_id = $1 AND status = 'SKIPPED'`,
        [id],
      );
      const worker = workerFor(s, rx);
      assertEquals(await worker.drain(), {
        claimed: 2,
        sent: 1,
        failed: 0,
        skipped: 1,
      });
      await worker.stop();
      assertEquals(rx.messages.length, 1);
      assert(textOf(rx.messages[0]).includes("has been cancelled"));
      assertEquals(await outboxOf(s.db, id), [
        { kind: "reservation.confirmation", status: "SKIPPED" },
        { kind: "reservation.cancelled", status: "SENT" },
      ]);
    }),
  NEW_YORK,
);

testEachEngine(
  "a confirmation already sent stays sent; the cancellation follows it",
  (s) =>
    withReceiver(async (rx) => {
      const { boss } = await managerRoutePrincipals(s);
      const booked = await book(s, await tomorrow(s, "12:00"));
      const id = booked.reservation.id;
      const worker = workerFor(s, rx);
      assertEquals(await worker.drain(), { claimed: 1, sent: 1, failed: 0 });
      assertEquals((await change(s.url, id, "cancel", boss)).status, 200);
      assertEquals(await worker.drain(), { claimed: 1, sent: 1, failed: 0 });
      await worker.stop();
      assertEquals(rx.messages.length, 2);
      assertEquals(
        (await outboxOf(s.db, id)).map((r) => r.status),
        ["SENT", "SENT"],
      );
    }),
  NEW_YORK,
);
