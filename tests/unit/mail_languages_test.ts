/**
 * Every customer mail in every language (API.md "Create, group, waitlist and
 * claim accept `locale`"): composed from facts alone, the German, French and
 * Spanish ones hold none of the English text and no message is left
 * unformatted (a catalogue key or an `{argument}`).
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { SendMailOptions } from "nodemailer";
import { composeMail } from "../../lib/mail/compose.ts";
import { composeWaitlistMail } from "../../lib/mail/waitlist.ts";
import { mailLocale } from "../../lib/mail/language.ts";
import { ReservationLinks } from "../../lib/reservation_links.ts";
import type { ConfirmationFacts } from "../../db/outbox.ts";
import type { WaitlistMailFacts } from "../../db/waitlist_offers.ts";
import { LOCALES } from "../../domain/locale.ts";
import { ticketCaption } from "../../lib/ticket_png.ts";
import { translatorFor } from "../../lib/catalogue.ts";
import { generateTicketCode } from "../../domain/ticket_code.ts";

const config = {
  publicUrl: "https://tickets.example.org",
  mailFrom: "Tickets <tickets@example.org>",
};
const links = new ReservationLinks("unit-test-secret");

function facts(id: number, extra: Partial<ConfirmationFacts> = {}) {
  return {
    reservation_id: id,
    version: 1,
    ticket_code: generateTicketCode(),
    customer_email: "ada@example.com",
    date: "2026-11-27",
    start_time: "12:00",
    end_time: "13:00",
    starts: new Date("2026-11-27T11:00:00Z"),
    ends: new Date("2026-11-27T12:00:00Z"),
    timezone: "Europe/Amsterdam",
    org_name: "Rijksmuseum",
    org_address: "Museumstraat 1\n1071 XX Amsterdam",
    reminder_hours_before: 24,
    ticket_id: id,
    ...extra,
  } satisfies ConfirmationFacts;
}

const waitlistFacts: WaitlistMailFacts = {
  entry_id: 7,
  locale: null,
  org_name: "Rijksmuseum",
  org_address: "Museumstraat 1",
  timezone: "Europe/Amsterdam",
  date: "2026-11-27",
  start_time: "12:00",
  end_time: "13:00",
  places: 3,
  token: "abc-DEF_123",
  expires_at: "2026-11-26T10:30:00.000Z",
};

/** Every mail a customer may get, in `locale`, by a name for the messages. */
async function everyMail(
  locale: string,
): Promise<Record<string, SendMailOptions>> {
  const deps = { config, links };
  const own = (id: number, extra: Partial<ConfirmationFacts> = {}) =>
    facts(id, { locale, ...extra });
  const members = [own(1), own(2), own(3)];
  const mail = async (kind: string, f: ConfirmationFacts, m?: unknown[]) =>
    (await composeMail(deps, kind, {
      id: "9",
      to: "ada@example.com",
      facts: f,
      members: (m ?? null) as ConfirmationFacts[] | null,
    }))!;
  const waitlist = (kind: string) =>
    composeWaitlistMail({ config }, kind, {
      id: "9",
      to: "ada@example.com",
      facts: { ...waitlistFacts, locale },
    })!;
  return {
    // A resend queues the confirmation again: the same mail.
    confirmation: await mail("reservation.confirmation", own(1)),
    moved: await mail("reservation.moved", own(1, { version: 2 })),
    "cancelled by the venue": await mail(
      "reservation.cancelled",
      own(1, { cancelled_by: "staff" }),
    ),
    "cancelled by the customer": await mail(
      "reservation.cancelled",
      own(1, { cancelled_by: "customer" }),
    ),
    group: await mail("reservation.group_confirmation", own(1), members),
    reminder: await mail("reservation.reminder", own(1), [own(1)]),
    "group reminder": await mail("reservation.reminder", own(1), members),
    "waitlist offer": waitlist("waitlist.offer"),
    "waitlist expired": waitlist("waitlist.expired"),
    "waitlist dropped": waitlist("waitlist.dropped"),
  };
}

/** The subject, text, HTML and calendar file of a mail. */
function texts(m: SendMailOptions): Record<string, string> {
  const ics = (m.attachments ?? []).find((a) =>
    String(a.contentType).startsWith("text/calendar")
  );
  return {
    subject: String(m.subject),
    text: String(m.text),
    html: String(m.html),
    ...(ics ? { ics: String(ics.content) } : {}),
  };
}

/** English that must not be left in another language's mail. */
const ENGLISH = [
  "Your visit",
  "your visit",
  "Venue",
  "Address",
  "Time:",
  "Friday",
  "Show ",
  "Change or cancel",
  "calendar file",
  "download it again",
  "QR code of ticket",
  "Each person",
  "Reminder",
  "see you soon",
  "reserved",
  "Book ",
  "Places are free",
  "waitlist",
  "held for you",
  "released",
  "SUMMARY:Visit:",
];

