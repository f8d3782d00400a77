/** Customer API: ticket validation, availability, the organization's today, rate limits. */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  call,
  get,
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";

// The pinned clock: 2026-11-26 10:00 UTC.

testEachEngine("ticket validation answers every status", async (s) => {
  const [activated] = await seedTickets(s.db, 1);
  const [pending] = await seedTickets(s.db, 1, { status: "PENDING_PAYMENT" });
  const [verified] = await seedTickets(s.db, 1, { status: "VERIFIED" });
  const [expired] = await seedTickets(s.db, 1, { status: "EXPIRED" });
  const [lapsed] = await seedTickets(s.db, 1, {
    expiresAt: "2026-11-01T00:00:00Z",
  });

  const ok1 = await post(s.url, "/api/tickets/validate", {
    ticket_code: formatTicketCode(activated).toLowerCase(),
  });
  strictEqual(ok1.status, 200);
  deepStrictEqual(ok1.body, {
    ticket: { code: activated, status: "ACTIVATED", orq: 1 },
    eligible: true,
  });

  const cases: [string, number, string][] = [
    [pending, 409, "TICKET_NOT_ACTIVATED"],
    [verified, 409, "TICKET_ALREADY_VERIFIED"],
    [expired, 410, "TICKET_EXPIRED"],
    [lapsed, 410, "TICKET_EXPIRED"],
    ["ZZZZZZZZZZZZZZZZZZZZ", 404, "TICKET_NOT_FOUND"],
    ["short", 404, "TICKET_NOT_FOUND"],
  ];
  for (const [code, status, error] of cases) {
    const r = await post(s.url, "/api/tickets/validate", { ticket_code: code });
    strictEqual(r.status, status, `${code}: ${JSON.stringify(r.body)}`);
    strictEqual(r.body.error.code, error);
    strictEqual(typeof r.body.error.message, "string");
  }

  // Already reserved: the details carry the existing reservation.
  const slot = await seedSlot(s.db, {
    date: "2026-11-28",
    start: "14:00",
    end: "15:00",
  });
  strictEqual(
    (await post(
      s.url,
      "/api/reservations/create",
      reservationBody(activated, slot),
    ))
      .status,
    201,
  );
  const again = await post(s.url, "/api/tickets/validate", {
    ticket_code: activated,
  });
  strictEqual(again.status, 409);
  strictEqual(again.body.error.code, "TICKET_ALREADY_RESERVED");
  deepStrictEqual(again.body.error.details.reservation, {
    date: "2026-11-28",
    start_time: "14:00",
    end_time: "15:00",
  });
});

