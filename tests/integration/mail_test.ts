/** The confirmation mail: outbox → SMTP (or the mailbox), retries, SKIP LOCKED. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import {
  ADMIN_PG_URL,
  engines,
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
import {
  type ReceivedMail,
  type SmtpReceiver,
  startSmtpReceiver,
} from "../helpers/smtp_receiver.ts";
import { type MimePart, parseMail } from "../helpers/mime.ts";
import { recordingDb } from "../helpers/db.ts";
import { isPng, qrTextOfPng } from "../helpers/png.ts";
import {
  createMailWorker,
  type MailWorkerOptions,
} from "../../lib/mail/worker.ts";
import { QR_CID } from "../../lib/mail/confirmation.ts";
import { claimDueMail } from "../../db/outbox.ts";
import { connectPostgres, type Db } from "../../db/client.ts";

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  to_address: string;
  last_error: string | null;
  sent_at: Date | null;
  due_in_s: number;
}

async function outbox(db: Db): Promise<OutboxRow[]> {
  return await db.query<OutboxRow>(
    `SELECT id::text AS id, status, attempts, to_address, last_error, sent_at,
            extract(epoch FROM next_attempt_at - now())::float8 AS due_in_s
       FROM mail_outbox ORDER BY id`,
  );
}

/** A worker that sends to `rx` (or, with `rx` null, to the mailbox in `dataDir`). */
function workerFor(
  s: TestServer,
  rx: SmtpReceiver | null,
  opts: MailWorkerOptions & { db?: Db; dataDir?: string } = {},
) {
  const config = {
    ...s.deps.config,
    smtpUrl: rx?.url ?? null,
    dataDir: opts.dataDir ?? s.deps.config.dataDir,
  };
  return createMailWorker({ db: opts.db ?? s.db, config }, opts);
}

/** Reserves a fresh ticket on a fresh slot over HTTP; the 201 body. */
async function reserve(s: TestServer, email = "ada@example.com") {
  const slot = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
  });
  const [code] = await seedTickets(s.db, 1);
  const r = await post(s.url, "/api/reservations/create", {
    ...reservationBody(code, slot),
    customer_email: email,
  });
  assertEquals(r.status, 201);
  return r.body;
}

/** Reserves a fresh ticket per address, all on one fresh slot; the 201 bodies. */
async function reserveMany(s: TestServer, emails: string[]) {
  const slot = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
  });
  const codes = await seedTickets(s.db, emails.length);
  const bodies = [];
  for (const [i, code] of codes.entries()) {
    const r = await post(s.url, "/api/reservations/create", {
      ...reservationBody(code, slot),
      customer_email: emails[i],
    });
    assertEquals(r.status, 201);
    bodies.push(r.body);
  }
  return bodies;
}

/** `db` counting the statements run through it (outside transactions). */
async function withReceiver(fn: (rx: SmtpReceiver) => Promise<void>) {
  const rx = await startSmtpReceiver();
  try {
    await fn(rx);
  } finally {
    await rx.close();
  }
}

function qrText(part: MimePart): string | null {
  return qrTextOfPng(part.content);
}

function assertConfirmation(mail: ReceivedMail, body: {
  reservation: { ticket_code: string };
  qr: { payload: string; png_url: string };
  calendar_url: string;
}, publicUrl: string) {
  const parsed = parseMail(mail.raw);
  const text = parsed.parts.find((p) => p.type === "text/plain")!.text;
  const html = parsed.parts.find((p) => p.type === "text/html")!.text;
  // The venue's clock (America/New_York), not UTC (17:00).
  for (const t of [text, html]) {
    assert(/Friday,? 27 November 2026/.test(t), t);
    assert(t.includes("12:00–13:00 (America/New_York)"), t);
    assert(!t.includes("17:00"), t);
  }
  // The mail links to the signed URLs the create answer gave, never to the code.
  const qrLink = publicUrl + body.qr.png_url;
  const calendarLink = publicUrl + body.calendar_url;
  assert(text.includes(qrLink), text);
  assert(text.includes(calendarLink), text);
  assert(html.includes(qrLink.replace("&", "&#38;")), html);
  assert(html.includes(calendarLink.replace("&", "&#38;")), html);
  for (const t of [text, html]) {
    assert(!t.includes("code="), t);
    assert(!t.includes(body.reservation.ticket_code), t);
  }
  assert(html.includes(`src="cid:${QR_CID}"`), html);

  const pngs = parsed.parts.filter((p) => p.type === "image/png");
  assertEquals(pngs.length, 2);
  const inline = pngs.find((p) => p.cid === QR_CID);
  assert(inline, "an inline QR image with the Content-ID the HTML uses");
  assertEquals(inline.disposition, "inline");
  assert(pngs.some((p) => p.disposition === "attachment" && p.filename));
  for (const p of pngs) {
    assert(isPng(p.content));
    assertEquals(qrText(p), body.qr.payload);
  }

  const ics = parsed.parts.filter((p) => p.type === "text/calendar");
  assertEquals(ics.length, 1);
  assertEquals(ics[0].disposition, "attachment");
  assert(ics[0].filename?.endsWith(".ics"));
  assert(ics[0].text.includes("BEGIN:VEVENT"), ics[0].text);
  assert(ics[0].text.includes("DTSTART:20261127T170000Z"), ics[0].text);
}

const NEW_YORK = { timezone: "America/New_York" };

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

if (engines().includes("postgres")) {
  Deno.test({
    name: "two workers on separate pools never send one mail twice [postgres]",
    sanitizeOps: false,
    sanitizeResources: false,
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
