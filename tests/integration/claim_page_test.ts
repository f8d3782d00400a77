/**
 * `POST /reserve/claim`: the claim page's form without JavaScript. Bad
 * input comes back as the form with why (never a 500); a good one books and
 * answers 303 to the booking's manage page, whose URL holds nothing personal.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { post, reservationBody, seedTickets } from "../helpers/api.ts";
import { join, offerToken } from "../helpers/waitlist.ts";
import { testEachEngine } from "../helpers/server.ts";

function form(url: string, body: string, lang = "en") {
  return fetch(`${url}/reserve/claim?lang=${lang}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    redirect: "manual",
  });
}

testEachEngine(
  "the claim form posts without JavaScript: refusals re-render the form, a claim books and redirects",
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
      ))
        .status,
      201,
    );
    const joined = await join(s, [code], slot, "wendy@example.com");
    assertEquals(joined.status, 201);
    assertEquals(
      (await post(s.url, "/api/reservations/cancel", {
        ticket_code: other,
        customer_email: "visitor@example.com",
      })).status,
      200,
    );
    const token = (await offerToken(
      s.db,
      (joined.body as { waitlist: { id: number } }).waitlist.id,
    ))!;

    // Garbage, a huge body, no token, an unknown token, a bad phone.
    const bad: [string, string][] = [
      ["%%%&&&=", "We can&#39;t find this offer"],
      ["token=" + "x".repeat(70_000), "Something went wrong"],
      ["customer_phone=%2B31612345678", "We can&#39;t find this offer"],
      [
        "token=nope&customer_phone=%2B31612345678",
        "We can&#39;t find this offer",
      ],
      [
        `token=${token}&customer_phone=12`,
        "Enter a phone number with the country code",
      ],
    ];
    for (const [body, says] of bad) {
      const res = await form(s.url, body);
      assertEquals(res.status, 200, body.slice(0, 40));
      const html = await res.text();
      assert(
        html.includes(says) || html.includes(says.replace("&#39;", "'")),
        `${body.slice(0, 40)}: ${html.slice(-2000)}`,
      );
    }
    assertEquals(await ticketStatus(s, code), "ACTIVATED");

    const res = await form(
      s.url,
      new URLSearchParams({ token, customer_phone: "+31 6 8765 4321" })
        .toString(),
      "fr",
    );
    assertEquals(res.status, 303);
    const to = new URL(res.headers.get("location")!, s.url);
    assertEquals(to.pathname, "/reserve/manage");
    assertEquals([...to.searchParams.keys()], ["token"]);
    const page = await (await fetch(to)).text();
    assert(page.includes("wendy@example.com"), page);
    assertEquals(await ticketStatus(s, code), "RESERVED");
  },
);

async function ticketStatus(
  s: { db: { query: <T>(q: string, p: unknown[]) => Promise<T[]> } },
  code: string,
): Promise<string> {
  const [row] = await s.db.query<{ status: string }>(
    "SELECT status FROM tickets WHERE code = $1",
    [code],
  );
  return row.status;
}
