/** Helpers of the confirmation-mail tests: the outbox, workers, reservations, the mail's checks. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { TestServer } from "./server.ts";
import {
  post,
  reservationBody,
  reserveOnNewSlot,
  seedSlot,
  seedTickets,
} from "./api.ts";
import {
  type ReceivedMail,
  type SmtpReceiver,
  startSmtpReceiver,
} from "./smtp_receiver.ts";
import { type MimePart, parseMail } from "./mime.ts";
import { isPng, qrTextOfPng } from "./png.ts";
import {
  createMailWorker,
  type MailWorkerOptions,
} from "../../lib/mail/worker.ts";
import { QR_CID } from "../../lib/mail/confirmation.ts";
import type { Db } from "../../db/client.ts";

/** A mail_outbox row as the tests read it. */
export interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  to_address: string;
  last_error: string | null;
  sent_at: Date | null;
  due_in_s: number;
}

/** Every outbox row, oldest first. */
export async function outbox(db: Db): Promise<OutboxRow[]> {
  return await db.query<OutboxRow>(
    `SELECT id::text AS id, status, attempts, to_address, last_error, sent_at,
            extract(epoch FROM next_attempt_at - now())::float8 AS due_in_s
       FROM mail_outbox ORDER BY id`,
  );
}

/** A worker that sends to `rx` (or, with `rx` null, to the mailbox in `dataDir`). */
export function workerFor(
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
export async function reserve(s: TestServer, email = "ada@example.com") {
  const slot = { date: "2026-11-27", start: "12:00", end: "13:00" };
  return (await reserveOnNewSlot(s, slot, { customer_email: email })).body;
}

/** Reserves a fresh ticket per address, all on one fresh slot; the 201 bodies. */
export async function reserveMany(s: TestServer, emails: string[]) {
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

/** Runs `fn` with an SMTP receiver, closed after. */
export async function withReceiver(fn: (rx: SmtpReceiver) => Promise<void>) {
  const rx = await startSmtpReceiver();
  try {
    await fn(rx);
  } finally {
    await rx.close();
  }
}

/** The text of the QR code in a PNG part. */
export function qrText(part: MimePart): string | null {
  return qrTextOfPng(part.content);
}

/** Asserts the confirmation of `body` as mailed: venue time, signed links, QR and calendar parts. */
export function assertConfirmation(mail: ReceivedMail, body: {
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

/** The venue of the mail tests: its times differ from UTC. */
export const NEW_YORK = { timezone: "America/New_York" };
