/** Customer API: creating a reservation, its calendar file, refusals in the contract's order, contact checks. */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  get,
  post,
  reservationBody,
  reserveOnNewSlot,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { parseSignedPayload } from "../../domain/signed_payload.ts";

// The pinned clock: 2026-11-26 10:00 UTC.

testEachEngine("a reservation takes a place and is shown again", async (s) => {
  const slot = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
    capacity: 2,
  });
  const [a, b] = await seedTickets(s.db, 2);
  const r = await post(s.url, "/api/reservations/create", {
    ticket_code: formatTicketCode(a),
    slot_id: slot,
    customer_email: "  Jane.Doe+museum@example.com ",
    customer_phone: "+31 (6) 1234-5678",
  });
  strictEqual(r.status, 201, JSON.stringify(r.body));
  const res = r.body.reservation;
  strictEqual(res.ticket_code, a);
  strictEqual(res.status, "RESERVED");
  strictEqual(res.customer_email, "Jane.Doe+museum@example.com");
  strictEqual(res.customer_phone, "+31612345678");
  strictEqual(res.reserved_at, "2026-11-26T10:00:00.000Z");
  deepStrictEqual(res.slot, {
    id: slot,
    date: "2026-11-27",
    start_time: "12:00",
    end_time: "13:00",
  });
  // The QR carries the signed payload (API.md "Offline scanning") naming the code.
  strictEqual(parseSignedPayload(r.body.qr.payload)?.claims.c, a);
  ok(
    /^\/api\/reservations\/\d+\/qr\.svg\?t=[\w-]{22}&v=1$/.test(
      r.body.qr.svg_url,
    ),
    r.body.qr.svg_url,
  );
  for (
    const url of [r.body.qr.svg_url, r.body.qr.png_url, r.body.calendar_url]
  ) {
    ok(!url.includes(a) && !url.includes("code="), url);
  }

  const [t] = await s.db.query<
    { status: string; reserved_at: Date; customer_phone: string }
  >("SELECT status, reserved_at, customer_phone FROM tickets WHERE code = $1", [
    a,
  ]);
  strictEqual(t.status, "RESERVED");
  strictEqual(t.customer_phone, "+31612345678");
  const [sl] = await s.db.query<{ booked_count: number; status: string }>(
    "SELECT booked_count, status FROM reservation_slots WHERE id = $1",
    [slot],
  );
  deepStrictEqual(sl, { booked_count: 1, status: "ACTIVE" });
  const mails = await s.db.query<{ to_address: string }>(
    "SELECT to_address FROM mail_outbox WHERE reservation_id = $1",
    [res.id],
  );
  deepStrictEqual([...mails], [{ to_address: "Jane.Doe+museum@example.com" }]);

  // The last place marks the slot FULL.
  strictEqual(
    (await post(s.url, "/api/reservations/create", reservationBody(b, slot)))
      .status,
    201,
  );
  const [full] = await s.db.query<{ booked_count: number; status: string }>(
    "SELECT booked_count, status FROM reservation_slots WHERE id = $1",
    [slot],
  );
  deepStrictEqual(full, { booked_count: 2, status: "FULL" });

  // Lookup: the same answer, contact masked; QR and calendar by signed URL
  // (tests/integration/reservation_links_test.ts covers refusals).
  const look = await get(
    s.url,
    `/api/reservations/lookup?code=${a.toLowerCase()}`,
  );
  strictEqual(look.status, 200);
  deepStrictEqual(look.body.reservation.slot, res.slot);
  strictEqual(look.body.reservation.customer_email, "J***@example.com");
  strictEqual(look.body.reservation.customer_phone, "+31 6 ***** 678");
  strictEqual(look.body.qr.png_url, r.body.qr.png_url);
  strictEqual(
    (await get(s.url, "/api/reservations/lookup?code=ZZZZZZZZZZZZZZZZZZZZ"))
      .body.error.code,
    "RESERVATION_NOT_FOUND",
  );

  const svg = await fetch(s.url + r.body.qr.svg_url);
  strictEqual(svg.status, 200);
  strictEqual(svg.headers.get("content-type"), "image/svg+xml");
  ok((await svg.text()).includes("<svg"));
  const png = await fetch(s.url + r.body.qr.png_url);
  strictEqual(png.headers.get("content-type"), "image/png");
  deepStrictEqual(
    [...new Uint8Array(await png.arrayBuffer()).slice(0, 4)],
    [0x89, 0x50, 0x4e, 0x47],
  );
  const ics = await fetch(s.url + r.body.calendar_url);
  strictEqual(ics.status, 200);
  const text = await ics.text();
  ok(text.includes("BEGIN:VEVENT"), text);
  ok(text.includes("DTSTART:20261127T120000Z"), text);
  ok(text.includes("DTEND:20261127T130000Z"), text);
  ok(!text.includes(a), "the calendar file's link does not carry the code");

  // The raw code is no credential for the files any more.
  for (
    const path of [
      `/api/reservations/${res.id}/qr.svg`,
      `/api/reservations/${res.id}/qr.png?code=${a}`,
      `/api/reservations/${res.id}/calendar.ics?code=${a}`,
      `/api/reservations/abc/qr.svg?code=${a}`,
    ]
  ) {
    const x = await get(s.url, path);
    strictEqual(x.status, 404, path);
    strictEqual(x.body.error.code, "RESERVATION_NOT_FOUND", path);
  }
});

