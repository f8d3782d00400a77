/**
 * `POST /reserve/waitlist`: "Join the waitlist" without JavaScript. Bad
 * bodies answer the page with why (never a 500); a join answers 303 to the
 * page with the time and position only, no email in the URL.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { post, reservationBody, seedTickets } from "../helpers/api.ts";
import { testEachEngine } from "../helpers/server.ts";

function form(url: string, body: string) {
  return fetch(`${url}/reserve/waitlist?lang=de`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    redirect: "manual",
  });
}

testEachEngine(
  "the waitlist join form posts without JavaScript: refusals answer the page, a join redirects without the email",
  async (s) => {
    const [slot] = (await s.db.query<{ id: number }>(
      `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
       VALUES (1, '2026-11-30', '12:00', '13:00', 1) RETURNING id`,
    )).map((r) => r.id);
    const [other, code] = await seedTickets(s.db, 2);
    assertEquals(
      (await post(
        s.url,
        "/api/reservations/create",
        reservationBody(other, slot),
      )).status,
      201,
    );
    const bad: [string, string][] = [
      ["%%%&&&=", "Etwas ist schiefgelaufen"],
      ["ticket_code=" + "x".repeat(9000), "Etwas ist schiefgelaufen"],
      [
        `ticket_code=${code}&slot_id=abc&customer_email=w%40example.com`,
        "Etwas ist schiefgelaufen",
      ],
      [
        `ticket_code=nope&slot_id=${slot}&customer_email=w%40example.com`,
        "Etwas ist schiefgelaufen",
      ],
    ];
    for (const [body, says] of bad) {
      const res = await form(s.url, body);
      assertEquals(res.status, 200, body.slice(0, 40));
      const html = await res.text();
      assert(html.includes(says), `${body.slice(0, 40)}: ${html.slice(-1500)}`);
    }
    const res = await form(
      s.url,
      new URLSearchParams({
        ticket_code: code,
        slot_id: String(slot),
        customer_email: "wendy@example.com",
      }).toString(),
    );
    assertEquals(res.status, 303);
    const location = res.headers.get("location")!;
    assert(!location.includes("wendy"), location);
    const page = await (await fetch(new URL(location, s.url), {
      headers: { cookie: "lang=de" },
    })).text();
    assert(
      page.includes(
        "Sie stehen auf der Warteliste für Montag, 30. November 2026, 12:00–13:00 (Nummer 1).",
      ),
      page.slice(-2000),
    );
    const again = await form(
      s.url,
      new URLSearchParams({
        ticket_code: code,
        slot_id: String(slot),
        customer_email: "wendy@example.com",
      }).toString(),
    );
    assert(
      (await again.text()).includes(
        "Dieses Ticket steht bereits auf einer Warteliste.",
      ),
    );
  },
);
