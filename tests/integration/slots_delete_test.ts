/**
 * Removing slots and previewing their creation (API.md "Back office
 * (staff)"), with their audit entries; on both engines.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { managerRoutePrincipals, post, seedSlot } from "../helpers/api.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import { auditRows, book, remove, snapshot } from "../helpers/slots_admin.ts";

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
