/** Operator scanner: the GREEN, WRONG DATE, NO RESERVATION and ALREADY VERIFIED scans (US-015 scenarios 3–6). */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call, seedTickets } from "../helpers/api.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import {
  OPEN_ALL_DAY,
  operator,
  reserved,
  stored,
  validate,
  verify,
} from "../helpers/scan.ts";
import { AMS, at } from "../helpers/venue_clock.ts";

testEachEngine(
  "Scenario 3: a ticket reserved for today is GREEN and can be verified",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    const jane = await operator(s, "jane", { name: "Jane Smith" });
    at(s, "2026-11-14T09:15");

    const r = await validate(s, jane.token, code);
    assertEquals(r.status, 200);
    assertEquals(r.body, {
      result: "GREEN",
      reason: "VALID",
      title: "VALID TICKET",
      message: r.body.message,
      ticket: { code, status: "RESERVED" },
      reservation: {
        date: "2026-11-14",
        start_time: "09:00",
        end_time: "17:00",
      },
      customer: { email: "visitor@example.com", phone: "+31612345678" },
      verified_at: null,
      verified_by: null,
      can_verify: true,
    });
    // The QR payload, a typed code and a link all find the same ticket.
    for (
      const typed of [
        formatTicketCode(code),
        ` ${formatTicketCode(code).toLowerCase().replaceAll("-", " ")} `,
        `http://127.0.0.1:8000/reserve?code=${formatTicketCode(code)}`,
      ]
    ) {
      const again = await validate(s, jane.token, typed);
      assertEquals([again.body.result, again.body.ticket.code], [
        "GREEN",
        code,
      ]);
    }
    const unchanged = await stored(s, code);
    assertEquals([unchanged.status, unchanged.kinds], ["RESERVED", []]);

    const v = await call(s.url, "POST", "/api/operator/verify-ticket", {
      json: { code: formatTicketCode(code) },
      token: jane.token,
      headers: { "user-agent": "door-phone/1.0" },
    });
    assertEquals(v.status, 200);
    assertEquals(v.body, {
      result: "VERIFIED",
      verified_at: "2026-11-14T08:15:00.000Z",
      verified_by: { id: jane.id, name: "Jane Smith" },
    });
    const after = await stored(s, code);
    assertEquals(after.status, "VERIFIED");
    assertEquals(
      new Date(after.verified_at as Date).toISOString(),
      "2026-11-14T08:15:00.000Z",
    );
    assertEquals(after.verified_by, jane.id);
    assertEquals(after.reservation_status, "VERIFIED");
    assertEquals(after.reservation_verified_by, jane.id);
    assertEquals(after.verified_count, 1);
    assertEquals(after.events, [{
      kind: "VERIFIED",
      staff_id: jane.id,
      user_agent: "door-phone/1.0",
    }]);
  },
  AMS,
);

testEachEngine(
  "today is decided in the venue's zone, not the server's",
  async (s) => {
    at(s, "2026-11-13T20:00");
    const code = await reserved(s, {
      date: "2026-11-14",
      start: "00:00",
      end: "23:00",
    });
    const op = await operator(s, "door");
    s.clock.set("2026-11-13T23:30:00Z"); // already 00:30 on the 14th in Amsterdam
    const r = await validate(s, op.token, code);
    assertEquals([r.body.result, r.body.reason], ["GREEN", "VALID"]);
  },
  AMS,
);

testEachEngine(
  "Scenario 4: a ticket reserved for another date is RED WRONG DATE",
  async (s) => {
    at(s, "2026-11-14T10:00");
    const code = await reserved(s, {
      date: "2026-11-20",
      start: "12:00",
      end: "13:00",
    });
    const op = await operator(s, "door");

    const r = await validate(s, op.token, code);
    assertEquals(r.status, 200);
    assertEquals(r.body.result, "RED");
    assertEquals(r.body.reason, "WRONG_DATE");
    assertEquals(r.body.title, "WRONG DATE");
    assertEquals(
      r.body.message,
      "Reserved for Fri 20 Nov 2026, 12:00–13:00: in 6 days",
    );
    assertEquals(r.body.can_verify, false);
    assertEquals(r.body.reservation, {
      date: "2026-11-20",
      start_time: "12:00",
      end_time: "13:00",
    });
    assertEquals(r.body.customer, null);

    const v = await verify(s, op.token, code);
    assertEquals(v.status, 409);
    assertEquals(v.body.error.code, "WRONG_DATE");
    const after = await stored(s, code);
    assertEquals(
      [
        after.status,
        after.reservation_status,
        after.verified_count,
        after.kinds,
      ],
      ["RESERVED", "RESERVED", 0, []],
    );
  },
  AMS,
);

testEachEngine(
  "Scenario 5: an ACTIVATED ticket without a reservation is RED NO RESERVATION",
  async (s) => {
    const [code] = await seedTickets(s.db, 1, { status: "ACTIVATED" });
    const op = await operator(s, "door");

    const r = await validate(s, op.token, code);
    assertEquals(r.status, 200);
    assertEquals(
      [r.body.result, r.body.reason, r.body.title, r.body.message],
      [
        "RED",
        "NO_RESERVATION",
        "NO RESERVATION",
        "Customer must book a time slot first",
      ],
    );
    assertEquals([r.body.can_verify, r.body.reservation], [false, null]);

    const v = await verify(s, op.token, code);
    assertEquals([v.status, v.body.error.code], [409, "NO_RESERVATION"]);
    assertEquals((await stored(s, code)).status, "ACTIVATED");
  },
  AMS,
);

testEachEngine(
  "Scenario 6: a verified ticket scanned again is YELLOW ALREADY VERIFIED",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    const jane = await operator(s, "jane", { name: "Jane Smith" });
    const bob = await operator(s, "bob", { name: "Bob Jones" });
    at(s, "2026-11-14T09:30");
    assertEquals((await verify(s, jane.token, code)).body.result, "VERIFIED");

    at(s, "2026-11-14T10:00");
    const r = await validate(s, bob.token, code);
    assertEquals(r.status, 200);
    assertEquals(
      [r.body.result, r.body.reason, r.body.title, r.body.message],
      [
        "YELLOW",
        "ALREADY_VERIFIED",
        "ALREADY VERIFIED",
        "Verified at 09:30 by Jane Smith",
      ],
    );
    assertEquals(r.body.verified_at, "2026-11-14T08:30:00.000Z");
    assertEquals(r.body.verified_by, { id: jane.id, name: "Jane Smith" });
    assertEquals(r.body.ticket, { code, status: "VERIFIED" });
    assertEquals(r.body.customer.email, "visitor@example.com");
    assertEquals(r.body.can_verify, false);

    // Re-verifying is allowed and idempotent: the first verification stands.
    const v = await verify(s, bob.token, code);
    assertEquals(v.status, 200);
    assertEquals(v.body, {
      result: "ALREADY_VERIFIED",
      verified_at: "2026-11-14T08:30:00.000Z",
      verified_by: { id: jane.id, name: "Jane Smith" },
    });
    const after = await stored(s, code);
    assertEquals([after.verified_by, after.verified_count], [jane.id, 1]);
    assertEquals(
      after.events.map((e) => [e.kind, e.staff_id]),
      [["VERIFIED", jane.id], ["RESCAN", bob.id]],
    );
  },
  AMS,
);
