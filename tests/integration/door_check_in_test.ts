/** The door's check-in (API.md "Door"): admissions, re-entry, exits, windows, nonces and bad input. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { seedTickets } from "../helpers/api.ts";
import { generateTicketCode } from "../../domain/ticket_code.ts";
import {
  OPEN_ALL_DAY,
  operator,
  reserved,
  validate,
  verify,
} from "../helpers/scan.ts";
import {
  checkIn,
  doorState,
  freshNonce,
  reservedBeside,
  setSettings,
  undo,
} from "../helpers/door.ts";
import { AMS, at } from "../helpers/venue_clock.ts";

const CUSTOMER = { email: "visitor@example.com", phone: "+31612345678" };

testEachEngine(
  "IN admits, OUT lets out, IN again re-admits: answers, counts and events",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    const jane = await operator(s, "jane", { name: "Jane Smith" });
    const janeBy = { id: jane.id, name: "Jane Smith" };
    at(s, "2026-11-14T09:30");

    const first = await checkIn(s, jane.token, code, { gate: "North" });
    assertEquals([first.status, first.body], [200, {
      result: "GREEN",
      reason: "VALID",
      title: "VALID TICKET",
      message: first.body.message,
      ticket: { code, status: "VERIFIED" },
      reservation: {
        date: "2026-11-14",
        start_time: "09:00",
        end_time: "17:00",
      },
      customer: CUSTOMER,
      verified_at: "2026-11-14T08:30:00.000Z",
      verified_by: janeBy,
      can_verify: true,
      checked_in: true,
    }]);
    let d = await doorState(s, code);
    assertEquals(
      [d.status, d.reservation_status, d.inside, d.verified_by],
      ["VERIFIED", "VERIFIED", true, jane.id],
    );
    assertEquals([d.verified_count, d.entries_count, d.exits_count], [1, 1, 0]);
    assertEquals(
      [d.events[0].kind, d.events[0].direction, d.events[0].gate],
      ["VERIFIED", "IN", "North"],
    );
    assertEquals(d.events[0].answer, first.body);

    const again = await checkIn(s, jane.token, code);
    assertEquals(
      [
        again.body.result,
        again.body.reason,
        again.body.title,
        again.body.message,
      ],
      [
        "YELLOW",
        "ALREADY_VERIFIED",
        "ALREADY VERIFIED",
        "Verified at 09:30 by Jane Smith",
      ],
    );
    assertEquals([again.body.checked_in, again.body.can_verify], [
      false,
      false,
    ]);

    at(s, "2026-11-14T10:00");
    const out = await checkIn(s, jane.token, code, {
      direction: "OUT",
      gate: "south",
    });
    assertEquals(
      [out.body.result, out.body.reason, out.body.title],
      ["GREEN", "EXIT", "EXIT RECORDED"],
    );
    assertEquals([out.body.checked_in, out.body.checked_out], [false, true]);
    assertEquals(out.body.verified_by, janeBy);
    d = await doorState(s, code);
    assertEquals([d.inside, d.status], [false, "VERIFIED"]);
    assertEquals([d.verified_count, d.entries_count, d.exits_count], [1, 1, 1]);

    const outAgain = await checkIn(s, jane.token, code, { direction: "OUT" });
    assertEquals(
      [outAgain.body.result, outAgain.body.reason, outAgain.body.title],
      ["YELLOW", "NOT_INSIDE", "NOT INSIDE"],
    );
    assertEquals(outAgain.body.checked_out, false);

    // Outside after an exit: validate says so, check-in re-admits.
    const seen = await validate(s, jane.token, code);
    assertEquals([seen.body.result, seen.body.reason], ["GREEN", "REENTRY"]);
    at(s, "2026-11-14T11:00");
    const back = await checkIn(s, jane.token, code, { gate: "NORTH" });
    assertEquals(
      [
        back.body.result,
        back.body.reason,
        back.body.title,
        back.body.checked_in,
      ],
      ["GREEN", "REENTRY", "RE-ENTRY", true],
    );
    assertEquals(back.body.verified_at, "2026-11-14T08:30:00.000Z");
    d = await doorState(s, code);
    assertEquals(d.inside, true);
    assertEquals([d.verified_count, d.entries_count, d.exits_count], [1, 2, 1]);
    assertEquals(d.kinds, ["VERIFIED", "RESCAN", "EXIT", "RESCAN", "REENTRY"]);
    assertEquals(
      d.events.map((e) => [e.direction, e.gate]),
      [["IN", "North"], ["IN", null], ["OUT", "south"], ["OUT", null], [
        "IN",
        "NORTH",
      ]],
    );
    assertEquals(
      (await validate(s, jane.token, code)).body.reason,
      "ALREADY_VERIFIED",
    );
  },
  AMS,
);

testEachEngine(
  "re-entry: refused when allow_reentry is off, and once the slot has ended",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    const stays = await reservedBeside(s, code);
    await setSettings(s, { allow_reentry: false });
    at(s, "2026-11-14T09:30");
    const op = await operator(s, "door");
    assertEquals((await checkIn(s, op.token, code)).body.checked_in, true);
    assertEquals((await checkIn(s, op.token, stays)).body.checked_in, true);
    const out = await checkIn(s, op.token, code, { direction: "OUT" });
    assertEquals([out.body.reason, out.body.checked_out], ["EXIT", true]);

    const back = await checkIn(s, op.token, code);
    assertEquals(
      [back.body.result, back.body.reason, back.body.checked_in],
      ["YELLOW", "ALREADY_VERIFIED", false],
    );
    assertEquals(
      (await validate(s, op.token, code)).body.reason,
      "ALREADY_VERIFIED",
    );
    let d = await doorState(s, code);
    assertEquals([d.inside, d.entries_count, d.exits_count], [false, 2, 1]);

    await setSettings(s, { allow_reentry: true });
    at(s, "2026-11-14T17:00"); // the slot's end
    assertEquals(
      (await checkIn(s, op.token, code)).body.reason,
      "ALREADY_VERIFIED",
    );
    // Leaving is always possible, dates and windows aside.
    at(s, "2026-11-14T17:20");
    const late = await checkIn(s, op.token, stays, { direction: "OUT" });
    assertEquals([late.body.reason, late.body.checked_out], ["EXIT", true]);
    d = await doorState(s, code);
    assertEquals([d.inside, d.entries_count, d.exits_count], [false, 2, 2]);
    assertEquals(d.kinds, ["VERIFIED", "EXIT", "RESCAN", "RESCAN"]);
  },
  AMS,
);

testEachEngine(
  "entry windows on a pinned clock: TOO EARLY and TOO LATE are answered and recorded",
  async (s) => {
    await setSettings(s, {
      entry_opens_minutes_before: 30,
      entry_closes_minutes_after_start: 15,
    });
    at(s, "2026-11-14T12:00");
    const slot = { date: "2026-11-14", start: "18:00", end: "19:00" };
    const code = await reserved(s, slot);
    const other = await reservedBeside(s, code);
    const op = await operator(s, "door");

    at(s, "2026-11-14T17:29");
    const early = await checkIn(s, op.token, code);
    assertEquals(
      [early.status, early.body.result, early.body.reason, early.body.title],
      [200, "RED", "TOO_EARLY", "TOO EARLY"],
    );
    assertEquals(
      [early.body.message, early.body.checked_in, early.body.customer],
      ["Entry from 17:30", false, null],
    );
    at(s, "2026-11-14T18:15");
    const late = await checkIn(s, op.token, code);
    assertEquals(
      [late.body.reason, late.body.title, late.body.message],
      ["TOO_LATE", "TOO LATE", "Entry closed at 18:15"],
    );
    const v = await verify(s, op.token, code);
    assertEquals([v.status, v.body.error.code], [409, "TOO_LATE"]);
    const d = await doorState(s, code);
    assertEquals([d.status, d.inside, d.entries_count], ["RESERVED", false, 0]);
    assertEquals(d.kinds, ["REFUSED", "REFUSED"]);
    assertEquals(d.events.map((e) => e.answer?.reason), [
      "TOO_EARLY",
      "TOO_LATE",
    ]);

    at(s, "2026-11-14T18:14");
    assertEquals((await checkIn(s, op.token, other)).body.checked_in, true);
  },
  AMS,
);

testEachEngine(
  "every RED reason through check-in is a 200 answer; only known tickets are recorded",
  async (s) => {
    at(s, "2026-11-13T08:00");
    const past = await reserved(s, {
      date: "2026-11-13",
      start: "09:00",
      end: "10:00",
    });
    const later = await reserved(s, {
      date: "2026-11-20",
      start: "14:00",
      end: "15:00",
    });
    const [unpaid] = await seedTickets(s.db, 1, { status: "PENDING_PAYMENT" });
    const [unbooked] = await seedTickets(s.db, 1);
    at(s, "2026-11-14T10:00");
    const op = await operator(s, "door");
    const cases: [string, string, string][] = [
      [past, "EXPIRED", "Reserved for Fri 13 Nov 2026, 09:00–10:00: yesterday"],
      [
        later,
        "WRONG_DATE",
        "Reserved for Fri 20 Nov 2026, 14:00–15:00: in 6 days",
      ],
      [unpaid, "NOT_PAID", ""],
      [unbooked, "NO_RESERVATION", "Customer must book a time slot first"],
      [generateTicketCode(), "INVALID_TICKET", ""],
    ];
    for (const [code, reason, message] of cases) {
      const r = await checkIn(s, op.token, code, { gate: "A" });
      assertEquals([r.status, r.body.result, r.body.reason], [
        200,
        "RED",
        reason,
      ]);
      assertEquals([r.body.checked_in, r.body.can_verify], [false, false]);
      if (message) assertEquals(r.body.message, message);
    }
    const events = await s.db.query<{ kind: string; reason: string }>(
      "SELECT kind, answer->>'reason' AS reason FROM verification_events ORDER BY id",
    );
    assertEquals(
      events.map((e) => [e.kind, e.reason]),
      [["REFUSED", "EXPIRED"], ["REFUSED", "WRONG_DATE"], [
        "REFUSED",
        "NOT_PAID",
      ], [
        "REFUSED",
        "NO_RESERVATION",
      ]],
    );
    // Scanning out a guest who never came in.
    const out = await checkIn(s, op.token, later, { direction: "OUT" });
    assertEquals([out.body.result, out.body.reason, out.body.checked_out], [
      "YELLOW",
      "NOT_INSIDE",
      false,
    ]);
  },
  AMS,
);

testEachEngine(
  "a nonce replays its first answer; on another code or direction it is refused",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    const other = await reservedBeside(s, code);
    const [unpaid] = await seedTickets(s.db, 1, { status: "PENDING_PAYMENT" });
    at(s, "2026-11-14T09:30");
    const jane = await operator(s, "jane", { name: "Jane Smith" });
    const bob = await operator(s, "bob");
    const nonce = freshNonce();
    const first = await checkIn(s, jane.token, code, { nonce, gate: "A" });
    assertEquals(first.body.checked_in, true);
    at(s, "2026-11-14T17:15"); // even after the slot has ended, from another device
    for (const token of [jane.token, bob.token]) {
      const r = await checkIn(s, token, code, { nonce, gate: "B" });
      assertEquals([r.status, r.body], [200, first.body]);
    }
    const viaVerify = await verify(s, bob.token, code, nonce);
    assertEquals([viaVerify.status, viaVerify.body.result], [200, "VERIFIED"]);
    for (
      const r of [
        await checkIn(s, jane.token, code, { nonce, direction: "OUT" }),
        await checkIn(s, jane.token, other, { nonce }),
        await undo(s, jane.token, code, nonce),
      ]
    ) {
      assertEquals([r.status, r.body.error.code], [400, "VALIDATION_FAILED"]);
      assertEquals(Object.keys(r.body.error.details.fields), ["nonce"]);
    }
    const d = await doorState(s, code);
    assertEquals([d.kinds, d.entries_count, d.exits_count], [
      ["VERIFIED"],
      1,
      0,
    ]);
    assertEquals((await doorState(s, other)).kinds, []);

    // A refusal replays too, and is recorded once.
    const refusal = freshNonce();
    const red = await checkIn(s, jane.token, unpaid, { nonce: refusal });
    const redAgain = await checkIn(s, jane.token, unpaid, { nonce: refusal });
    assertEquals([redAgain.status, redAgain.body], [200, red.body]);
    const rows = await s.db.query(
      "SELECT 1 FROM verification_events WHERE nonce = $1",
      [refusal],
    );
    assertEquals(rows.length, 1);
  },
  AMS,
);
