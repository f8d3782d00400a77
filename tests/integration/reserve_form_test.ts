/**
 * `POST /reserve` on the server, the portal without JavaScript: each step
 * answers the portal at the next one (or the same, saying why), bad input
 * never breaks it, and a booking answers 303 to its manage page.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { seedTickets } from "../helpers/api.ts";
import { tomorrow } from "../helpers/staff_changes.ts";

function post(url: string, body: string | Record<string, string>) {
  return fetch(`${url}/reserve`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: typeof body === "string" ? body : new URLSearchParams(body),
    redirect: "manual",
  });
}

/** The step the rendered portal opens at. */
function stepOf(html: string): string | null {
  return html.match(/data-step="(\w+)"/)?.[1] ?? null;
}

testEachEngine(
  "POST /reserve: the steps, bad input, and the booking's redirect",
  async (s) => {
    const slot = await tomorrow(s, "12:00");
    const [code] = await seedTickets(s.db, 1);
    const contact = {
      code,
      email: "ada@example.com",
      phone: "+31 6 12345678",
    };

    // Garbage, unknown steps and missing fields: the ticket step again.
    for (
      const body of [
        "%ZZ%%&&step=confirm",
        "step=confirm&slot=1",
        "step=nonsense&code=12",
        "",
      ]
    ) {
      const res = await post(s.url, body);
      assertEquals(res.status, 200, body);
      assertEquals(stepOf(await res.text()), "ticket", body);
    }
    // Too large: the contract's error.
    const huge = await post(s.url, "code=" + "A".repeat(2_000_000));
    assertEquals(huge.status, 413);
    assertEquals((await huge.json()).error.code, "PAYLOAD_TOO_LARGE");

    const ticket = await post(s.url, { step: "ticket", code });
    assertEquals(stepOf(await ticket.text()), "contact");
    const wrong = await (await post(s.url, {
      step: "contact",
      ...contact,
      email: "ada@",
    })).text();
    assertEquals(stepOf(wrong), "contact");
    assert(wrong.includes("Enter an email address like name@example.com."));
    const date = await (await post(s.url, { step: "contact", ...contact }))
      .text();
    assertEquals(stepOf(date), "date");
    assert(date.includes(`data-slot-id`) === false); // no day chosen yet
    const day = await (await post(s.url, {
      step: "date",
      ...contact,
      date: "2026-11-27",
    })).text();
    assert(day.includes(`data-slot-id="${slot}"`), day);
    const confirm = await (await post(s.url, {
      step: "date",
      ...contact,
      slot: String(slot),
    })).text();
    assertEquals(stepOf(confirm), "confirm");
    // Nothing personal in any address the page links to or posts to.
    assert(!/(href|action|src)="[^"]*ada(%40|@)/.test(confirm), confirm);

    const booked = await post(s.url, {
      step: "confirm",
      ...contact,
      slot: String(slot),
      confirm: "1",
    });
    assertEquals(booked.status, 303);
    const to = new URL(booked.headers.get("location")!, s.url);
    assertEquals(to.pathname, "/reserve/manage");
    assert(to.searchParams.get("token"));
    assert(!to.href.includes("ada"));
    // Posted again: the ticket is booked now, said on the ticket step.
    const again = await (await post(s.url, {
      step: "confirm",
      ...contact,
      slot: String(slot),
      confirm: "1",
    })).text();
    assertEquals(stepOf(again), "ticket");
    assert(again.includes('data-code="TICKET_ALREADY_RESERVED"'), again);
  },
);
