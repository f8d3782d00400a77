/** The confirmation mail: outbox → SMTP (or the mailbox), retries, failures, the wake-up. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { parseMail } from "../helpers/mime.ts";
import { qrTextOfPng } from "../helpers/png.ts";
import {
  assertConfirmation,
  NEW_YORK,
  outbox,
  reserve,
  withReceiver,
  workerFor,
} from "../helpers/mail.ts";

testEachEngine(
  "the confirmation goes out once by SMTP with QR code, calendar file and venue time",
  (s) =>
    withReceiver(async (rx) => {
      const body = await reserve(s);
      assertEquals((await outbox(s.db))[0].status, "PENDING");
      const worker = workerFor(s, rx);
      assertEquals(await worker.runOnce(), { claimed: 1, sent: 1, failed: 0 });
      assertEquals(await worker.runOnce(), { claimed: 0, sent: 0, failed: 0 });
      await worker.stop();

      assertEquals(rx.messages.length, 1);
      assertEquals(rx.messages[0].to, ["ada@example.com"]);
      assertConfirmation(rx.messages[0], body, s.deps.config.publicUrl);
      const [row] = await outbox(s.db);
      assertEquals([row.status, row.attempts], ["SENT", 1]);
      assert(row.sent_at);

      // The mail's QR link opens the QR image (PUBLIC_URL names another port).
      const text = parseMail(rx.messages[0].raw).parts
        .find((p) => p.type === "text/plain")!.text;
      const link = /Show your QR code again: (\S+)/.exec(text)![1];
      const res = await fetch(
        s.url + link.slice(s.deps.config.publicUrl.length),
      );
      assertEquals(res.status, 200);
      assertEquals(
        qrTextOfPng(new Uint8Array(await res.arrayBuffer())),
        body.qr.payload,
      );
    }),
  NEW_YORK,
);

testEachEngine(
  "a refused delivery stays queued with backoff, then goes out exactly once",
  (s) =>
    withReceiver(async (rx) => {
      await reserve(s);
      rx.failNext(1);
      const first = workerFor(s, rx);
      assertEquals(await first.runOnce(), { claimed: 1, sent: 0, failed: 1 });
      let [row] = await outbox(s.db);
      assertEquals([row.status, row.attempts], ["PENDING", 1]);
      assert(row.due_in_s > 20 && row.due_in_s <= 31, String(row.due_in_s));
      assert(row.last_error?.includes("451"), String(row.last_error));
      // Not due yet: nothing is tried.
      assertEquals(await first.runOnce(), { claimed: 0, sent: 0, failed: 0 });
      await first.stop();
      assertEquals(rx.messages.length, 0);

      // Time passes; a restarted worker finds the row in the table.
      await s.db.query(`UPDATE mail_outbox SET next_attempt_at = now()`);
      const second = workerFor(s, rx);
      assertEquals(await second.drain(), { claimed: 1, sent: 1, failed: 0 });
      assertEquals(await second.drain(), { claimed: 0, sent: 0, failed: 0 });
      await second.stop();
      assertEquals(rx.messages.length, 1);
      [row] = await outbox(s.db);
      assertEquals([row.status, row.attempts], ["SENT", 2]);
    }),
  NEW_YORK,
);

testEachEngine(
  "a mail that keeps failing ends FAILED",
  (s) =>
    withReceiver(async (rx) => {
      await reserve(s);
      rx.failNext(99);
      const worker = workerFor(s, rx, { maxAttempts: 3, retryBaseMs: 0 });
      for (let i = 0; i < 3; i++) {
        assertEquals(await worker.runOnce(), {
          claimed: 1,
          sent: 0,
          failed: 1,
        });
      }
      assertEquals(await worker.runOnce(), { claimed: 0, sent: 0, failed: 0 });
      await worker.stop();
      const [row] = await outbox(s.db);
      assertEquals([row.status, row.attempts], ["FAILED", 3]);
      assert(row.last_error);
      assertEquals(rx.messages.length, 0);
    }),
);

testEachEngine(
  "a new reservation wakes the polling worker at once",
  (s) =>
    withReceiver(async (rx) => {
      const worker = workerFor(s, rx, { pollMs: 60_000 });
      s.deps.onReservation = () => worker.kick();
      worker.start();
      try {
        await reserve(s, "grace@example.com");
        await rx.waitFor(1, 5000);
        assertEquals(rx.messages[0].to, ["grace@example.com"]);
      } finally {
        await worker.stop();
      }
    }),
);

testEachEngine(
  "without SMTP_URL the mail lands in DATA_DIR/mailbox",
  async (s) => {
    const dataDir = `tests/.tmp/mail-${crypto.randomUUID()}`;
    try {
      const body = await reserve(s);
      const worker = workerFor(s, null, { dataDir });
      assertEquals(await worker.runOnce(), { claimed: 1, sent: 1, failed: 0 });
      await worker.stop();
      const [row] = await outbox(s.db);
      assertEquals(row.status, "SENT");
      const files = [...Deno.readDirSync(`${dataDir}/mailbox`)].map((e) =>
        e.name
      );
      assertEquals(files, [`${row.id}.eml`]);
      const raw = await Deno.readTextFile(`${dataDir}/mailbox/${row.id}.eml`);
      assertEquals(parseMail(raw).headers.to, "ada@example.com");
      assertConfirmation(
        { from: "", to: ["ada@example.com"], raw },
        body,
        s.deps.config.publicUrl,
      );
    } finally {
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
  NEW_YORK,
);
