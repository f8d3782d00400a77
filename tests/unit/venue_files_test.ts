/** The small rules behind the venue's mails, calendar file and ticket files. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  senderAddress,
  venueHtmlRows,
  venueSender,
  venueTextLines,
} from "../../lib/mail/layout.ts";
import { alarmHours } from "../../lib/calendar_file.ts";
import { translatorFor } from "../../lib/catalogue.ts";

const en = translatorFor("en");
import { ticketFileName, ticketPngUrl } from "../../lib/ticket_page.ts";

Deno.test("the sender: the venue's name over MAIL_FROM's address", () => {
  assertEquals(
    senderAddress("Timed entry <no-reply@example.org>"),
    "no-reply@example.org",
  );
  assertEquals(senderAddress("no-reply@example.org"), "no-reply@example.org");
  assertEquals(venueSender("T <a@b.c>", "Museum of Light"), {
    name: "Museum of Light",
    address: "a@b.c",
  });
  // A name cannot break the header onto a new line.
  assertEquals(venueSender("a@b.c", "Evil\r\nBcc: x@y.z"), {
    name: "Evil Bcc: x@y.z",
    address: "a@b.c",
  });
});

Deno.test("the venue in mail bodies: name and address lines, escaped in HTML", () => {
  assertEquals(venueTextLines(en, "M", "Street 1\n\n1011 AB Town "), [
    "Venue: M",
    "Address: Street 1, 1011 AB Town",
  ]);
  assertEquals(venueTextLines(en, "M", null), ["Venue: M"]);
  const html = venueHtmlRows(en, "<M>", "A & B\nC");
  assertEquals(html.includes("&#60;M&#62;"), true);
  assertEquals(html.includes("A &#38; B<br>C"), true);
  assertEquals(venueHtmlRows(en, "M", "").includes("Address"), false);
});

Deno.test("the calendar alarm: the venue's reminder hours, else 2 hours", () => {
  assertEquals(alarmHours(24), 24);
  assertEquals(alarmHours(3), 3);
  assertEquals(alarmHours(0), 2);
  assertEquals(alarmHours(null), 2);
  assertEquals(alarmHours(undefined), 2);
});

Deno.test("the ticket file's name says venue, date and time", () => {
  const slot = { date: "2026-12-12", start_time: "14:00" };
  assertEquals(
    ticketFileName("Museum of Light", slot),
    "ticket-museum-of-light-2026-12-12-1400.png",
  );
  assertEquals(
    ticketFileName("Musée d'Orsay — Été!", slot),
    "ticket-musee-d-orsay-ete-2026-12-12-1400.png",
  );
  assertEquals(ticketFileName("東京", slot), "ticket-2026-12-12-1400.png");
  assertEquals(
    ticketFileName("x".repeat(100), slot, "svg"),
    `ticket-${"x".repeat(60)}-2026-12-12-1400.svg`,
  );
  assertEquals(
    ticketPngUrl("/api/reservations/5/qr.png?t=abc&v=2"),
    "/api/reservations/5/ticket.png?t=abc&v=2",
  );
});
