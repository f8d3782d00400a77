/**
 * `/reserve/manage` on the server: the link's token is checked before
 * rendering (the booking, or why not, arrives in the HTML), and the form
 * works without JavaScript (code and email in a POST body → 303 to the
 * page with the booking's token).
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { book, tomorrow } from "../helpers/staff_changes.ts";
import { PAGE_CSP } from "../../components/PageShell.tsx";

function form(url: string, fields: Record<string, string>) {
  return fetch(`${url}/reserve/manage`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

testEachEngine(
  "the page renders the booking of the link's token, or why it opens nothing; the form posts without JavaScript",
  async (s) => {
    const a = await tomorrow(s, "12:00");
    const booked = await book(s, a, "ada@example.com");
    const token = booked.manage_token as string;

    const res = await fetch(`${s.url}/reserve/manage?token=${token}`);
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("content-security-policy"), PAGE_CSP);
    assertEquals(res.headers.get("referrer-policy"), "no-referrer");
    assertEquals(res.headers.get("cache-control"), "no-store");
    const html = await res.text();
    assert(html.includes("ada@example.com"), html);
    assert(html.includes("Changes possible until"), html);
    assert(html.includes("Thu 26 Nov, 12:00"), html);

    const bad = await (await fetch(`${s.url}/reserve/manage?token=x.y.z`))
      .text();
    assert(
      bad.includes("This link doesn&#39;t work") ||
        bad.includes("This link doesn't work"),
      bad,
    );
    assert(!bad.includes("ada@example.com"));

    const empty = await (await fetch(`${s.url}/reserve/manage`)).text();
    assert(empty.includes("Find your booking"), empty);

    const found = await form(s.url, {
      ticket_code: booked.reservation.ticket_code.toLowerCase(),
      customer_email: "ADA@example.com",
    });
    assertEquals(found.status, 303);
    const to = new URL(found.headers.get("location")!, s.url);
    assertEquals(to.pathname, "/reserve/manage");
    const page = await (await fetch(to)).text();
    assert(page.includes("ada@example.com"), page);

    const wrong = await form(s.url, {
      ticket_code: booked.reservation.ticket_code,
      customer_email: "eve@example.com",
    });
    assertEquals(wrong.status, 200);
    const refused = await wrong.text();
    assert(
      refused.includes("find a booking for this code and email"),
      refused,
    );
    assert(!refused.includes("ada@example.com"));
    const blank = await form(s.url, {});
    assertEquals(blank.status, 200);
    assert((await blank.text()).includes("Please check what you entered"));
  },
);
