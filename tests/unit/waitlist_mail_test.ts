import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { claimUrl, composeWaitlistMail } from "../../lib/mail/waitlist.ts";
import type { WaitlistMailFacts } from "../../db/waitlist_offers.ts";

const config = {
  publicUrl: "https://tickets.example.org/",
  mailFrom: "Venue <noreply@example.org>",
};
const facts: WaitlistMailFacts = {
  entry_id: 7,
  locale: null,
  org_name: "Rijks & <Co>",
  timezone: "Europe/Amsterdam",
  date: "2026-11-27",
  start_time: "12:00",
  end_time: "13:00",
  places: 2,
  token: "abc-DEF_123",
  expires_at: "2026-11-26T10:30:00.000Z",
};

Deno.test("offer mail: the claim link, the places and when the hold ends (venue time)", () => {
  const m = composeWaitlistMail({ config }, "waitlist.offer", {
    id: "41",
    to: "a@example.com",
    facts,
  })!;
  const link = "https://tickets.example.org/reserve/claim?token=abc-DEF_123";
  assertEquals(claimUrl(config.publicUrl, "abc-DEF_123"), link);
  assert(String(m.text).includes(link));
  assert(String(m.text).includes("2 places are held for you until 11:30."));
  assert(String(m.html).includes(`href="${link}"`));
  assert(String(m.html).includes("Rijks &#38; &#60;Co&#62;"));
  assertEquals(m.to, "a@example.com");
  assertEquals(m.messageId, "<waitlist-7.41@tickets.example.org>");
});

Deno.test("offer mail: in the entry's locale; without its token it cannot be composed", () => {
  const de = composeWaitlistMail({ config }, "waitlist.offer", {
    id: "1",
    to: "a@example.com",
    facts: { ...facts, locale: "de", places: 1 },
  })!;
  assert(String(de.subject).startsWith("Plätze frei bei"));
  assert(String(de.text).includes("1 Platz ist bis 11:30"));
  const { token: _, ...noToken } = facts;
  assertEquals(
    composeWaitlistMail({ config }, "waitlist.offer", {
      id: "1",
      to: "a@example.com",
      facts: noToken,
    }),
    null,
  );
});

Deno.test("expired and dropped mails carry no link; unknown kinds are refused", () => {
  for (const kind of ["waitlist.expired", "waitlist.dropped"]) {
    const m = composeWaitlistMail({ config }, kind, {
      id: "2",
      to: "a@example.com",
      facts: { ...facts, reason: "too_late" },
    })!;
    assert(!String(m.text).includes("/reserve/claim"), kind);
  }
  assertEquals(
    composeWaitlistMail({ config }, "waitlist.other", {
      id: "3",
      to: "a@example.com",
      facts,
    }),
    null,
  );
});
