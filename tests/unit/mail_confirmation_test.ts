/** The confirmation mail and calendar file, composed from facts alone. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  composeConfirmation,
  QR_CID,
  visitTime,
} from "../../lib/mail/confirmation.ts";
import { calendarFile } from "../../lib/calendar_file.ts";
import { translatorFor } from "../../lib/catalogue.ts";
import { ReservationLinks } from "../../lib/reservation_links.ts";
import type { ConfirmationFacts } from "../../db/outbox.ts";
import {
  formatTicketCode,
  generateTicketCode,
} from "../../domain/ticket_code.ts";

const code = generateTicketCode();
const facts: ConfirmationFacts = {
  reservation_id: 42,
  version: 3,
  ticket_code: code,
  customer_email: "ada@example.com",
  date: "2026-11-27",
  start_time: "12:00",
  end_time: "13:00",
  starts: new Date("2026-11-27T17:00:00Z"),
  ends: new Date("2026-11-27T18:00:00Z"),
  timezone: "America/New_York",
  org_name: "Museum <of> Things",
};
const config = {
  publicUrl: "https://tickets.example.org",
  mailFrom: "Tickets <tickets@example.org>",
};
const links = new ReservationLinks("unit-test-secret");
const en = translatorFor("en");

Deno.test("the confirmation is composed from its facts, no database", async () => {
  const mail = await composeConfirmation({ config, links }, {
    id: "7",
    to: "ada@example.com",
    facts,
  });
  // The venue's name over MAIL_FROM's address.
  assertEquals(mail.from, {
    name: "Museum <of> Things",
    address: "tickets@example.org",
  });
  assertEquals(mail.to, "ada@example.com");
  // ICU versions differ on the comma after the weekday.
  assert(
    /^Your visit to Museum <of> Things: Friday,? 27 November 2026, 12:00–13:00 \(America\/New_York\)$/
      .test(String(mail.subject)),
    String(mail.subject),
  );
  assertEquals(mail.messageId, "<reservation-42.7@tickets.example.org>");
  // The links are signed for this version and never carry the code.
  const urls = await links.urls({ id: 42, version: 3 }, config.publicUrl);
  const text = String(mail.text);
  assert(text.includes(`Ticket: ${formatTicketCode(code)}`), text);
  assert(text.includes(`Show your QR code again: ${urls.png_url}`), text);
  assert(text.includes(urls.calendar_url), text);
  const html = String(mail.html);
  assert(html.includes(`href="${urls.png_url.replace("&", "&#38;")}"`), html);
  assert(
    html.includes(`href="${urls.calendar_url.replace("&", "&#38;")}"`),
    html,
  );
  for (const t of [text, html]) {
    assert(!t.includes("code="), t);
    assert(!t.includes(`/reserve?`), t);
  }
  assert(html.includes("Museum &#60;of&#62; Things"), html);
  assert(html.includes(`src="cid:${QR_CID}"`), html);

  const [inline, attached, ics] = mail.attachments!;
  const short = code.slice(0, 4);
  assertEquals(
    [inline.filename, inline.cid, inline.contentDisposition],
    [`ticket-${short}.png`, QR_CID, "inline"],
  );
  assertEquals(attached.filename, `ticket-${short}-qr.png`);
  assert(Buffer.isBuffer(inline.content));
  assertEquals(attached.content, inline.content);
  assertEquals(ics.filename, "visit-2026-11-27.ics");
  assertEquals(
    ics.contentType,
    "text/calendar; charset=utf-8; method=PUBLISH",
  );
  const cal = String(ics.content);
  assert(cal.includes("UID:reservation-42@timed-entry"), cal);
  assert(cal.includes("DTSTART:20261127T170000Z"), cal);
  assert(cal.includes("DTEND:20261127T180000Z"), cal);
  assert(cal.includes("SUMMARY:Visit: Museum <of> Things"), cal);
  assert(!cal.includes("code="), cal);
});

Deno.test("the calendar file takes instants as dates or text", () => {
  const v = {
    reservationId: 42,
    ticketCode: code,
    orgName: "Museum",
    link: "https://tickets.example.org/api/reservations/42/qr.png?t=x&v=1",
  };
  const fromDates = calendarFile(en, {
    ...v,
    starts: facts.starts,
    ends: facts.ends,
  });
  const fromText = calendarFile(en, {
    ...v,
    starts: "2026-11-27T17:00:00Z",
    ends: "2026-11-27T18:00:00Z",
  });
  const stable = (s: string) => s.replace(/DTSTAMP:\S+/, "DTSTAMP:x");
  assertEquals(stable(fromDates), stable(fromText));
  assert(fromDates.includes("DTSTART:20261127T170000Z"), fromDates);
  assert(fromDates.includes(`URL:${v.link}`), fromDates);
});

Deno.test("the visit time is the venue's wall clock", () => {
  const when = visitTime(en, facts);
  assert(/^Friday,? 27 November 2026$/.test(when.date), when.date);
  assertEquals(when.time, "12:00–13:00 (America/New_York)");
});
