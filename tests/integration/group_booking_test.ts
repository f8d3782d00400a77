/** POST /api/reservations/create-group: all or nothing, refusals, availability for a party. */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { startServer, testEachEngine } from "../helpers/server.ts";
import {
  get,
  managerRoutePrincipals,
  post,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { stream } from "../helpers/dashboard.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import type { Sql } from "../../db/client.ts";

// The pinned clock: 2026-11-26 10:00 UTC.

function groupBody(codes: string[], slotId: number) {
  return {
    ticket_codes: codes,
    slot_id: slotId,
    customer_email: "group@example.com",
    customer_phone: "+31 6 1234 5678",
  };
}

async function booked(db: Sql, slotId: number): Promise<number> {
  const [row] = await db.query<{ booked_count: number }>(
    "SELECT booked_count FROM reservation_slots WHERE id = $1",
    [slotId],
  );
  return row.booked_count;
}

async function reservedTickets(db: Sql, codes: string[]): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tickets
      WHERE code = ANY($1::text[]) AND status = 'RESERVED'`,
    [codes],
  );
  return n;
}

testEachEngine(
  "a group books every ticket in one slot, one mail",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
      capacity: 5,
    });
    const codes = await seedTickets(s.db, 3);
    const typed = codes.map((c, i) =>
      i === 1 ? formatTicketCode(c).toLowerCase() : c
    );
    const r = await post(s.url, "/api/reservations/create-group", {
      ...groupBody(typed, slot),
      locale: "de",
    });
    strictEqual(r.status, 201, JSON.stringify(r.body));
    ok(/^[0-9a-f-]{36}$/.test(r.body.group_id));
    deepStrictEqual(
      r.body.reservations.map((x: { reservation: { ticket_code: string } }) =>
        x.reservation.ticket_code
      ),
      codes,
    );
    for (const x of r.body.reservations) {
      strictEqual(x.reservation.status, "RESERVED");
      strictEqual(x.reservation.customer_phone, "+31612345678");
      deepStrictEqual(x.reservation.slot, {
        id: slot,
        date: "2026-11-27",
        start_time: "12:00",
        end_time: "13:00",
      });
      ok(x.qr.png_url.includes("?t="));
      ok(x.calendar_url.includes("?t="));
    }
    strictEqual(await booked(s.db, slot), 3);
    const rows = await s.db.query<{ group_id: string }>(
      "SELECT group_id::text AS group_id FROM ticket_reservations ORDER BY id",
    );
    deepStrictEqual(rows.map((x) => x.group_id), [
      r.body.group_id,
      r.body.group_id,
      r.body.group_id,
    ]);
    const mails = await s.db.query<{ kind: string }>(
      "SELECT kind FROM mail_outbox",
    );
    deepStrictEqual(mails.map((m) => m.kind), [
      "reservation.group_confirmation",
    ]);
    deepStrictEqual(await brokenInvariants(s.db), []);

    // Each member's QR answers with its own signed link.
    const png = await fetch(`${s.url}${r.body.reservations[2].qr.png_url}`);
    strictEqual(png.status, 200);
    await png.body?.cancel();
  },
);

testEachEngine(
  "one refused ticket books nothing, named in order",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
    });
    const good = await seedTickets(s.db, 2);
    const [pending] = await seedTickets(s.db, 1, { status: "PENDING_PAYMENT" });
    const [verified] = await seedTickets(s.db, 1, { status: "VERIFIED" });
    const cases: [string[], number, string, string][] = [
      [[good[0], pending, good[1]], 409, "TICKET_NOT_ACTIVATED", pending],
      // The first refusal in the given order wins.
      [[good[0], verified, pending], 409, "TICKET_ALREADY_VERIFIED", verified],
      [
        [good[0], "ZZZZ-ZZZZ-ZZZZ-ZZZZ"],
        404,
        "TICKET_NOT_FOUND",
        "ZZZZ-ZZZZ-ZZZZ-ZZZZ",
      ],
      [[good[0], "nope", pending], 404, "TICKET_NOT_FOUND", "nope"],
    ];
    for (const [codes, status, code, named] of cases) {
      const r = await post(
        s.url,
        "/api/reservations/create-group",
        groupBody(codes, slot),
      );
      strictEqual(r.status, status, JSON.stringify(r.body));
      strictEqual(r.body.error.code, code);
      strictEqual(r.body.error.details.ticket_code, named);
    }
    strictEqual(await booked(s.db, slot), 0);
    strictEqual(await reservedTickets(s.db, good), 0);

    // A ticket already reserved: its reservation in the details, nothing else booked.
    const other = await seedSlot(s.db, {
      date: "2026-11-28",
      start: "12:00",
      end: "13:00",
    });
    const first = await post(
      s.url,
      "/api/reservations/create-group",
      groupBody(good, other),
    );
    strictEqual(first.status, 201);
    const [fresh] = await seedTickets(s.db, 1);
    const again = await post(
      s.url,
      "/api/reservations/create-group",
      groupBody([fresh, good[1]], slot),
    );
    strictEqual(again.status, 409);
    strictEqual(again.body.error.code, "TICKET_ALREADY_RESERVED");
    strictEqual(again.body.error.details.ticket_code, good[1]);
    deepStrictEqual(again.body.error.details.reservation, {
      date: "2026-11-28",
      start_time: "12:00",
      end_time: "13:00",
    });
    strictEqual(await reservedTickets(s.db, [fresh]), 0);
    strictEqual(await booked(s.db, slot), 0);
    deepStrictEqual(await brokenInvariants(s.db), []);
  },
);

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
    const before = await post(
      s.url,
      "/api/reservations/create-group",
      groupBody(await seedTickets(s.db, 2), small),
    );
    strictEqual(before.status, 201);
    const codes = await seedTickets(s.db, 3);
    const full = await post(
      s.url,
      "/api/reservations/create-group",
      groupBody(codes, small),
    );
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
      const r = await post(
        s.url,
        "/api/reservations/create-group",
        groupBody(codes, slot),
      );
      strictEqual(r.status, status, JSON.stringify(r.body));
      strictEqual(r.body.error.code, code);
    }
    // Another organization's ticket among them: that slot is not found for it.
    const [orq2] = await s.db.query<{ orq: number }>(
      "INSERT INTO organizations (name, timezone) VALUES ('Other', 'UTC') RETURNING orq",
    );
    const [foreign] = await seedTickets(s.db, 1, { orq: orq2.orq });
    const mixed = await post(
      s.url,
      "/api/reservations/create-group",
      groupBody([codes[0], foreign], three),
    );
    strictEqual(mixed.status, 404);
    strictEqual(mixed.body.error.code, "SLOT_NOT_FOUND");
    strictEqual(mixed.body.error.details.ticket_code, foreign);
    strictEqual(await reservedTickets(s.db, codes), 0);

    // Exactly the free places: booked, and the slot reads FULL.
    const ok3 = await post(
      s.url,
      "/api/reservations/create-group",
      groupBody(codes, three),
    );
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

testEachEngine("a member moved or cancelled leaves its group", async (s) => {
  const slot = await seedSlot(s.db, {
    date: "2026-11-28",
    start: "12:00",
    end: "13:00",
  });
  const other = await seedSlot(s.db, {
    date: "2026-11-29",
    start: "12:00",
    end: "13:00",
  });
  const codes = await seedTickets(s.db, 3);
  const r = await post(
    s.url,
    "/api/reservations/create-group",
    groupBody(codes, slot),
  );
  strictEqual(r.status, 201);
  const moved = await post(s.url, "/api/reservations/reschedule", {
    ticket_code: codes[0],
    customer_email: "group@example.com",
    slot_id: other,
  });
  strictEqual(moved.status, 200, JSON.stringify(moved.body));
  const cancelled = await post(s.url, "/api/reservations/cancel", {
    ticket_code: codes[1],
    customer_email: "group@example.com",
  });
  strictEqual(cancelled.status, 200, JSON.stringify(cancelled.body));
  const rows = await s.db.query<{ code: string; in_group: boolean }>(
    `SELECT t.code, r.group_id IS NOT NULL AS in_group
       FROM ticket_reservations r JOIN tickets t ON t.id = r.ticket_id`,
  );
  const inGroup = new Map(rows.map((x) => [x.code, x.in_group]));
  deepStrictEqual(
    codes.map((c) => inGroup.get(c)),
    [false, false, true],
  );
  // The group's confirmation, filed under the first member, still goes to
  // the one left (it moved to the remaining member, not skipped).
  const [mail] = await s.db.query<{ status: string; code: string }>(
    `SELECT m.status, t.code FROM mail_outbox m
       JOIN ticket_reservations r ON r.id = m.reservation_id
       JOIN tickets t ON t.id = r.ticket_id
      WHERE m.kind = 'reservation.group_confirmation'`,
  );
  deepStrictEqual(mail, { status: "PENDING", code: codes[2] });
  deepStrictEqual(await brokenInvariants(s.db), []);
});

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
    const first = await post(
      s.url,
      "/api/reservations/create-group",
      groupBody(await seedTickets(s.db, 3), slot),
    );
    strictEqual(first.status, 201);
    // 3 of 5 spent: 3 more codes are over the limit, and nothing is booked.
    const codes = await seedTickets(s.db, 3);
    const second = await post(
      s.url,
      "/api/reservations/create-group",
      groupBody(codes, slot),
    );
    strictEqual(second.status, 429);
    strictEqual(second.body.error.code, "RATE_LIMITED");
    ok(second.headers.get("retry-after"));
    strictEqual(await reservedTickets(s.db, codes), 0);
  } finally {
    await s.close();
  }
});

testEachEngine(
  "a group reaches the live dashboard: one event, the committed count",
  async (s) => {
    const { boss } = await managerRoutePrincipals(s);
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
      capacity: 5,
    });
    const sse = await stream(s, boss);
    try {
      await sse.next("snapshot");
      const r = await post(
        s.url,
        "/api/reservations/create-group",
        groupBody(await seedTickets(s.db, 4), slot),
      );
      strictEqual(r.status, 201);
      const event = await sse.next("reservation", 3000);
      strictEqual(event.data.slot.id, slot);
      deepStrictEqual(
        [event.data.slot.booked_count, event.data.slot.available_count],
        [4, 1],
      );
    } finally {
      await sse.close();
    }
  },
);
