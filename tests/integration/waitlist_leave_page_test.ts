/**
 * `POST /reserve/waitlist/leave`: "Leave the waitlist" without JavaScript.
 * The joined page (reached by the join form's 303) offers the form with the
 * entry's id; the ticket code is typed. Refusals answer the page with why
 * and the API's error code, never a 500; a leave answers 303 to a page
 * saying so. The same change limit as `DELETE /api/waitlist/:id`.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { post, reservationBody, seedTickets } from "../helpers/api.ts";
import { testEachEngine, type TestServer } from "../helpers/server.ts";

function form(url: string, path: string, body: string) {
  return fetch(`${url}${path}?lang=de`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    redirect: "manual",
  });
}

/** A full slot of one place, and a ticket `code` (and `other`) to queue. */
async function fullSlot(s: TestServer) {
  const [slot] = (await s.db.query<{ id: number }>(
    `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
     VALUES (1, '2026-11-30', '12:00', '13:00', 1) RETURNING id`,
  )).map((r) => r.id);
  const [booked, code, other] = await seedTickets(s.db, 3);
  const res = await post(
    s.url,
    "/api/reservations/create",
    reservationBody(booked, slot),
  );
  assertEquals(res.status, 201);
  return { slot, code, other };
}

/** Joins with the page's form; the joined page's address. */
async function joinByForm(s: TestServer, slot: number, code: string) {
  const res = await form(
    s.url,
    "/reserve/waitlist",
    new URLSearchParams({
      ticket_code: code,
      slot_id: String(slot),
      customer_email: "wendy@example.com",
    }).toString(),
  );
  assertEquals(res.status, 303);
  return res.headers.get("location")!;
}

const alertCode = (html: string) =>
  /<p class="alert"[^>]*data-code="([A-Z_]+)"/.exec(html)?.[1];

testEachEngine(
  "the waitlist leave form without JavaScript: the joined page offers it, refusals say why, a leave redirects",
  async (s) => {
    const { slot, code, other } = await fullSlot(s);
    const location = await joinByForm(s, slot, code);
    assert(!location.includes(code), location);
    const id = Number(new URL(location, s.url).searchParams.get("entry"));
    const [entry] = await s.db.query<{ id: number }>(
      "SELECT id FROM waitlist_entries WHERE slot_id = $1",
      [slot],
    );
    assertEquals(id, entry.id);
    const joined = await (await fetch(new URL(location, s.url), {
      headers: { cookie: "lang=de" },
    })).text();
    assert(joined.includes('action="/reserve/waitlist/leave"'), joined);
    assert(joined.includes(`name="waitlist_id" value="${id}"`), joined);
    assert(!joined.includes(code), "the code is typed, not carried");

    const bad: [string, string, string | undefined][] = [
      ["%%%&&&=", "Etwas ist schiefgelaufen", "VALIDATION_FAILED"],
      [
        "ticket_code=" + "x".repeat(9000),
        "Etwas ist schiefgelaufen",
        "PAYLOAD_TOO_LARGE",
      ],
      [
        `waitlist_id=abc&ticket_code=${code}`,
        "Etwas ist schiefgelaufen",
        "VALIDATION_FAILED",
      ],
      [
        `waitlist_id=${id}&ticket_code=`,
        "Geben Sie den Ticketcode",
        "VALIDATION_FAILED",
      ],
      [
        `waitlist_id=${id}&ticket_code=nope`,
        "Ein Ticketcode hat 20",
        "WAITLIST_NOT_FOUND",
      ],
      [
        `waitlist_id=${id}&ticket_code=${other}`,
        "Dieser Ticketcode steht nicht",
        "WAITLIST_NOT_FOUND",
      ],
      [
        `waitlist_id=${id + 1}&ticket_code=${code}`,
        "Dieser Ticketcode steht nicht",
        "WAITLIST_NOT_FOUND",
      ],
    ];
    for (const [body, says, errorCode] of bad) {
      const res = await form(s.url, "/reserve/waitlist/leave", body);
      assertEquals(res.status, 200, body.slice(0, 40));
      const html = await res.text();
      assert(html.includes(says), `${body.slice(0, 40)}: ${html.slice(-1500)}`);
      if (errorCode !== "PAYLOAD_TOO_LARGE") {
        assertEquals(alertCode(html), errorCode, body.slice(0, 40));
      }
    }
    // A refusal keeps the form, and what was typed, for another try.
    const again = await (await form(
      s.url,
      "/reserve/waitlist/leave",
      `waitlist_id=${id}&ticket_code=${other}`,
    )).text();
    assert(again.includes(`name="waitlist_id" value="${id}"`));
    assert(again.includes(`value="${other}"`));
    assertEquals(
      (await s.db.query<{ status: string }>(
        "SELECT status FROM waitlist_entries WHERE id = $1",
        [id],
      ))[0].status,
      "WAITING",
    );

    // The right code, typed loosely as on the ticket: left.
    const left = await form(
      s.url,
      "/reserve/waitlist/leave",
      new URLSearchParams({
        waitlist_id: String(id),
        ticket_code: ` ${code.toLowerCase()} `,
      }).toString(),
    );
    assertEquals(left.status, 303);
    assertEquals(left.headers.get("location"), "/reserve/waitlist/left");
    const done = await (await fetch(`${s.url}/reserve/waitlist/left`, {
      headers: { cookie: "lang=de" },
    })).text();
    assert(done.includes("Sie haben die Warteliste verlassen."), done);
    assertEquals(
      (await s.db.query<{ status: string }>(
        "SELECT status FROM waitlist_entries WHERE id = $1",
        [id],
      ))[0].status,
      "LEFT",
    );
    const twice = await (await form(
      s.url,
      "/reserve/waitlist/leave",
      `waitlist_id=${id}&ticket_code=${code}`,
    )).text();
    assertEquals(alertCode(twice), "WAITLIST_NOT_FOUND");
  },
  { env: { RATE_LIMIT_RESERVE_PER_MIN: "50" } },
);

testEachEngine(
  "the waitlist leave form spends the change limit of the API's leave",
  async (s) => {
    const { slot, code } = await fullSlot(s);
    // A booking and a join spent 2 of 3; one leave try, then refused.
    const location = await joinByForm(s, slot, code);
    const id = new URL(location, s.url).searchParams.get("entry");
    const wrong = await form(
      s.url,
      "/reserve/waitlist/leave",
      `waitlist_id=${id}&ticket_code=nope`,
    );
    assertEquals(alertCode(await wrong.text()), "WAITLIST_NOT_FOUND");
    const spent = await (await form(
      s.url,
      "/reserve/waitlist/leave",
      `waitlist_id=${id}&ticket_code=${code}`,
    )).text();
    assertEquals(alertCode(spent), "RATE_LIMITED");
    assert(spent.includes("Zu viele Versuche."), spent.slice(-1500));
  },
  { env: { RATE_LIMIT_RESERVE_PER_MIN: "3" } },
);
