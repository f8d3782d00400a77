/**
 * The customer's language (API.md "Create, group, waitlist and claim accept
 * `locale`"): stored with the reservation, kept by a reschedule, and the
 * language of its mails and calendar file, as the real SMTP receiver gets
 * them; without one, the venue's.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { Buffer } from "node:buffer";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import { post, reservationBody, seedTickets } from "../helpers/api.ts";
import { parseMail } from "../helpers/mime.ts";
import { withReceiver, workerFor } from "../helpers/mail.ts";
import { tomorrow } from "../helpers/staff_changes.ts";
import { cancel, reschedule } from "../helpers/customer_changes.ts";
import { groupBody } from "../helpers/group.ts";
import { fullSlot, join, offerToken } from "../helpers/waitlist.ts";
import type { ReceivedMail } from "../helpers/smtp_receiver.ts";

/** A header value with its RFC 2047 encoded words decoded. */
function decodeHeader(value: string): string {
  const bytes: number[] = [];
  const out: string[] = [];
  const flush = () => {
    if (bytes.length) out.push(Buffer.from(bytes).toString("utf8"));
    bytes.length = 0;
  };
  // Whitespace between two encoded words is not part of the text.
  const re = /=\?utf-8\?([bq])\?([^?]*)\?=/gi;
  let last = 0;
  for (const m of value.matchAll(re)) {
    const between = value.slice(last, m.index);
    if (!/^\s*$/.test(between) || last === 0) {
      flush();
      out.push(between);
    }
    if (m[1].toLowerCase() === "b") {
      bytes.push(...Buffer.from(m[2], "base64"));
    } else {
      const q = m[2].replace(/_/g, " ");
      for (let i = 0; i < q.length; i++) {
        if (q[i] === "=") {
          bytes.push(parseInt(q.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(q.charCodeAt(i));
      }
    }
    last = m.index! + m[0].length;
  }
  flush();
  out.push(value.slice(last));
  return out.join("");
}

/** Subject, plain text and calendar file of a received mail. */
function read(mail: ReceivedMail) {
  const parsed = parseMail(mail.raw);
  const part = (type: string) =>
    parsed.parts.find((p) => p.type === type)?.text ?? "";
  return {
    subject: decodeHeader(parsed.headers["subject"]),
    text: part("text/plain"),
    html: part("text/html"),
    // Continuation lines unfolded.
    ics: part("text/calendar").replace(/\r?\n[ \t]/g, ""),
  };
}

async function storedLocale(s: TestServer, id: number) {
  const [row] = await s.db.query<{ locale: string | null }>(
    "SELECT locale FROM ticket_reservations WHERE id = $1",
    [id],
  );
  return row.locale;
}

async function book(
  s: TestServer,
  slotId: number,
  extra: Record<string, unknown> = {},
) {
  const [code] = await seedTickets(s.db, 1);
  const r = await post(s.url, "/api/reservations/create", {
    ...reservationBody(code, slotId),
    customer_email: "ada@example.com",
    ...extra,
  });
  assertEquals(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function venueLocale(s: TestServer, locale: string) {
  await s.db.query("UPDATE organizations SET locale = $1 WHERE orq = 1", [
    locale,
  ]);
  s.deps.orgs.forget(1);
}

testEachEngine(
  "a booking in German gets its confirmation, calendar file and 'moved' mail in German",
  (s) =>
    withReceiver(async (rx) => {
      const a = await tomorrow(s, "12:00");
      const b = await tomorrow(s, "15:00");
      const booked = await book(s, a, { locale: "de" });
      const id = booked.reservation.id;
      assertEquals(await storedLocale(s, id), "de");
      const worker = workerFor(s, rx);
      assertEquals((await worker.drain()).sent, 1);

      const confirmation = read(rx.messages[0]);
      assert(
        confirmation.subject.startsWith("Ihr Besuch bei ") &&
          confirmation.subject.includes(
            ": Freitag, 27. November 2026, 12:00–13:00",
          ),
        confirmation.subject,
      );
      for (
        const german of [
          "ist reserviert.",
          "Datum: Freitag, 27. November 2026",
          "Uhrzeit: 12:00–13:00",
          "Zeigen Sie den angehängten QR-Code am Eingang vor.",
          "Buchung ändern oder stornieren: ",
        ]
      ) assert(confirmation.text.includes(german), confirmation.text);
      assert(!confirmation.text.includes("Your visit"), confirmation.text);
      assert(confirmation.html.includes("ist reserviert"), confirmation.html);
      assert(confirmation.ics.includes("SUMMARY:Besuch: "), confirmation.ics);
      // The calendar link answers in the booking's language too.
      const ics = await fetch(`${s.url}${booked.calendar_url}`);
      assertEquals(ics.status, 200);
      assert((await ics.text()).includes("SUMMARY:Besuch: "));

      // A reschedule keeps the language.
      const moved = await reschedule(
        s,
        booked.reservation.ticket_code,
        "ada@example.com",
        b,
      );
      assertEquals(moved.status, 200, JSON.stringify(moved.body));
      assertEquals(await storedLocale(s, id), "de");
      assertEquals(await worker.drain(), { claimed: 1, sent: 1, failed: 0 });
      await worker.stop();
      const mail = read(rx.messages[1]);
      assert(
        mail.subject.startsWith("Ihr Besuch wurde verlegt: "),
        mail.subject,
      );
      assert(mail.text.includes("wurde verlegt."), mail.text);
      assert(mail.text.includes("Uhrzeit: 15:00–16:00"), mail.text);
      assert(!mail.text.includes("has moved"), mail.text);
    }),
);

testEachEngine(
  "without a locale the mails are in the venue's language; an unknown locale is refused",
  (s) =>
    withReceiver(async (rx) => {
      await venueLocale(s, "fr");
      const slot = await tomorrow(s, "12:00");
      const [code] = await seedTickets(s.db, 1);
      const refused = await post(s.url, "/api/reservations/create", {
        ...reservationBody(code, slot),
        locale: "nl",
      });
      assertEquals(refused.status, 400, JSON.stringify(refused.body));
      const booked = await book(s, slot);
      assertEquals(await storedLocale(s, booked.reservation.id), null);
      const worker = workerFor(s, rx);
      assertEquals((await worker.drain()).sent, 1);
      const mail = read(rx.messages[0]);
      assert(mail.subject.startsWith("Votre visite chez "), mail.subject);
      assert(
        mail.subject.includes(" : vendredi 27 novembre 2026, 12:00–13:00"),
        mail.subject,
      );
      assert(mail.text.includes("est réservée."), mail.text);
      assert(mail.text.includes("Heure : 12:00–13:00"), mail.text);
      assert(mail.ics.includes("SUMMARY:Visite : "), mail.ics);

      // A cancellation follows the venue too.
      assertEquals(
        (await cancel(s, booked.reservation.ticket_code, "ada@example.com"))
          .status,
        200,
      );
      assertEquals((await worker.drain()).sent, 1);
      await worker.stop();
      const cancelled = read(rx.messages[1]);
      assert(
        cancelled.subject.startsWith("Votre visite chez ") &&
          cancelled.subject.includes("est annulée"),
        cancelled.subject,
      );
    }),
);

testEachEngine(
  "a group in Spanish gets a Spanish confirmation; a claim books in its own language, else the entry's",
  (s) =>
    withReceiver(async (rx) => {
      const slot = await tomorrow(s, "12:00");
      const codes = await seedTickets(s.db, 2);
      const group = await post(s.url, "/api/reservations/create-group", {
        ...groupBody(codes, slot),
        locale: "es",
      });
      assertEquals(group.status, 201, JSON.stringify(group.body));
      for (const r of group.body.reservations) {
        assertEquals(await storedLocale(s, r.reservation.id), "es");
      }
      const worker = workerFor(s, rx);
      assertEquals((await worker.drain()).sent, 1);
      const mail = read(rx.messages[0]);
      assert(mail.subject.startsWith("Su visita a "), mail.subject);
      assert(mail.text.includes("2 entradas reservadas."), mail.text);
      assert(mail.text.includes("Fecha: viernes, 27 de noviembre"), mail.text);

      // Two entries joined in French; two places free, one offer each.
      const full = await fullSlot(s, 2, "15:00");
      const [one, two] = await seedTickets(s.db, 2);
      const first = await join(s, [one], full.slot, "one@example.com", {
        locale: "fr",
      });
      const second = await join(s, [two], full.slot, "two@example.com", {
        locale: "fr",
      });
      for (const [i, c] of full.codes.entries()) {
        assertEquals((await cancel(s, c, `guest${i}@example.com`)).status, 200);
      }
      const asEntry = await post(s.url, "/api/waitlist/claim", {
        token: (await offerToken(s.db, first.body.waitlist.id))!,
        customer_phone: "+31 6 1111 2222",
      });
      const asClaim = await post(s.url, "/api/waitlist/claim", {
        token: (await offerToken(s.db, second.body.waitlist.id))!,
        customer_phone: "+31 6 1111 2222",
        locale: "de",
      });
      assertEquals([asEntry.status, asClaim.status], [201, 201]);
      assertEquals(
        await storedLocale(s, asEntry.body.reservations[0].reservation.id),
        "fr",
      );
      assertEquals(
        await storedLocale(s, asClaim.body.reservations[0].reservation.id),
        "de",
      );
      await worker.drain();
      await worker.stop();
      // In any order: each claim's confirmation in its language.
      const subjects = rx.messages.map((m) => ({
        to: m.to[0],
        subject: read(m).subject,
      }));
      const to = (a: string) => subjects.filter((m) => m.to === a);
      assert(
        to("one@example.com").some((m) => m.subject.startsWith("Votre visite")),
        JSON.stringify(subjects),
      );
      assert(
        to("two@example.com").some((m) =>
          m.subject.startsWith("Ihr Besuch bei")
        ),
        JSON.stringify(subjects),
      );
    }),
);
