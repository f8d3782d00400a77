/** POST /api/reservations/create-group: the slot's refusals, bad bodies, rate limits; availability for a party. */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { startServer, testEachEngine } from "../helpers/server.ts";
import { get, post, seedSlot, seedTickets } from "../helpers/api.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import {
  booked,
  createGroup,
  groupBody,
  reservedTickets,
} from "../helpers/group.ts";

// The pinned clock: 2026-11-26 10:00 UTC.

testEachEngine(
  "the slot's refusals, and SLOT_FULL for the group size",
  async (s) => {
    const small = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
      capacity: 4,
    });
    // Alternatives: one with room for 2 only, one with room for 3.
    const two = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "13:00",
      end: "14:00",
      capacity: 2,
    });
    const three = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "15:00",
      end: "16:00",
      capacity: 3,
    });
    const closed = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "17:00",
      end: "18:00",
      status: "CLOSED",
    });
    const ended = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "08:00",
      end: "09:00",
    });
    const before = await createGroup(s.url, await seedTickets(s.db, 2), small);
    strictEqual(before.status, 201);
    const codes = await seedTickets(s.db, 3);
    const full = await createGroup(s.url, codes, small);
    strictEqual(full.status, 409);
    strictEqual(full.body.error.code, "SLOT_FULL");
    strictEqual(full.body.error.details.available_count, 2);
    deepStrictEqual(
      full.body.error.details.alternatives.map((a: { id: number }) => a.id),
      [three],
    );
    ok(
      !full.body.error.details.alternatives.some((a: { id: number }) =>
        a.id === two
      ),
    );
    for (
      const [slot, status, code] of [
        [closed, 409, "SLOT_CLOSED"],
        [ended, 409, "SLOT_IN_PAST"],
        [999_999, 404, "SLOT_NOT_FOUND"],
      ] as const
    ) {
      const r = await createGroup(s.url, codes, slot);
      strictEqual(r.status, status, JSON.stringify(r.body));
      strictEqual(r.body.error.code, code);
    }
    // Another organization's ticket among them: that slot is not found for it.
    const [orq2] = await s.db.query<{ orq: number }>(
      "INSERT INTO organizations (name, timezone) VALUES ('Other', 'UTC') RETURNING orq",
    );
    const [foreign] = await seedTickets(s.db, 1, { orq: orq2.orq });
    const mixed = await createGroup(s.url, [codes[0], foreign], three);
    strictEqual(mixed.status, 404);
    strictEqual(mixed.body.error.code, "SLOT_NOT_FOUND");
    strictEqual(mixed.body.error.details.ticket_code, foreign);
    strictEqual(await reservedTickets(s.db, codes), 0);

    // Exactly the free places: booked, and the slot reads FULL.
    const ok3 = await createGroup(s.url, codes, three);
    strictEqual(ok3.status, 201);
    const [st] = await s.db.query<{ status: string }>(
      "SELECT status FROM reservation_slots WHERE id = $1",
      [three],
    );
    strictEqual(st.status, "FULL");
    deepStrictEqual(await brokenInvariants(s.db), []);
  },
);

testEachEngine("bad group bodies: 400 VALIDATION_FAILED", async (s) => {
  const slot = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
  });
  const codes = await seedTickets(s.db, 21);
  const bad: [unknown, string][] = [
    [groupBody([codes[0]], slot), "ticket_codes"],
    [groupBody(codes, slot), "ticket_codes"],
    // The same code twice, once as a person types it.
    [
      groupBody([codes[0], formatTicketCode(codes[0]).toLowerCase()], slot),
      "ticket_codes",
    ],
    [{ ...groupBody(codes.slice(0, 2), slot), locale: "nl" }, "locale"],
    [
      { ...groupBody(codes.slice(0, 2), slot), customer_email: "x" },
      "customer_email",
    ],
    [
      { ...groupBody(codes.slice(0, 2), slot), ticket_codes: "A,B" },
      "ticket_codes",
    ],
    [{ ...groupBody(codes.slice(0, 2), slot), extra: 1 }, "body"],
  ];
  for (const [body, field] of bad) {
    const r = await post(s.url, "/api/reservations/create-group", body);
    strictEqual(r.status, 400, JSON.stringify(r.body));
    strictEqual(r.body.error.code, "VALIDATION_FAILED");
    if (field !== "body") ok(field in r.body.error.details.fields, field);
  }
  strictEqual(await booked(s.db, slot), 0);
});

testEachEngine(
  "availability with a party: too few places read FULL",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
      capacity: 10,
    });
    await s.db.query(
      "UPDATE reservation_slots SET booked_count = 7 WHERE id = $1",
      [slot],
    );
    const level = async (q: string) => {
      const r = await get(s.url, `/api/reservation-slots/available?orq=1${q}`);
      strictEqual(r.status, 200, JSON.stringify(r.body));
      return [r.body.dates[0].level, r.body.dates[0].slots[0].level];
    };
    deepStrictEqual(await level(""), ["LIMITED", "LIMITED"]);
    deepStrictEqual(await level("&party=3"), ["LIMITED", "LIMITED"]);
    deepStrictEqual(await level("&party=4"), ["FULL", "FULL"]);
    deepStrictEqual(await level("&party=1"), ["LIMITED", "LIMITED"]);
    for (const bad of ["0", "21", "x", "2.5"]) {
      const r = await get(
        s.url,
        `/api/reservation-slots/available?orq=1&party=${bad}`,
      );
      strictEqual(r.status, 400, bad);
      strictEqual(r.body.error.code, "VALIDATION_FAILED");
    }
  },
);

Deno.test("a group spends one validation token per code [pglite]", async () => {
  const s = await startServer("pglite", {
    env: { RATE_LIMIT_VALIDATE_PER_MIN: "5", RATE_LIMIT_RESERVE_PER_MIN: "10" },
  });
  try {
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
    });
    const first = await createGroup(s.url, await seedTickets(s.db, 3), slot);
    strictEqual(first.status, 201);
    // 3 of 5 spent: 3 more codes are over the limit, and nothing is booked.
    const codes = await seedTickets(s.db, 3);
    const second = await createGroup(s.url, codes, slot);
    strictEqual(second.status, 429);
    strictEqual(second.body.error.code, "RATE_LIMITED");
    ok(second.headers.get("retry-after"));
    strictEqual(await reservedTickets(s.db, codes), 0);
  } finally {
    await s.close();
  }
});
