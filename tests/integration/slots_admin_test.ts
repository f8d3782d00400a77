/**
 * The back office's slot routes (API.md "Back office (staff)"): the list and
 * its cursor, capacity and status changes, removal, the creation preview,
 * and their audit entries; on both engines.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import {
  call,
  get,
  managerRoutePrincipals,
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { stateFingerprint } from "../helpers/state.ts";
import { brokenInvariants } from "../helpers/invariants.ts";

/** Everything a refused slot change must leave as it was. */
async function snapshot(s: TestServer) {
  return JSON.stringify({
    state: await stateFingerprint(s.db),
    slots: await s.db.query(
      `SELECT id, total_capacity, status, booked_count, held_count
         FROM reservation_slots ORDER BY id`,
    ),
    audit: await s.db.query(`SELECT count(*)::int AS n FROM audit_log`),
  });
}

function patch(
  s: TestServer,
  id: number | string,
  json: unknown,
  token: string,
) {
  return call(s.url, "PATCH", `/api/reservation-slots/${id}`, { json, token });
}

function remove(s: TestServer, id: number | string, token: string) {
  return call(s.url, "DELETE", `/api/reservation-slots/${id}`, {
    json: {},
    token,
  });
}

/** Books `n` places on `slot` over HTTP (each must succeed). */
async function book(s: TestServer, slot: number, n: number): Promise<string[]> {
  const codes = await seedTickets(s.db, n);
  for (const code of codes) {
    const r = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(code, slot),
    );
    strictEqual(r.status, 201, JSON.stringify(r.body));
  }
  return codes;
}

async function auditRows(s: TestServer, action: string) {
  return await s.db.query<
    {
      actor_kind: string;
      actor_name: string;
      target_id: string | null;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }
  >(
    `SELECT actor_kind, actor_name, target_id, before, after FROM audit_log
      WHERE action = $1 ORDER BY id`,
    [action],
  );
}

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

testEachEngine("slot DELETE: only an empty slot, record kept", async (s) => {
  const p = await managerRoutePrincipals(s);
  const busy = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "10:00",
    end: "11:00",
  });
  const held = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "11:00",
    end: "12:00",
  });
  const empty = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
    capacity: 7,
  });
  await book(s, busy, 1);
  await s.db.query(
    `UPDATE reservation_slots SET held_count = 1 WHERE id = $1`,
    [held],
  );
  // A cancelled reservation on the empty slot, with its mail.
  const [code] = await book(s, empty, 1);
  await s.db.query(
    `WITH r AS (UPDATE ticket_reservations SET status = 'CANCELLED', cancelled_at = now(),
                  cancelled_by = 'staff' WHERE slot_id = $1 RETURNING ticket_id)
     UPDATE tickets SET status = 'ACTIVATED' WHERE id IN (SELECT ticket_id FROM r)`,
    [empty],
  );
  await s.db.query(
    `UPDATE reservation_slots SET booked_count = 0 WHERE id = $1`,
    [empty],
  );

  const before = await snapshot(s);
  for (const id of [busy, held]) {
    const r = await remove(s, id, p.admin);
    strictEqual(r.status, 409);
    strictEqual(r.body.error.code, "SLOT_HAS_RESERVATIONS");
  }
  strictEqual((await remove(s, empty, p.boss)).status, 403);
  strictEqual((await remove(s, 999_999, p.admin)).status, 404);
  const theirs = await seedSlot(s.db, {
    orq: p.org2,
    date: "2026-11-27",
    start: "10:00",
    end: "11:00",
  });
  const other = await remove(s, theirs, p.admin);
  strictEqual(other.status, 404);
  strictEqual(other.body.error.code, "SLOT_NOT_FOUND");
  await s.db.query(`DELETE FROM reservation_slots WHERE id = $1`, [theirs]);
  strictEqual(await snapshot(s), before);

  const gone = await remove(s, empty, p.admin);
  strictEqual(gone.status, 204);
  // The cancelled reservation and its mail went with it; the busy slot's stay.
  const [left] = await s.db.query<
    { slots: number; reservations: number; mails: number }
  >(
    `SELECT (SELECT count(*)::int FROM reservation_slots WHERE id = $1) AS slots,
            (SELECT count(*)::int FROM ticket_reservations) AS reservations,
            (SELECT count(*)::int FROM mail_outbox) AS mails`,
    [empty],
  );
  deepStrictEqual({ ...left }, { slots: 0, reservations: 1, mails: 1 });
  strictEqual(code.length > 0, true);
  strictEqual((await remove(s, empty, p.admin)).status, 404);
  const audit = await auditRows(s, "slot.deleted");
  strictEqual(audit.length, 1);
  deepStrictEqual(audit[0].before, {
    date: "2026-11-27",
    start_time: "12:00",
    end_time: "13:00",
    total_capacity: 7,
    status: "ACTIVE",
  });
  strictEqual(audit[0].after, null);
  deepStrictEqual(await brokenInvariants(s.db), []);
});

