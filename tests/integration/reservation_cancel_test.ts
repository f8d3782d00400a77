/** Staff cancelling a reservation and resending its confirmation. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  get,
  managerRoutePrincipals,
  post,
  reservationBody,
} from "../helpers/api.ts";
import { expireDue } from "../../db/expiry.ts";
import {
  assertConsistent,
  auditCount,
  book,
  change,
  mailKinds,
  refusedUnchanged,
  slotState,
  tomorrow,
} from "../helpers/staff_changes.ts";

testEachEngine(
  "a manager cancels: CANCELLED row kept, ticket ACTIVATED, place back, links 404, and the ticket books again",
  async (s) => {
    const { boss } = await managerRoutePrincipals(s);
    const a = await tomorrow(s, "12:00", 1);
    const booked = await book(s, a);
    const id = booked.reservation.id;
    const code = booked.reservation.ticket_code;
    assertEquals((await slotState(s.db, a)).status, "FULL");

    const r = await change(s.url, id, "cancel", boss);
    assertEquals(r.status, 200, JSON.stringify(r.body));
    assertEquals(r.body.reservation.id, id);
    assertEquals(r.body.reservation.status, "CANCELLED");
    assertEquals(r.body.reservation.cancelled_by, "staff");
    assertEquals(r.body.reservation.cancelled_at, "2026-11-26T10:00:00.000Z");
    assertEquals(r.body.reservation.slot.id, a);
    assertEquals(r.body.ticket, { code, status: "ACTIVATED", orq: 1 });
    assertEquals(await slotState(s.db, a), {
      booked_count: 0,
      held_count: 0,
      status: "ACTIVE",
    });
    const [row] = await s.db.query<{ status: string; cancelled_by: string }>(
      "SELECT status, cancelled_by FROM ticket_reservations WHERE id = $1",
      [id],
    );
    assertEquals(row, { status: "CANCELLED", cancelled_by: "staff" });
    assertEquals(await mailKinds(s.db, id), [
      "reservation.confirmation",
      "reservation.cancelled",
    ]);
    const [entry] = await s.db.query<
      // deno-lint-ignore no-explicit-any
      { action: string; target_id: string; before: any; after: any }
    >(
      "SELECT action, target_id, before::text AS before, after::text AS after FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    entry.before = JSON.parse(entry.before);
    entry.after = JSON.parse(entry.after);
    assertEquals(entry.action, "reservation.cancelled");
    assertEquals(entry.target_id, String(id));
    assertEquals(entry.before.status, "RESERVED");
    assertEquals(entry.after.status, "CANCELLED");
    await assertConsistent(s.db);

    // Lookup, QR and calendar of the cancelled reservation: 404.
    for (
      const path of [
        `/api/reservations/lookup?code=${code}`,
        booked.qr.svg_url,
        booked.qr.png_url,
        booked.calendar_url,
      ]
    ) {
      const res = await get(s.url, path);
      assertEquals(
        [res.status, res.body?.error?.code],
        [404, "RESERVATION_NOT_FOUND"],
        path,
      );
    }
    // The ticket is eligible again and books the freed place.
    const check = await post(s.url, "/api/tickets/validate", {
      ticket_code: code,
    });
    assertEquals(check.status, 200);
    const again = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(code, a),
    );
    assertEquals(again.status, 201, JSON.stringify(again.body));
    assert(again.body.reservation.id !== id);
    assertEquals((await slotState(s.db, a)).status, "FULL");
    const lookup = await get(s.url, `/api/reservations/lookup?code=${code}`);
    assertEquals(lookup.body.reservation.id, again.body.reservation.id);
    await assertConsistent(s.db);

    // The new reservation can be cancelled too; the ticket then has two
    // cancelled rows and books a third time.
    assertEquals(
      (await change(s.url, again.body.reservation.id, "cancel", boss)).status,
      200,
    );
    const third = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(code, a),
    );
    assertEquals(third.status, 201);
    await assertConsistent(s.db);
  },
);

testEachEngine(
  "cancelling in a closed slot keeps it CLOSED; the body must be {}",
  async (s) => {
    const { boss } = await managerRoutePrincipals(s);
    const a = await tomorrow(s, "12:00", 3);
    const id = (await book(s, a)).reservation.id;
    await s.db.query(
      "UPDATE reservation_slots SET status = 'CLOSED' WHERE id = $1",
      [a],
    );
    await refusedUnchanged(
      s,
      () => change(s.url, id, "cancel", boss, { reason: "x" }),
      400,
      "VALIDATION_FAILED",
    );
    assertEquals((await change(s.url, id, "cancel", boss)).status, 200);
    assertEquals(await slotState(s.db, a), {
      booked_count: 0,
      held_count: 0,
      status: "CLOSED",
    });
    await assertConsistent(s.db);
  },
);

testEachEngine(
  "resend queues the confirmation again for RESERVED and VERIFIED ones (202), with an audit entry",
  async (s) => {
    const { boss, door } = await managerRoutePrincipals(s);
    const a = await tomorrow(s, "12:00");
    const booked = await book(s, a);
    const id = booked.reservation.id;
    const audit = await auditCount(s.db);
    const r = await change(s.url, id, "resend", boss);
    assertEquals(r.status, 202, JSON.stringify(r.body));
    assertEquals(r.body, { reservation_id: id, queued: "confirmation" });
    assertEquals(await mailKinds(s.db, id), [
      "reservation.confirmation",
      "reservation.confirmation",
    ]);
    assertEquals(await auditCount(s.db), audit + 1);
    const [entry] = await s.db.query<{ action: string }>(
      "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    assertEquals(entry.action, "reservation.resent");
    await refusedUnchanged(
      s,
      () => change(s.url, id, "resend", boss, { x: 1 }),
      400,
      "VALIDATION_FAILED",
    );

    const today = await s.db.query<{ id: number }>(
      `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
       VALUES (1, '2026-11-26', '10:05', '10:30', 5) RETURNING id`,
    );
    const verified = await book(s, today[0].id);
    assertEquals(
      (await post(s.url, "/api/operator/verify-ticket", {
        code: verified.reservation.ticket_code,
      }, door)).status,
      200,
    );
    assertEquals(
      (await change(s.url, verified.reservation.id, "resend", boss)).status,
      202,
    );
    const expiring = await book(s, today[0].id);
    s.clock.set("2026-11-26T10:45:00Z");
    await expireDue(s.db, { instant: s.clock() });
    await refusedUnchanged(
      s,
      () => change(s.url, expiring.reservation.id, "resend", boss),
      410,
      "TICKET_EXPIRED",
    );
    await assertConsistent(s.db);
  },
);

testEachEngine(
  "staff changes spend the staff member's reservation-change limit",
  async (s) => {
    const { boss, admin } = await managerRoutePrincipals(s);
    const a = await tomorrow(s, "12:00");
    const id = (await book(s, a)).reservation.id;
    for (let i = 0; i < 2; i++) {
      assertEquals((await change(s.url, id, "resend", boss)).status, 202);
    }
    const r = await refusedUnchanged(
      s,
      () => change(s.url, id, "resend", boss),
      429,
      "RATE_LIMITED",
    );
    assert(Number(r.headers.get("retry-after")) >= 1);
    // Counted per staff member: another one is not throttled.
    assertEquals((await change(s.url, id, "resend", admin)).status, 202);
  },
  { env: { RATE_LIMIT_RESERVE_PER_MIN: "2" } },
);
