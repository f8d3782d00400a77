/** The "moved" and "cancelled" mails of staff changes, through a real SMTP receiver. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { managerRoutePrincipals } from "../helpers/api.ts";
import { parseMail } from "../helpers/mime.ts";
import { NEW_YORK, qrText, withReceiver, workerFor } from "../helpers/mail.ts";
import { book, change, tomorrow } from "../helpers/staff_changes.ts";
import { seedSlot } from "../helpers/api.ts";
import type { ReceivedMail } from "../helpers/smtp_receiver.ts";

function partsOf(mail: ReceivedMail) {
  const parsed = parseMail(mail.raw);
  const text = parsed.parts.find((p) => p.type === "text/plain")!.text;
  const html = parsed.parts.find((p) => p.type === "text/html")!.text;
  return { parsed, text, html };
}

testEachEngine(
  "a move mails the customer the new date and time with the new version's links",
  (s) =>
    withReceiver(async (rx) => {
      const { boss } = await managerRoutePrincipals(s);
      const a = await tomorrow(s, "12:00");
      const b = await seedSlot(s.db, {
        date: "2026-11-28",
        start: "15:00",
        end: "16:00",
      });
      const booked = await book(s, a, "grace@example.com");
      const worker = workerFor(s, rx);
      assertEquals((await worker.drain()).sent, 1); // the confirmation
      const moved = await change(s.url, booked.reservation.id, "move", boss, {
        slot_id: b,
      });
      assertEquals(moved.status, 200);
      assertEquals(await worker.drain(), { claimed: 1, sent: 1, failed: 0 });
      await worker.stop();

      assertEquals(rx.messages.length, 2);
      const mail = rx.messages[1];
      assertEquals(mail.to, ["grace@example.com"]);
      const { parsed, text, html } = partsOf(mail);
      for (const t of [text, html]) {
        assert(t.includes("has moved"), t);
        assert(/Saturday,? 28 November 2026/.test(t), t);
        assert(t.includes("15:00–16:00 (America/New_York)"), t);
        assert(!t.includes("12:00–13:00"), t);
      }
      // The links are version 2's, the ones the move answered; never v=1's.
      const base = s.deps.config.publicUrl;
      assert(text.includes(base + moved.body.qr.png_url), text);
      assert(text.includes(base + moved.body.calendar_url), text);
      assert(!text.includes(booked.qr.png_url), text);
      assert(moved.body.qr.png_url.endsWith("&v=2"));
      // The QR is the same ticket's, signed anew for the new slot (the old
      // signature is revoked); the calendar file is the same event, revised.
      const png = parsed.parts.find((p) => p.type === "image/png")!;
      assertEquals(qrText(png), moved.body.qr.payload);
      assert(qrText(png) !== booked.qr.payload);
      const ics = parsed.parts.find((p) => p.type === "text/calendar")!.text;
      assert(ics.includes("DTSTART:20261128T200000Z"), ics);
      assert(
        ics.includes(`UID:reservation-${booked.reservation.id}@timed-entry`),
        ics,
      );
      assert(ics.includes("SEQUENCE:1"), ics);
      // The mailed link opens the new QR image.
      const link = /Show your QR code again: (\S+)/.exec(text)![1];
      assertEquals((await fetch(s.url + link.slice(base.length))).status, 200);
    }),
  NEW_YORK,
);

testEachEngine(
  "a cancellation mails the customer the cancelled date and time, without links",
  (s) =>
    withReceiver(async (rx) => {
      const { boss } = await managerRoutePrincipals(s);
      const a = await tomorrow(s, "12:00");
      const booked = await book(s, a, "alan@example.com");
      const r = await change(s.url, booked.reservation.id, "cancel", boss);
      assertEquals(r.status, 200);
      const worker = workerFor(s, rx);
      // The confirmation not sent yet is skipped (tests/integration/mail_cancelled_test.ts).
      assertEquals(await worker.drain(), { claimed: 1, sent: 1, failed: 0 });
      await worker.stop();
      assertEquals(rx.messages.length, 1);
      const mail = rx.messages[0];
      assert(partsOf(mail).text.includes("has been cancelled"));
      assertEquals(mail.to, ["alan@example.com"]);
      const { parsed, text, html } = partsOf(mail);
      for (const t of [text, html]) {
        assert(t.includes("cancelled"), t);
        assert(/Friday,? 27 November 2026/.test(t), t);
        assert(t.includes("12:00–13:00 (America/New_York)"), t);
        assert(!t.includes("/api/reservations/"), t);
      }
      assertEquals(
        parsed.parts.filter((p) =>
          p.type !== "text/plain" && p.type !== "text/html"
        ),
        [],
      );
    }),
  NEW_YORK,
);

testEachEngine(
  "resend delivers the confirmation again with the current version's links",
  (s) =>
    withReceiver(async (rx) => {
      const { boss } = await managerRoutePrincipals(s);
      const a = await tomorrow(s, "12:00");
      const b = await tomorrow(s, "14:00");
      const booked = await book(s, a);
      const moved = await change(s.url, booked.reservation.id, "move", boss, {
        slot_id: b,
      });
      assertEquals(
        (await change(s.url, booked.reservation.id, "resend", boss)).status,
        202,
      );
      const worker = workerFor(s, rx);
      assertEquals(await worker.drain(), { claimed: 3, sent: 3, failed: 0 });
      await worker.stop();
      // The three may arrive in any order (the worker sends them at once),
      // and each is written when sent: both confirmations, the first and
      // the one sent again, show the booking as it is now.
      const texts = rx.messages.map((m) => partsOf(m).text);
      const confirmations = texts.filter((t) => t.includes("is reserved"));
      assertEquals(confirmations.length, 2, texts.join("\n----\n"));
      for (const text of confirmations) {
        assert(text.includes("14:00–15:00"), text);
        assert(text.includes(moved.body.qr.png_url), text);
      }
    }),
  NEW_YORK,
);