testEachEngine("the calendar file is in the venue's zone", async (s) => {
  const { body } = await reserveOnNewSlot(s, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
  });
  const text = await (await fetch(s.url + body.calendar_url)).text();
  // 12:00 in Amsterdam (CET, UTC+1) is 11:00 UTC.
  ok(text.includes("DTSTART:20261127T110000Z"), text);
}, { timezone: "Europe/Amsterdam" });

testEachEngine("reservation refusals, in the contract's order", async (s) => {
  const slot = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
    capacity: 1,
  });
  const closed = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "15:00",
    end: "16:00",
    status: "CLOSED",
  });
  const ended = await seedSlot(s.db, {
    date: "2026-11-26",
    start: "08:00",
    end: "10:00",
  });
  const started = await seedSlot(s.db, {
    date: "2026-11-26",
    start: "09:00",
    end: "11:00",
  });
  const alt1 = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "13:00",
    end: "14:00",
  });
  const alt2 = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "10:00",
    end: "11:00",
  });
  await s.db.query(
    "INSERT INTO organizations (orq, name, timezone) VALUES (2, 'Other', 'UTC')",
  );
  const foreign = await seedSlot(s.db, {
    orq: 2,
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
  });
  const codes = await seedTickets(s.db, 8);
  const [pending] = await seedTickets(s.db, 1, { status: "PENDING_PAYMENT" });

  const create = (code: string, slotId: number) =>
    post(s.url, "/api/reservations/create", reservationBody(code, slotId));

  strictEqual((await create(codes[0], slot)).status, 201);
  const full = await create(codes[1], slot);
  strictEqual(full.status, 409);
  strictEqual(full.body.error.code, "SLOT_FULL");
  // Nearest in time first: 13:00 (1 h after), 10:00 (2 h before), then today's running slot.
  deepStrictEqual(
    full.body.error.details.alternatives.map((a: { id: number }) => a.id),
    [alt1, alt2, started],
  );

  const expect = async (
    code: string,
    slotId: number,
    error: string,
    status: number,
  ) => {
    const r = await create(code, slotId);
    strictEqual(r.body.error?.code, error, JSON.stringify(r.body));
    strictEqual(r.status, status);
  };
  await expect(codes[1], closed, "SLOT_CLOSED", 409);
  await expect(codes[1], ended, "SLOT_IN_PAST", 409);
  await expect(codes[1], foreign, "SLOT_NOT_FOUND", 404);
  await expect(codes[1], 999999, "SLOT_NOT_FOUND", 404);
  // Ticket checks come before slot checks.
  await expect(pending, 999999, "TICKET_NOT_ACTIVATED", 409);
  await expect(codes[0], alt1, "TICKET_ALREADY_RESERVED", 409);
  await expect("ZZZZZZZZZZZZZZZZZZZZ", slot, "TICKET_NOT_FOUND", 404);
  // A slot that has started but not ended is bookable.
  strictEqual((await create(codes[2], started)).status, 201);

  // Nothing changed by the refusals.
  const [counts] = await s.db.query<{ reserved: number; reservations: number }>(
    `SELECT (SELECT count(*)::int FROM tickets WHERE status = 'RESERVED') AS reserved,
            (SELECT count(*)::int FROM ticket_reservations) AS reservations`,
  );
  deepStrictEqual(counts, { reserved: 2, reservations: 2 });
});

testEachEngine("contact details are checked", async (s) => {
  const slot = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
  });
  const [code] = await seedTickets(s.db, 1);
  const bad = [
    { customer_email: "not-an-email" },
    { customer_email: "a@@b.c" },
    { customer_email: "a b@c.d" },
    { customer_phone: "0612345678" },
    { customer_phone: "+12" },
    { customer_phone: "+1234567890123456" },
    { customer_phone: "+31 6 CALL ME" },
  ];
  for (const patch of bad) {
    const r = await post(s.url, "/api/reservations/create", {
      ...reservationBody(code, slot),
      ...patch,
    });
    strictEqual(r.status, 400, JSON.stringify(patch));
    strictEqual(r.body.error.code, "VALIDATION_FAILED");
    ok(Object.keys(patch)[0] in r.body.error.details.fields);
  }
  const [t] = await s.db.query<{ status: string }>(
    "SELECT status FROM tickets WHERE code = $1",
    [code],
  );
  strictEqual(t.status, "ACTIVATED");
  const quoted = await post(s.url, "/api/reservations/create", {
    ...reservationBody(code, slot),
    customer_email: '"john doe"@example.com',
    customer_phone: "0031 20 123 4567",
  });
  strictEqual(quoted.status, 201, JSON.stringify(quoted.body));
  strictEqual(quoted.body.reservation.customer_phone, "+31201234567");
});
