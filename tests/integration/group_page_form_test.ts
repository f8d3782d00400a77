/**
 * `POST /reserve/group`: the group page's steps without JavaScript. Any
 * body (garbage, huge, unknown step, bad codes or slot) comes back as a
 * page at some step (never a 500); the last step books and answers 303 to
 * the first booking's manage page, whose URL holds nothing personal.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { seedTickets } from "../helpers/api.ts";
import { testEachEngine } from "../helpers/server.ts";
import { tomorrow } from "../helpers/staff_changes.ts";

function form(url: string, body: string | [string, string][]) {
  return fetch(`${url}/reserve/group`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: typeof body === "string"
      ? body
      : new URLSearchParams(body).toString(),
    redirect: "manual",
  });
}

testEachEngine(
  "the group form posts without JavaScript: every body answers a page, the last step books and redirects",
  async (s) => {
    const slot = await tomorrow(s, "12:00");
    const codes = await seedTickets(s.db, 2);
    const contact: [string, string][] = [
      ["customer_email", "lead@example.com"],
      ["customer_phone", "+31 6 1234 5678"],
    ];
    const listed = codes.map((c): [string, string] => ["code", c]);
    const bad: (string | [string, string][])[] = [
      "%%%&&&=",
      "codes=" + "x".repeat(40_000),
      [["step", "nonsense"]],
      [["step", "ticket"], ["go", "continue"], ["codes", "not-a-code"]],
      [["step", "contact"], ["code", "zzz"]],
      [["step", "date"], ...listed, ...contact, ["slot_id", "999999999"]],
      [["step", "confirm"], ["go", "book"], ...listed, ...contact, [
        "slot_id",
        "-1",
      ]],
      [
        ["step", "confirm"],
        ["go", "book"],
        ...listed,
        [
          "customer_email",
          "x",
        ],
        ["customer_phone", "1"],
        ["slot_id", String(slot)],
      ],
    ];
    for (const body of bad) {
      const res = await form(s.url, body);
      assertEquals(res.status, 200, JSON.stringify(body).slice(0, 80));
      assert((await res.text()).includes('data-island="GroupBooking"'));
    }
    const [{ n }] = await s.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM ticket_reservations",
    );
    assertEquals(n, 0);

    const done = await form(s.url, [
      ["step", "confirm"],
      ["go", "book"],
      ...listed,
      ...contact,
      ["slot_id", String(slot)],
    ]);
    assertEquals(done.status, 303);
    const to = new URL(done.headers.get("location")!, s.url);
    assertEquals(to.pathname, "/reserve/manage");
    assertEquals([...to.searchParams.keys()], ["token"]);
    const page = await (await fetch(to)).text();
    assert(page.includes("lead@example.com"), page);
    const booked = await s.db.query<{ status: string }>(
      "SELECT status FROM tickets WHERE code = ANY($1)",
      [codes],
    );
    assertEquals(booked.map((r) => r.status), ["RESERVED", "RESERVED"]);
  },
);