testEachEngine(
  "slot creation: a preview writes nothing; creation is audited",
  async (s) => {
    const p = await managerRoutePrincipals(s);
    await seedSlot(s.db, { date: "2026-11-30", start: "10:00", end: "11:00" });
    const series = {
      orq: 1,
      from: "2026-11-30", // a Monday
      to: "2026-12-06",
      weekdays: [1, 3],
      times: [["10:00", "11:00"], ["11:00", "12:00"]],
      total_capacity: 20,
    };
    const before = await snapshot(s);
    const preview = await post(s.url, "/api/reservation-slots/create", {
      ...series,
      preview: true,
    }, p.admin);
    strictEqual(preview.status, 200, JSON.stringify(preview.body));
    strictEqual(await snapshot(s), before);
    deepStrictEqual(
      preview.body.created.map((
        c: { date: string; start_time: string; id: null },
      ) => [c.date, c.start_time, c.id]),
      [["2026-11-30", "11:00", null], ["2026-12-02", "10:00", null], [
        "2026-12-02",
        "11:00",
        null,
      ]],
    );
    deepStrictEqual(preview.body.skipped, [
      { date: "2026-11-30", start_time: "10:00", reason: "DUPLICATE" },
    ]);
    strictEqual(preview.body.created[0].available_count, 20);

    const single = await post(s.url, "/api/reservation-slots/create", {
      orq: 1,
      date: "2026-11-30",
      start_time: "10:00",
      end_time: "11:00",
      preview: true,
    }, p.admin);
    strictEqual(single.status, 200);
    deepStrictEqual(single.body.created, []);
    strictEqual(single.body.skipped.length, 1);
    strictEqual(await snapshot(s), before);

    // The real thing answers as the preview said, with ids, and one audit entry.
    const made = await post(
      s.url,
      "/api/reservation-slots/create",
      series,
      p.admin,
    );
    strictEqual(made.status, 201);
    deepStrictEqual(
      made.body.created.map((
        c: { date: string; start_time: string },
      ) => [c.date, c.start_time]),
      preview.body.created.map((
        c: { date: string; start_time: string },
      ) => [c.date, c.start_time]),
    );
    deepStrictEqual(made.body.skipped, preview.body.skipped);
    ok(made.body.created.every((c: { id: number }) => c.id > 0));
    const audit = await auditRows(s, "slots.created");
    strictEqual(audit.length, 1);
    deepStrictEqual(audit[0].after, {
      created: 3,
      skipped: 1,
      from: "2026-11-30",
      to: "2026-12-02",
      total_capacity: 20,
    });
    // Nothing new: no entry.
    await post(s.url, "/api/reservation-slots/create", series, p.admin);
    strictEqual((await auditRows(s, "slots.created")).length, 1);
    // A preview is still for admins only and validated like the real thing.
    strictEqual(
      (await post(s.url, "/api/reservation-slots/create", {
        ...series,
        preview: true,
      }, p.boss)).status,
      403,
    );
    const past = await post(s.url, "/api/reservation-slots/create", {
      ...series,
      from: "2026-11-01",
      preview: true,
    }, p.admin);
    strictEqual(past.status, 400);
    const notBool = await post(s.url, "/api/reservation-slots/create", {
      ...series,
      preview: "yes",
    }, p.admin);
    strictEqual(notBool.status, 400);
  },
);