testEachEngine("availability groups slots by date with levels", async (s) => {
  // Today 10:00 UTC: the 09:00–10:00 slot has ended, 09:30–10:30 has not.
  await seedSlot(s.db, { date: "2026-11-26", start: "09:00", end: "10:00" });
  const running = await seedSlot(s.db, {
    date: "2026-11-26",
    start: "09:30",
    end: "10:30",
    capacity: 10,
  });
  await seedSlot(s.db, { date: "2026-11-25", start: "12:00", end: "13:00" });
  const limited = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
    capacity: 4,
  });
  const closed = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "14:00",
    end: "15:00",
    status: "CLOSED",
  });
  await seedSlot(s.db, { date: "2027-02-24", start: "12:00", end: "13:00" }); // day 90: outside
  await seedSlot(s.db, {
    orq: 1,
    date: "2027-02-23",
    start: "12:00",
    end: "24:00",
  }); // day 89
  await s.db.query(
    "UPDATE reservation_slots SET booked_count = 2 WHERE id = $1",
    [limited],
  );

  const r = await get(s.url, "/api/reservation-slots/available?orq=1");
  strictEqual(r.status, 200);
  strictEqual(r.body.orq, 1);
  strictEqual(r.body.timezone, "UTC");
  deepStrictEqual(
    r.body.dates.map((d: { date: string; level: string }) => [d.date, d.level]),
    [["2026-11-26", "AVAILABLE"], ["2026-11-27", "LIMITED"], [
      "2027-02-23",
      "AVAILABLE",
    ]],
  );
  const today = r.body.dates[0].slots;
  deepStrictEqual(today, [{
    id: running,
    date: "2026-11-26",
    start_time: "09:30",
    end_time: "10:30",
    total_capacity: 10,
    booked_count: 0,
    available_count: 10,
    status: "ACTIVE",
    level: "AVAILABLE",
  }]);
  const tomorrow = r.body.dates[1].slots;
  deepStrictEqual(
    tomorrow.map((
      x: { id: number; level: string; available_count: number },
    ) => [
      x.id,
      x.level,
      x.available_count,
    ]),
    [[limited, "LIMITED", 2], [closed, "FULL", 200]],
  );
  strictEqual(r.body.dates[2].slots[0].end_time, "24:00");

  const range = await get(
    s.url,
    "/api/reservation-slots/available?orq=1&from=2026-11-27&to=2026-11-27",
  );
  strictEqual(range.body.dates.length, 1);

  for (
    const [q, code] of [
      ["", "VALIDATION_FAILED"],
      ["?orq=abc", "VALIDATION_FAILED"],
      ["?orq=1&from=2026-02-30", "VALIDATION_FAILED"],
      ["?orq=1&from=2026-11-26&to=2027-11-27", "VALIDATION_FAILED"],
      ["?orq=1&from=2026-11-27&to=2026-11-26", "VALIDATION_FAILED"],
      ["?orq=99", "ORG_NOT_FOUND"],
    ]
  ) {
    const bad = await get(s.url, `/api/reservation-slots/available${q}`);
    strictEqual(bad.body.error?.code, code, q);
    strictEqual(bad.status, code === "ORG_NOT_FOUND" ? 404 : 400, q);
  }
  // 366 days inclusive is allowed.
  strictEqual(
    (await get(
      s.url,
      "/api/reservation-slots/available?orq=1&from=2026-11-26&to=2027-11-26",
    )).status,
    200,
  );
});

testEachEngine("today is the organization's date", async (s) => {
  // 2026-11-25 12:30 UTC is already 2026-11-26 01:30 in Auckland.
  s.clock.set("2026-11-25T12:30:00Z");
  await seedSlot(s.db, { date: "2026-11-25", start: "22:00", end: "23:00" });
  const todays = await seedSlot(s.db, {
    date: "2026-11-26",
    start: "09:00",
    end: "10:00",
  });
  const r = await get(s.url, "/api/reservation-slots/available?orq=1");
  strictEqual(r.body.timezone, "Pacific/Auckland");
  deepStrictEqual(r.body.dates.map((d: { date: string }) => d.date), [
    "2026-11-26",
  ]);
  strictEqual(r.body.dates[0].slots[0].id, todays);
}, { timezone: "Pacific/Auckland" });

testEachEngine("rate limits answer 429 with Retry-After", async (s) => {
  for (let i = 0; i < 3; i++) {
    const r = await post(s.url, "/api/tickets/validate", {
      ticket_code: "ZZZZZZZZZZZZZZZZZZZZ",
    });
    strictEqual(r.status, 404);
  }
  const limited = await post(s.url, "/api/tickets/validate", {
    ticket_code: "ZZZZZZZZZZZZZZZZZZZZ",
  });
  strictEqual(limited.status, 429);
  strictEqual(limited.body.error.code, "RATE_LIMITED");
  ok(Number(limited.headers.get("retry-after")) >= 1);

  for (let i = 0; i < 2; i++) {
    await post(s.url, "/api/reservations/create", reservationBody("x", 1));
  }
  const r = await call(s.url, "POST", "/api/reservations/create", {
    json: reservationBody("x", 1),
  });
  strictEqual(r.status, 429);
  strictEqual(r.body.error.code, "RATE_LIMITED");
}, {
  env: { RATE_LIMIT_VALIDATE_PER_MIN: "3", RATE_LIMIT_RESERVE_PER_MIN: "2" },
});
