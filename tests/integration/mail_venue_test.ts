/**
 * Customer mails name the venue (API.md "Organization settings"): the
 * venue's name as the sender's display name over MAIL_FROM's address, its
 * name and address in the body, a phone viewport in the HTML, and the .ics
 * with LOCATION and a reminder alarm, as the real SMTP receiver got them.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import { type ParsedMail, parseMail } from "../helpers/mime.ts";
import { reserve, withReceiver, workerFor } from "../helpers/mail.ts";
import { managerRoutePrincipals, reserveOnNewSlot } from "../helpers/api.ts";
import { change } from "../helpers/staff_changes.ts";

const VENUE = "Museum of Light";
const ADDRESS = "Lichtstraat 1\n1011 AB Amsterdam";

async function brand(s: TestServer, settings: Record<string, unknown>) {
  await s.db.query(
    `UPDATE organizations SET name = $1, address = $2,
            settings = $3::text::jsonb WHERE orq = 1`,
    [VENUE, ADDRESS, JSON.stringify(settings)],
  );
  s.deps.orgs.forget(1);
}

/** The decoded `From` display name and address of a raw message. */
function sender(mail: ParsedMail): { name: string; address: string } {
  const from = mail.headers["from"];
  const m = /^\s*"?(.*?)"?\s*<([^>]+)>\s*$/.exec(from)!;
  assert(m, from);
  return { name: m[1], address: m[2] };
}

function assertVenueMail(mail: ParsedMail) {
  assertEquals(sender(mail), { name: VENUE, address: "no-reply@localhost" });
  const text = mail.parts.find((p) => p.type === "text/plain")!.text;
  const html = mail.parts.find((p) => p.type === "text/html")!.text;
  assert(text.includes(`Venue: ${VENUE}`), text);
  assert(text.includes("Address: Lichtstraat 1, 1011 AB Amsterdam"), text);
  assert(html.includes(VENUE), html);
  assert(html.includes("Lichtstraat 1<br>1011 AB Amsterdam"), html);
  assert(
    html.includes(
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ),
    html,
  );
}

/** The ics as one line per property (continuation lines unfolded). */
function unfold(ics: string): string {
  return ics.replace(/\r?\n[ \t]/g, "");
}

testEachEngine(
  "the confirmation comes from the venue, names it and its address; its .ics has LOCATION and an alarm",
  (s) =>
    withReceiver(async (rx) => {
      await brand(s, { reminder_hours_before: 3 });
      const body = await reserve(s);
      const worker = workerFor(s, rx);
      assertEquals(await worker.runOnce(), { claimed: 1, sent: 1, failed: 0 });
      await worker.stop();
      assertEquals(rx.messages.length, 1);
      // The envelope keeps MAIL_FROM's address.
      const mail = parseMail(rx.messages[0].raw);
      assertVenueMail(mail);

      const ics = unfold(
        mail.parts.find((p) => p.type === "text/calendar")!.text,
      );
      assert(ics.includes("SUMMARY:Visit: Museum of Light"), ics);
      assert(
        ics.includes(
          "LOCATION:Museum of Light\\, Lichtstraat 1\\, 1011 AB Amsterdam",
        ),
        ics,
      );
      assert(
        /BEGIN:VALARM[\s\S]*TRIGGER:-PT3H[\s\S]*END:VALARM/.test(ics),
        ics,
      );

      // The linked .ics says the same.
      const res = await fetch(s.url + body.calendar_url);
      assertEquals(res.status, 200);
      const linked = unfold(await res.text());
      assert(linked.includes("LOCATION:Museum of Light\\, Lichtstraat 1"));
      assert(linked.includes("TRIGGER:-PT3H"), linked);
    }),
  { env: { MAIL_FROM: "Timed entry <no-reply@localhost>" } },
);

testEachEngine(
  "without a reminder setting the alarm rings at the default; with reminders off, 2 hours before",
  (s) =>
    withReceiver(async (rx) => {
      await brand(s, {});
      await reserve(s, "first@example.com");
      // Mails read the venue when they are sent: send this one first.
      const first = workerFor(s, rx);
      await first.drain();
      await first.stop();
      await brand(s, { reminder_hours_before: 0 });
      const second = (await reserveOnNewSlot(
        s,
        { date: "2026-11-27", start: "14:00", end: "15:00" },
        { customer_email: "second@example.com" },
      )).body;
      const worker = workerFor(s, rx);
      await worker.drain();
      await worker.stop();
      const icsOf = (to: string) =>
        unfold(
          parseMail(rx.messages.find((m) => m.to.includes(to))!.raw).parts
            .find((p) => p.type === "text/calendar")!.text,
        );
      assert(icsOf("first@example.com").includes("TRIGGER:-PT24H"));
      assert(icsOf("second@example.com").includes("TRIGGER:-PT2H"));
      const linked = unfold(
        await (await fetch(s.url + second.calendar_url)).text(),
      );
      assert(linked.includes("TRIGGER:-PT2H"), linked);
    }),
);

testEachEngine(
  "the cancellation comes from the venue too, with its address and the viewport",
  (s) =>
    withReceiver(async (rx) => {
      await brand(s, {});
      const { boss } = await managerRoutePrincipals(s);
      const body = await reserve(s);
      const r = await change(s.url, body.reservation.id, "cancel", boss);
      assertEquals(r.status, 200);
      const worker = workerFor(s, rx);
      await worker.drain();
      await worker.stop();
      const cancelled = rx.messages.map((m) => parseMail(m.raw)).find((m) =>
        m.parts.some((p) =>
          p.type === "text/plain" && p.text.includes("has been cancelled")
        )
      );
      assert(cancelled, "a cancellation mail");
      assertVenueMail(cancelled);
    }),
);