/** A message key (`mail.x`, `calendar.x`, ...) or argument left unformatted. */
const RAW =
  /\b(mail|calendar|dates|common|portal|waitlist|group|manage|problems)\.[a-z][A-Za-z]*\b|\{[A-Za-z]+[,}]/;

Deno.test("every mail in every language: no raw message key or argument", async () => {
  for (const locale of LOCALES) {
    for (const [name, m] of Object.entries(await everyMail(locale))) {
      for (const [part, text] of Object.entries(texts(m))) {
        // Links may say `calendar.ics`: they are not message text.
        const raw = RAW.exec(text.replace(/https?:\/\/[^\s"<>)]+/g, "URL"));
        assert(!raw, `${locale} ${name} ${part}: "${raw?.[0]}" in\n${text}`);
      }
    }
  }
});

Deno.test("German, French and Spanish mails hold no English", async () => {
  // The phrases are there in English, so their absence means something.
  const en = Object.values(await everyMail("en")).map((m) =>
    Object.values(texts(m)).join("\n")
  ).join("\n");
  for (const phrase of ENGLISH) assert(en.includes(phrase), phrase);
  for (const locale of ["de", "fr", "es"]) {
    for (const [name, m] of Object.entries(await everyMail(locale))) {
      for (const [part, text] of Object.entries(texts(m))) {
        for (const phrase of ENGLISH) {
          assert(
            !text.includes(phrase),
            `${locale} ${name} ${part} says "${phrase}":\n${text}`,
          );
        }
      }
    }
  }
});

Deno.test("each language's own words, dates and plurals", async () => {
  const expected: Record<string, [string, string, string, string]> = {
    // Confirmation subject, its date, the group headline, the offer body.
    de: [
      "Ihr Besuch bei Rijksmuseum: Freitag, 27. November 2026, 12:00–13:00 (Europe/Amsterdam)",
      "Datum: Freitag, 27. November 2026",
      "Ihr Besuch bei Rijksmuseum: 3 Tickets sind reserviert.",
      "3 Plätze sind bis 11:30 für Sie reserviert.",
    ],
    fr: [
      "Votre visite chez Rijksmuseum : vendredi 27 novembre 2026, 12:00–13:00 (Europe/Amsterdam)",
      "Date : vendredi 27 novembre 2026",
      "Votre visite chez Rijksmuseum : 3 billets sont réservés.",
      "3 places vous sont réservées jusqu’à 11:30.",
    ],
    es: [
      "Su visita a Rijksmuseum: viernes, 27 de noviembre de 2026, 12:00–13:00 (Europe/Amsterdam)",
      "Fecha: viernes, 27 de noviembre de 2026",
      "Su visita a Rijksmuseum: 3 entradas reservadas.",
      "3 plazas están reservadas para usted hasta las 11:30.",
    ],
  };
  for (
    const [locale, [subject, date, group, offer]] of Object.entries(expected)
  ) {
    const mails = await everyMail(locale);
    assertEquals(mails.confirmation.subject, subject);
    assert(String(mails.confirmation.text).includes(date), locale);
    assert(String(mails.group.text).includes(group), locale);
    assert(String(mails["waitlist offer"].text).includes(offer), locale);
  }
});

Deno.test("a mail's language: the reservation's, else the venue's, else English", async () => {
  assertEquals(mailLocale("de", "fr"), "de");
  assertEquals(mailLocale(null, "fr"), "fr");
  assertEquals(mailLocale(undefined, null), "en");
  assertEquals(mailLocale("xx", "yy"), "en");
  const venueFrench = await composeMail(
    { config, links },
    "reservation.confirmation",
    {
      id: "1",
      to: "ada@example.com",
      facts: facts(5, { locale: null, org_locale: "fr" }),
    },
  );
  assert(String(venueFrench!.subject).startsWith("Votre visite chez"));
  const offer = composeWaitlistMail({ config }, "waitlist.offer", {
    id: "1",
    to: "ada@example.com",
    facts: { ...waitlistFacts, org_locale: "es" },
  });
  assert(String(offer!.subject).startsWith("Hay plazas libres"));
});

Deno.test("the ticket PNG's caption says the date in the booking's language", () => {
  const r = {
    ticket_code: "7K3QW9M2XC4TPA8R1VNE",
    slot: { date: "2026-11-27", start_time: "12:00", end_time: "13:00" },
  };
  assertEquals(ticketCaption(translatorFor("de"), "Rijksmuseum", r), {
    venue: "Rijksmuseum",
    date: "Freitag, 27. November 2026",
    time: "12:00–13:00",
    code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
  });
  assertEquals(
    ticketCaption(translatorFor("es"), "R", r).date,
    "viernes, 27 de noviembre de 2026",
  );
  assertEquals(
    ticketCaption(translatorFor("en"), "R", r).date,
    "Friday 27 November 2026",
  );
});
