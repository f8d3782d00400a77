/**
 * The back office's slot routes (API.md "Back office (staff)"): the list and
 * its cursor, capacity and status changes, and their audit entries; on both
 * engines.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  get,
  managerRoutePrincipals,
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import { auditRows, book, patch, snapshot } from "../helpers/slots_admin.ts";

testEachEngine("slot list: range, order, pages and cursors", async (s) => {
  const p = await managerRoutePrincipals(s);
  // Seeded out of order; the 25th is in the past (today is 2026-11-26).
  const ids = {
    d27b: await seedSlot(s.db, {
      date: "2026-11-27",
      start: "14:00",
      end: "15:00",
    }),
    d25: await seedSlot(s.db, {
      date: "2026-11-25",
      start: "09:00",
      end: "10:00",
    }),
    d26: await seedSlot(s.db, {
      date: "2026-11-26",
      start: "09:00",
      end: "10:00",
    }),
    d27a: await seedSlot(s.db, {
      date: "2026-11-27",
      start: "10:00",
      end: "11:00",
    }),
    d26late: await seedSlot(s.db, {
      date: "2026-11-26",
      start: "22:00",
      end: "23:00",
    }),
    far: await seedSlot(s.db, {
      date: "2026-12-03",
      start: "09:00",
      end: "10:00",
    }),
  };
  await seedSlot(s.db, {
    orq: p.org2,
    date: "2026-11-27",
    start: "10:00",
    end: "11:00",
  });
  await book(s, ids.d27a, 2);
  await s.db.query(
    `UPDATE reservation_slots SET held_count = 3 WHERE id = $1`,
    [ids.d27a],
  );

  // Defaults: today to today + 6 (the 3rd of December is the 7th day after).
  const def = await get(s.url, "/api/reservation-slots?orq=1", p.boss);
  strictEqual(def.status, 200, JSON.stringify(def.body));
  deepStrictEqual(def.body.items.map((i: { id: number }) => i.id), [
    ids.d26,
    ids.d26late,
    ids.d27a,
    ids.d27b,
  ]);
  strictEqual(def.body.next_cursor, null);
  const item = def.body.items[2];
  deepStrictEqual(item, {
    id: ids.d27a,
    date: "2026-11-27",
    start_time: "10:00",
    end_time: "11:00",
    status: "ACTIVE",
    total_capacity: 200,
    booked_count: 2,
    held_count: 3,
    available_count: 195,
    verified_count: 0,
    entries: 0,
    exits: 0,
    waitlist_count: 0,
  });

  // Past included; pages of two follow the order with no gap or repeat.
  const q = "/api/reservation-slots?orq=1&from=2026-11-25&to=2026-12-03";
  const seen: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r = await get(
      s.url,
      `${q}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      p.admin,
    );
    strictEqual(r.status, 200, JSON.stringify(r.body));
    ok(r.body.items.length <= 2);
    seen.push(...r.body.items.map((i: { id: number }) => i.id));
    cursor = r.body.next_cursor;
    pages++;
  } while (cursor && pages < 10);
  deepStrictEqual(seen, [
    ids.d25,
    ids.d26,
    ids.d26late,
    ids.d27a,
    ids.d27b,
    ids.far,
  ]);
  strictEqual(pages, 3);

  // A cursor belongs to its query; a malformed one is refused too.
  const first = await get(s.url, `${q}&limit=2`, p.admin);
  const other = await get(
    s.url,
    `/api/reservation-slots?orq=1&from=2026-11-26&to=2026-12-03&limit=2&cursor=${first.body.next_cursor}`,
    p.admin,
  );
  strictEqual(other.status, 400);
  strictEqual(other.body.error.code, "VALIDATION_FAILED");
  ok(other.body.error.details.fields.cursor);
  const bad = await get(s.url, `${q}&cursor=not-a-cursor`, p.admin);
  strictEqual(bad.status, 400);
  ok(bad.body.error.details.fields.cursor);

  // 62 days at most; not backwards; limit 1–200.
  const ok62 = await get(
    s.url,
    "/api/reservation-slots?orq=1&from=2026-11-01&to=2027-01-01",
    p.boss,
  );
  strictEqual(ok62.status, 200);
  for (
    const bad of [
      "from=2026-11-01&to=2027-01-02",
      "from=2026-11-05&to=2026-11-04",
      "limit=0",
      "limit=201",
    ]
  ) {
    const r = await get(s.url, `/api/reservation-slots?orq=1&${bad}`, p.boss);
    strictEqual(r.status, 400, bad);
    strictEqual(r.body.error.code, "VALIDATION_FAILED");
  }

  // Roles and organizations.
  strictEqual(
    (await get(s.url, "/api/reservation-slots?orq=1", p.door)).status,
    403,
  );
  strictEqual((await get(s.url, "/api/reservation-slots?orq=1")).status, 401);
  strictEqual(
    (await get(s.url, "/api/reservation-slots?orq=1", p.otherBoss)).status,
    403,
  );
  const theirs = await get(
    s.url,
    `/api/reservation-slots?orq=${p.org2}`,
    p.otherBoss,
  );
  strictEqual(theirs.status, 200);
  strictEqual(theirs.body.items.length, 1);
  strictEqual(
    (await get(s.url, "/api/reservation-slots?orq=1", p.root)).status,
    200,
  );
});

testEachEngine("slot PATCH: capacity and status rules", async (s) => {
  const p = await managerRoutePrincipals(s);
  const slot = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "10:00",
    end: "11:00",
    capacity: 5,
  });
  await book(s, slot, 3);
  await s.db.query(
    `UPDATE reservation_slots SET held_count = 1 WHERE id = $1`,
    [slot],
  );

  // Below booked + held: refused with both counts, nothing changed.
  let before = await snapshot(s);
  const below = await patch(s, slot, { total_capacity: 3 }, p.admin);
  strictEqual(below.status, 409);
  strictEqual(below.body.error.code, "CAPACITY_BELOW_BOOKED");
  deepStrictEqual(below.body.error.details, { booked_count: 3, held_count: 1 });
  strictEqual(await snapshot(s), before);

  // Down to booked + held exactly: FULL, derived.
  const full = await patch(s, slot, { total_capacity: 4 }, p.admin);
  strictEqual(full.status, 200, JSON.stringify(full.body));
  strictEqual(full.body.status, "FULL");
  strictEqual(full.body.total_capacity, 4);
  strictEqual(full.body.available_count, 0);
  const [code] = await seedTickets(s.db, 1);
  const refused = await post(
    s.url,
    "/api/reservations/create",
    reservationBody(code, slot),
  );
  strictEqual(refused.status, 409);
  strictEqual(refused.body.error.code, "SLOT_FULL");

  // Close, then reopen: FULL again (from the counts), then ACTIVE with room.
  const closed = await patch(s, slot, { status: "CLOSED" }, p.admin);
  strictEqual(closed.body.status, "CLOSED");
  const stillClosed = await patch(s, slot, { total_capacity: 10 }, p.admin);
  strictEqual(stillClosed.body.status, "CLOSED"); // CLOSED stays CLOSED
  const closedBooking = await post(
    s.url,
    "/api/reservations/create",
    reservationBody(code, slot),
  );
  strictEqual(closedBooking.body.error.code, "SLOT_CLOSED");
  await patch(s, slot, { total_capacity: 4 }, p.admin);
  const reopenedFull = await patch(s, slot, { status: "ACTIVE" }, p.admin);
  strictEqual(reopenedFull.body.status, "FULL");
  const reopened = await patch(
    s,
    slot,
    { total_capacity: 6, status: "ACTIVE" },
    p.admin,
  );
  strictEqual(reopened.body.status, "ACTIVE");
  strictEqual(reopened.body.available_count, 2);
  const booked = await post(
    s.url,
    "/api/reservations/create",
    reservationBody(code, slot),
  );
  strictEqual(booked.status, 201, JSON.stringify(booked.body));

  // Refusals change nothing: FULL, bad fields, other organization, roles.
  before = await snapshot(s);
  for (
    const [body, field] of [
      [{ status: "FULL" }, "status"],
      [{ total_capacity: 0 }, "total_capacity"],
      [{}, "total_capacity"],
      [{ total_capacity: 5, extra: 1 }, "extra"],
    ] as const
  ) {
    const r = await patch(s, slot, body, p.admin);
    strictEqual(r.status, 400, JSON.stringify(body));
    ok(
      r.body.error.details.fields[field] !== undefined,
      JSON.stringify(r.body),
    );
  }
  const theirs = await seedSlot(s.db, {
    orq: p.org2,
    date: "2026-11-27",
    start: "10:00",
    end: "11:00",
  });
  before = await snapshot(s);
  for (const id of [theirs, 999_999]) {
    const r = await patch(s, id, { total_capacity: 50 }, p.admin);
    strictEqual(r.status, 404);
    strictEqual(r.body.error.code, "SLOT_NOT_FOUND");
  }
  strictEqual(
    (await patch(s, slot, { total_capacity: 50 }, p.boss)).status,
    403,
  );
  strictEqual(
    (await patch(s, slot, { total_capacity: 50 }, p.door)).status,
    403,
  );
  strictEqual(await snapshot(s), before);
  // The platform administrator may change any organization's slot.
  strictEqual(
    (await patch(s, theirs, { total_capacity: 50 }, p.root)).status,
    200,
  );

  // One audit entry per change, with the changed fields only.
  const audit = await auditRows(s, "slot.updated");
  deepStrictEqual(audit.slice(0, 3).map((a) => [a.before, a.after]), [
    [{ total_capacity: 5, status: "ACTIVE" }, {
      total_capacity: 4,
      status: "FULL",
    }],
    [{ status: "FULL" }, { status: "CLOSED" }],
    [{ total_capacity: 4 }, { total_capacity: 10 }],
  ]);
  strictEqual(audit[0].actor_kind, "staff");
  strictEqual(audit[0].actor_name, "chief");
  strictEqual(audit[0].target_id, String(slot));
  deepStrictEqual(await brokenInvariants(s.db), []);
});
