/** POST /api/reservations/create-group: a group booked whole or not at all, its mail, its members leaving, the live dashboard. */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  managerRoutePrincipals,
  post,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { stream } from "../helpers/dashboard.ts";
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
      const r = await createGroup(s.url, codes, slot);
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
    const first = await createGroup(s.url, good, other);
    strictEqual(first.status, 201);
    const [fresh] = await seedTickets(s.db, 1);
    const again = await createGroup(s.url, [fresh, good[1]], slot);
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
  const r = await createGroup(s.url, codes, slot);
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
      const r = await createGroup(s.url, await seedTickets(s.db, 4), slot);
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
