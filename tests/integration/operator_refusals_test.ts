/** Operator scanner: every RED reason, entry windows, other organizations and bad requests. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call, post, seedTickets } from "../helpers/api.ts";
import { generateTicketCode } from "../../domain/ticket_code.ts";
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
  "every RED reason: 200 from validate, 409 from verify, nothing changed",
  async (s) => {
    at(s, "2026-11-13T08:00");
    const yesterday = await reserved(s, {
      date: "2026-11-13",
      start: "09:00",
      end: "17:00",
    });
    const endedToday = await reserved(s, {
      date: "2026-11-14",
      start: "09:00",
      end: "10:00",
    });
    const expiredByJob = await reserved(s, {
      date: "2026-11-14",
      start: "12:00",
      end: "13:00",
    });
    await s.db.query(
      "UPDATE tickets SET status = 'EXPIRED' WHERE code = $1",
      [expiredByJob],
    );
    const [unpaid] = await seedTickets(s.db, 1, { status: "PENDING_PAYMENT" });
    const [expired] = await seedTickets(s.db, 1, { status: "EXPIRED" });
    at(s, "2026-11-14T10:30");
    const op = await operator(s, "door");

    const cases: [string, string][] = [
      [generateTicketCode(), "INVALID_TICKET"],
      ["hello world", "INVALID_TICKET"],
      ["https://example.com/reserve?ticket=1", "INVALID_TICKET"],
      [unpaid, "NOT_PAID"],
      [expired, "EXPIRED"],
      [expiredByJob, "EXPIRED"],
      [yesterday, "EXPIRED"],
      [endedToday, "EXPIRED"],
    ];
    for (const [code, reason] of cases) {
      const r = await validate(s, op.token, code);
      assertEquals([r.status, r.body.result, r.body.reason], [
        200,
        "RED",
        reason,
      ], code);
      assertEquals(r.body.can_verify, false);
      const before = await stored(s, code);
      const v = await verify(s, op.token, code);
      assertEquals([v.status, v.body.error.code], [409, reason], code);
      assertEquals(await stored(s, code), before);
    }
    const ended = await validate(s, op.token, endedToday);
    assertEquals(ended.body.title, "EXPIRED");
    assertEquals(ended.body.message.includes("Sat 14 Nov 2026, 09:00"), true);
    const invalid = await validate(s, op.token, generateTicketCode());
    assertEquals(
      [invalid.body.title, invalid.body.ticket, invalid.body.reservation],
      ["INVALID TICKET", null, null],
    );
    const events = await s.db.query("SELECT id FROM verification_events");
    assertEquals(events.length, 0);
  },
  AMS,
);

testEachEngine(
  "an entry window makes an early scan RED TOO EARLY",
  async (s) => {
    await s.db.query(
      `UPDATE organizations SET settings = '{"entry_opens_minutes_before": 30}'
      WHERE orq = 1`,
    );
    at(s, "2026-11-14T12:00");
    const code = await reserved(s, {
      date: "2026-11-14",
      start: "18:00",
      end: "19:00",
    });
    const op = await operator(s, "door");

    at(s, "2026-11-14T17:29");
    const r = await validate(s, op.token, code);
    assertEquals(
      [r.body.result, r.body.reason, r.body.title, r.body.message],
      ["RED", "TOO_EARLY", "TOO EARLY", "Entry from 17:30"],
    );
    const v = await verify(s, op.token, code);
    assertEquals([v.status, v.body.error.code], [409, "TOO_EARLY"]);
    assertEquals((await stored(s, code)).status, "RESERVED");

    at(s, "2026-11-14T17:30");
    assertEquals((await validate(s, op.token, code)).body.result, "GREEN");
    assertEquals((await verify(s, op.token, code)).body.result, "VERIFIED");
  },
  AMS,
);

testEachEngine(
  "another organization's tickets are INVALID TICKET and reveal nothing",
  async (s) => {
    const [{ orq }] = await s.db.query<{ orq: number }>(
      "INSERT INTO organizations (name, timezone) VALUES ('Org 2', 'Europe/Amsterdam') RETURNING orq",
    );
    at(s, "2026-11-14T08:00");
    const mine = await reserved(s, OPEN_ALL_DAY);
    const theirs = await reserved(s, {
      orq,
      date: "2026-11-14",
      start: "09:00",
      end: "17:00",
    });
    const op1 = await operator(s, "door1", { name: "Door One" });
    const op2 = await operator(s, "door2", { name: "Door Two", orq });
    at(s, "2026-11-14T10:00");
    // Org 2 verifies its own ticket: it is real, verified, and has a verifier.
    assertEquals((await verify(s, op2.token, theirs)).body.result, "VERIFIED");

    for (
      const [token, code] of [[op1.token, theirs], [op2.token, mine]] as const
    ) {
      const r = await validate(s, token, code);
      assertEquals(r.status, 200);
      assertEquals(r.body, {
        result: "RED",
        reason: "INVALID_TICKET",
        title: "INVALID TICKET",
        message: r.body.message,
        ticket: null,
        reservation: null,
        customer: null,
        verified_at: null,
        verified_by: null,
        can_verify: false,
      });
      const v = await verify(s, token, code);
      assertEquals([v.status, v.body.error.code], [409, "INVALID_TICKET"]);
      const text = JSON.stringify([r.body, v.body]);
      for (const secret of ["visitor@example.com", "Door", code]) {
        assertEquals(text.includes(secret), false, secret);
      }
    }
    const mineAfter = await stored(s, mine);
    assertEquals([mineAfter.status, mineAfter.kinds], ["RESERVED", []]);
    assertEquals((await stored(s, theirs)).kinds, ["VERIFIED"]);
    assertEquals((await validate(s, op1.token, mine)).body.result, "GREEN");
  },
  AMS,
);

testEachEngine("bad requests are 400 VALIDATION_FAILED", async (s) => {
  const op = await operator(s, "door");
  for (const path of ["validate-ticket", "verify-ticket"]) {
    const url = `/api/operator/${path}`;
    for (
      const json of [{}, { code: "" }, { code: 42 }, {
        code: "x".repeat(501),
      }, { code: generateTicketCode(), extra: 1 }]
    ) {
      const r = await post(s.url, url, json, op.token);
      assertEquals([r.status, r.body.error.code], [400, "VALIDATION_FAILED"]);
    }
    const raw = await call(s.url, "POST", url, {
      raw: "{not json",
      token: op.token,
    });
    assertEquals([raw.status, raw.body.error.code], [400, "VALIDATION_FAILED"]);
  }
  const nonce = await verify(s, op.token, generateTicketCode(), "has space");
  assertEquals(nonce.status, 400);
}, AMS);
