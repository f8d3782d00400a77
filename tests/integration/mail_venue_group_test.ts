/**
 * Every customer mail names the venue as the confirmation does (API.md
 * "Organization settings"): a group's confirmation, the reminder and the
 * waitlist's offer, expiry and drop come from the venue's name over
 * MAIL_FROM's address, name it and its address, and render at a phone's
 * width. A group's confirmation and reminder carry each ticket's manage link.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import { type ParsedMail, parseMail } from "../helpers/mime.ts";
import { withReceiver, workerFor } from "../helpers/mail.ts";
import { post, seedSlot, seedTickets } from "../helpers/api.ts";
import { tomorrow } from "../helpers/staff_changes.ts";
import { cancel } from "../helpers/customer_changes.ts";
import { claim, fullSlot, join, offerToken } from "../helpers/waitlist.ts";
import { passWaitlists } from "../../db/waitlist_expiry.ts";
import { createReminderJob } from "../../lib/reminder_job.ts";

const VENUE = "Museum of Light";
const ADDRESS = "Lichtstraat 1\n1011 AB Amsterdam";
const ENV = { env: { MAIL_FROM: "Timed entry <no-reply@localhost>" } };

async function brand(s: TestServer) {
  await s.db.query(
    "UPDATE organizations SET name = $1, address = $2 WHERE orq = 1",
    [VENUE, ADDRESS],
  );
  s.deps.orgs.forget(1);
}

function partOf(mail: ParsedMail, type: string): string {
  return mail.parts.find((p) => p.type === type)!.text;
}

function assertVenueMail(mail: ParsedMail) {
  const from = mail.headers["from"];
  const m = /^\s*"?(.*?)"?\s*<([^>]+)>\s*$/.exec(from);
  assert(m, from);
  assertEquals([m[1], m[2]], [VENUE, "no-reply@localhost"]);
  const text = partOf(mail, "text/plain");
  const html = partOf(mail, "text/html");
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

/** The distinct manage tokens a text body links to. */
function manageTokens(text: string): string[] {
  return [
    ...new Set(
      [...text.matchAll(/\/reserve\/manage\?token=([^\s"&<]+)/g)].map((m) =>
        decodeURIComponent(m[1])
      ),
    ),
  ];
}

/** Each token opens its own reservation of `ids`. */
async function assertOpens(s: TestServer, tokens: string[], ids: number[]) {
  const opened = [];
  for (const manage_token of tokens) {
    const r = await post(s.url, "/api/reservations/lookup", { manage_token });
    assertEquals(r.status, 200, JSON.stringify(r.body));
    opened.push(r.body.reservation.id);
  }
  assertEquals(opened.sort(), [...ids].sort());
}

testEachEngine(
  "a group's confirmation and its reminder come from the venue and link each ticket's manage page",
  (s) =>
    withReceiver(async (rx) => {
      await brand(s);
      const slot = await seedSlot(s.db, {
        date: "2026-11-28",
        start: "12:00",
        end: "13:00",
      });
      const codes = await seedTickets(s.db, 2);
      const r = await post(s.url, "/api/reservations/create-group", {
        ticket_codes: codes,
        slot_id: slot,
        customer_email: "group@example.com",
        customer_phone: "+31 6 1234 5678",
      });
      assertEquals(r.status, 201, JSON.stringify(r.body));
      const ids = r.body.reservations.map((
        x: { reservation: { id: number } },
      ) => x.reservation.id);
      // The reminder is due 24 h before the start.
      s.clock.set("2026-11-27T12:00:00Z");
      assertEquals(
        await createReminderJob({ db: s.db, clock: s.clock }).runOnce(),
        1,
      );
      const worker = workerFor(s, rx);
      await worker.drain();
      await worker.stop();
      const mails = rx.messages.map((m) => parseMail(m.raw));
      assertEquals(mails.length, 2);
      for (const mail of mails) {
        assertVenueMail(mail);
        const text = partOf(mail, "text/plain");
        const tokens = manageTokens(text);
        assertEquals(tokens.length, 2, text);
        assertEquals(manageTokens(partOf(mail, "text/html")).length, 2);
        await assertOpens(s, tokens, ids);
      }
      assert(
        mails.some((m) => partOf(m, "text/plain").includes("see you soon")),
        "a reminder",
      );
    }),
  ENV,
);

testEachEngine(
  "the waitlist's offer, expiry and drop come from the venue and name its address",
  (s) =>
    withReceiver(async (rx) => {
      await brand(s);
      const { slot, codes } = await fullSlot(s, 1);
      const [a, b] = await seedTickets(s.db, 2);
      const ea = (await join(s, [a], slot, "a@example.com")).body.waitlist.id;
      const eb = (await join(s, [b], slot, "b@example.com")).body.waitlist.id;
      // a is offered the freed place, lets the hold run out; b is offered.
      assertEquals(
        (await cancel(s, codes[0], "guest0@example.com")).status,
        200,
      );
      s.clock.advance(30 * 60_000);
      assertEquals((await passWaitlists(s.db, s.clock())).expired, 1);
      // b's ticket is booked elsewhere: b's claim drops the entry.
      const elsewhere = await tomorrow(s, "17:00", 5);
      assertEquals(
        (await post(s.url, "/api/reservations/create", {
          ticket_code: b,
          slot_id: elsewhere,
          customer_email: "b@example.com",
          customer_phone: "+31612345678",
        })).status,
        201,
      );
      assertEquals((await claim(s, (await offerToken(s.db, eb))!)).status, 409);
      assert(ea !== eb);
      const worker = workerFor(s, rx);
      await worker.drain();
      await worker.stop();
      const waitlist = rx.messages.map((m) => parseMail(m.raw)).filter((m) =>
        !partOf(m, "text/plain").includes("Ticket:")
      );
      // The first line of a waitlist mail's text is its subject.
      const subjects = waitlist.map((m) =>
        partOf(m, "text/plain").split("\n")[0]
      );
      for (
        const said of [
          "Places are free at",
          "have been released",
          "no longer on the waitlist",
        ]
      ) {
        assert(subjects.some((x) => x.includes(said)), subjects.join("\n"));
      }
      assertEquals(waitlist.length, 4, subjects.join("\n"));
      for (const mail of waitlist) assertVenueMail(mail);
    }),
  ENV,
);
