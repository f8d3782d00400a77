/**
 * The customer cancelling their booking (API.md "Customer self-service"):
 * the answer, the place returned, the row kept, audit, mail, and every
 * refusal in the contract's order.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { get, post, reservationBody, seedTickets } from "../helpers/api.ts";
import { withReceiver, workerFor } from "../helpers/mail.ts";
import { parseMail } from "../helpers/mime.ts";
import {
  assertConsistent,
  book,
  mailKinds,
  refusedUnchanged,
  slotState,
  tomorrow,
} from "../helpers/staff_changes.ts";
import {
  cancel,
  lastAudit,
  markReservation,
  setSettings,
} from "../helpers/customer_changes.ts";

testEachEngine(
  "a customer cancels: the ticket is ACTIVATED again, the place returns, the row stays, audit",
  async (s) => {
    const a = await tomorrow(s, "12:00", 1);
    const booked = await book(s, a, "Ada@Example.com");
    const code = booked.reservation.ticket_code;
    const id = booked.reservation.id;
    assertEquals((await slotState(s.db, a)).status, "FULL");

    const r = await cancel(s, code, "ada@example.com");
    assertEquals(r.status, 200, JSON.stringify(r.body));
    assertEquals(r.body, { ticket: { code, status: "ACTIVATED", orq: 1 } });
    assertEquals(await slotState(s.db, a), {
      booked_count: 0,
      held_count: 0,
      status: "ACTIVE",
    });
    const [row] = await s.db.query<
      { status: string; cancelled_by: string; cancelled_at: Date }
    >(
      "SELECT status, cancelled_by, cancelled_at FROM ticket_reservations WHERE id = $1",
      [id],
    );
    assertEquals(
      [row.status, row.cancelled_by, new Date(row.cancelled_at).toISOString()],
      ["CANCELLED", "customer", "2026-11-26T10:00:00.000Z"],
    );
    const audit = await lastAudit(s.db);
    assertEquals(
      [audit.action, audit.actor_kind, audit.target_id, audit.after],
      ["reservation.cancelled", "customer", String(id), {
        status: "CANCELLED",
        cancelled_by: "customer",
      }],
    );
    assertEquals(await mailKinds(s.db, id), [
      "reservation.confirmation",
      "reservation.cancelled",
    ]);
    await assertConsistent(s.db);

    // Gone for lookup and links; the ticket books anew; cancelling again: none.
    const lookup = await get(s.url, `/api/reservations/lookup?code=${code}`);
    assertEquals(lookup.status, 404);
    assertEquals((await get(s.url, booked.qr.svg_url)).status, 404);
    await refusedUnchanged(
      s,
      () => cancel(s, code, "ada@example.com"),
      409,
      "TICKET_NOT_RESERVED",
    );
    const again = await post(s.url, "/api/reservations/create", {
      ...reservationBody(code, a),
      customer_email: "ada@example.com",
    });
    assertEquals(again.status, 201, JSON.stringify(again.body));
    await assertConsistent(s.db);
  },
);

testEachEngine(
  "refusals come in the contract's order: input, ticket, email, reservation, status, cut-off",
  async (s) => {
    const a = await tomorrow(s, "12:00", 5);
    const booked = await book(s, a, "ada@example.com");
    const code = booked.reservation.ticket_code;
    const email = "ada@example.com";
    const bad = await refusedUnchanged(
      s,
      () =>
        post(s.url, "/api/reservations/cancel", {
          ticket_code: code,
          customer_email: email,
          slot_id: a,
        }),
      400,
      "VALIDATION_FAILED",
    );
    assert(bad.body.error.details.fields, JSON.stringify(bad.body));
    await refusedUnchanged(
      s,
      () => post(s.url, "/api/reservations/cancel", { ticket_code: code }),
      400,
      "VALIDATION_FAILED",
    );
    await refusedUnchanged(
      s,
      () => cancel(s, "ZZZZ-ZZZZ-ZZZZ-ZZZZ", email),
      404,
      "TICKET_NOT_FOUND",
    );
    // Another email: even a VERIFIED booking past its cut-off says nothing.
    await setSettings(s, { change_cutoff_hours: null });
    await markReservation(s.db, booked.reservation.id, "VERIFIED");
    await refusedUnchanged(
      s,
      () => cancel(s, code, "eve@example.com"),
      404,
      "RESERVATION_NOT_FOUND",
    );
    const [unbooked] = await seedTickets(s.db, 1);
    await refusedUnchanged(
      s,
      () => cancel(s, unbooked, email),
      409,
      "TICKET_NOT_RESERVED",
    );
    await markReservation(s.db, booked.reservation.id, "EXPIRED");
    await refusedUnchanged(
      s,
      () => cancel(s, code, email),
      410,
      "TICKET_EXPIRED",
    );
    await markReservation(s.db, booked.reservation.id, "VERIFIED");
    await refusedUnchanged(
      s,
      () => cancel(s, code, email),
      409,
      "TICKET_ALREADY_VERIFIED",
    );
    const other = await book(s, a, "grace@example.com");
    const r = await refusedUnchanged(
      s,
      () => cancel(s, other.reservation.ticket_code, "grace@example.com"),
      409,
      "CHANGE_CUTOFF_PASSED",
    );
    assertEquals(r.body.error.details, { cutoff: null });
  },
);

testEachEngine(
  "the cut-off at the boundary: a millisecond before passes, the instant itself is refused",
  async (s) => {
    await setSettings(s, { change_cutoff_hours: 2 });
    const a = await tomorrow(s, "12:00", 5); // 2026-11-27T12:00Z
    const first = await book(s, a);
    const second = await book(s, a);
    s.clock.set("2026-11-27T10:00:00.000Z");
    const r = await refusedUnchanged(
      s,
      () => cancel(s, first.reservation.ticket_code, "ada@example.com"),
      409,
      "CHANGE_CUTOFF_PASSED",
    );
    assertEquals(r.body.error.details, { cutoff: "2026-11-27T10:00:00.000Z" });
    s.clock.set("2026-11-27T09:59:59.999Z");
    const ok = await cancel(
      s,
      second.reservation.ticket_code,
      "ada@example.com",
    );
    assertEquals(ok.status, 200, JSON.stringify(ok.body));
    assertEquals((await slotState(s.db, a)).booked_count, 1);
    await assertConsistent(s.db);
  },
);

testEachEngine(
  "the customer gets the cancellation mail; the unsent confirmation is skipped",
  (s) =>
    withReceiver(async (rx) => {
      const a = await tomorrow(s, "12:00");
      const booked = await book(s, a, "alan@example.com");
      const r = await cancel(
        s,
        booked.reservation.ticket_code,
        "ALAN@example.com",
      );
      assertEquals(r.status, 200, JSON.stringify(r.body));
      const worker = workerFor(s, rx);
      assertEquals(await worker.drain(), { claimed: 1, sent: 1, failed: 0 });
      await worker.stop();
      assertEquals(rx.messages.length, 1);
      assertEquals(rx.messages[0].to, ["alan@example.com"]);
      const text = parseMail(rx.messages[0].raw).parts.find((p) =>
        p.type === "text/plain"
      )!.text;
      assert(text.includes("has been cancelled"), text);
      assert(text.includes("12:00–13:00"), text);
    }),
);

testEachEngine(
  "cancel spends the address's reservation-change limit",
  async (s) => {
    const a = await tomorrow(s, "12:00");
    const booked = await book(s, a); // one token
    const code = booked.reservation.ticket_code;
    assertEquals((await cancel(s, code, "eve@example.com")).status, 404);
    const r = await cancel(s, code, "ada@example.com");
    assertEquals([r.status, r.body.error?.code], [429, "RATE_LIMITED"]);
    assert(Number(r.headers.get("retry-after")) >= 1);
    assertEquals((await slotState(s.db, a)).booked_count, 1);
  },
  { env: { RATE_LIMIT_RESERVE_PER_MIN: "2" } },
);
