/**
 * The customer rescheduling their booking (API.md "Customer self-service"):
 * the answer, versions and links, counts, audit, mail, and every refusal in
 * the contract's order.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { get, seedSlot, seedTickets } from "../helpers/api.ts";
import { stateFingerprint } from "../helpers/state.ts";
import { withReceiver, workerFor } from "../helpers/mail.ts";
import { parseMail } from "../helpers/mime.ts";
import {
  assertConsistent,
  auditCount,
  book,
  mailKinds,
  refusedUnchanged,
  slotState,
  tomorrow,
} from "../helpers/staff_changes.ts";
import {
  lastAudit,
  markReservation,
  reschedule,
  setSettings,
} from "../helpers/customer_changes.ts";

testEachEngine(
  "a customer reschedules: same id, new slot and version, old links dead, counts, audit, mail",
  async (s) => {
    const a = await tomorrow(s, "12:00", 1);
    const b = await tomorrow(s, "15:00", 2);
    const booked = await book(s, a, "Ada.Lovelace@Example.com");
    const code = booked.reservation.ticket_code;
    const id = booked.reservation.id;

    // The email in another case is the same credential.
    const r = await reschedule(s, code, "ada.lovelace@example.COM", b);
    assertEquals(r.status, 200, JSON.stringify(r.body));
    assertEquals(r.body.reservation.id, id);
    assertEquals(r.body.reservation.status, "RESERVED");
    assertEquals(r.body.reservation.customer_email, "Ada.Lovelace@Example.com");
    assertEquals(r.body.reservation.slot, {
      id: b,
      date: "2026-11-27",
      start_time: "15:00",
      end_time: "16:00",
    });
    assertEquals(Object.keys(r.body).sort(), [
      "calendar_url",
      "organization",
      "qr",
      "reservation",
      "ticket_url",
    ]);
    assertEquals(await slotState(s.db, a), {
      booked_count: 0,
      held_count: 0,
      status: "ACTIVE",
    });
    assertEquals((await slotState(s.db, b)).booked_count, 1);
    await assertConsistent(s.db);

    // Version 2: the old QR and calendar links open nothing any more.
    assert(r.body.qr.svg_url.endsWith("&v=2"), r.body.qr.svg_url);
    for (const old of [booked.qr.svg_url, booked.calendar_url]) {
      assertEquals((await get(s.url, old)).status, 404);
    }
    assertEquals((await get(s.url, r.body.qr.svg_url)).status, 200);

    assertEquals(await mailKinds(s.db, id), [
      "reservation.confirmation",
      "reservation.moved",
    ]);
    const audit = await lastAudit(s.db);
    assertEquals(
      [audit.action, audit.actor_kind, audit.target_id],
      ["reservation.moved", "customer", String(id)],
    );
    assertEquals(audit.after.slot_id, b);
    assertEquals(audit.after.version, 2);
  },
);

testEachEngine(
  "the same slot answers 200 and changes nothing",
  async (s) => {
    const a = await tomorrow(s, "12:00", 1);
    const booked = await book(s, a);
    const before = await stateFingerprint(s.db);
    const audits = await auditCount(s.db);
    const r = await reschedule(
      s,
      booked.reservation.ticket_code,
      "ada@example.com",
      a,
    );
    assertEquals(r.status, 200, JSON.stringify(r.body));
    assertEquals(r.body.reservation.id, booked.reservation.id);
    assertEquals(r.body.qr.svg_url, booked.qr.svg_url);
    assertEquals(await stateFingerprint(s.db), before);
    assertEquals(await auditCount(s.db), audits);
  },
);

testEachEngine(
  "refusals come in the contract's order: input, ticket, email, reservation, status, cut-off, target",
  async (s) => {
    const a = await tomorrow(s, "12:00", 5);
    const b = await tomorrow(s, "15:00", 5);
    const booked = await book(s, a, "ada@example.com");
    const code = booked.reservation.ticket_code;
    const email = "ada@example.com";
    const refused = (
      body: () => ReturnType<typeof reschedule>,
      status: number,
      errorCode: string,
    ) => refusedUnchanged(s, body, status, errorCode);

    // Input first: a malformed email even for an unknown code.
    const bad = await refused(
      () => reschedule(s, "NOPE", "not-an-email", b),
      400,
      "VALIDATION_FAILED",
    );
    assert(bad.body.error.details.fields.customer_email);
    await refused(
      () => reschedule(s, "ZZZZ-ZZZZ-ZZZZ-ZZZZ", email, b),
      404,
      "TICKET_NOT_FOUND",
    );
    // Another email: not found, before anything about the booking is told.
    await refused(
      () => reschedule(s, code, "eve@example.com", 999_999),
      404,
      "RESERVATION_NOT_FOUND",
    );
    const [unbooked] = await seedTickets(s.db, 1);
    await refused(
      () => reschedule(s, unbooked, email, b),
      409,
      "TICKET_NOT_RESERVED",
    );

    // EXPIRED, VERIFIED: before the cut-off (which has passed for both here).
    await setSettings(s, { change_cutoff_hours: null });
    await markReservation(s.db, booked.reservation.id, "EXPIRED");
    await refused(() => reschedule(s, code, email, b), 410, "TICKET_EXPIRED");
    await markReservation(s.db, booked.reservation.id, "VERIFIED");
    await refused(
      () => reschedule(s, code, email, b),
      409,
      "TICKET_ALREADY_VERIFIED",
    );

    // The cut-off before the target: null means customers never change.
    const other = await book(s, a, "grace@example.com");
    const other_code = other.reservation.ticket_code;
    const r = await refused(
      () => reschedule(s, other_code, "grace@example.com", 999_999),
      409,
      "CHANGE_CUTOFF_PASSED",
    );
    assertEquals(r.body.error.details, { cutoff: null });
    await setSettings(s, { change_cutoff_hours: 24 });

    // The target, as for create.
    const g = "grace@example.com";
    await refused(
      () => reschedule(s, other_code, g, 999_999),
      404,
      "SLOT_NOT_FOUND",
    );
    const closed = await tomorrow(s, "17:00", 5, { status: "CLOSED" });
    await refused(
      () => reschedule(s, other_code, g, closed),
      409,
      "SLOT_CLOSED",
    );
    const past = await seedSlot(s.db, {
      date: "2026-11-25",
      start: "10:00",
      end: "11:00",
    });
    await refused(
      () => reschedule(s, other_code, g, past),
      409,
      "SLOT_IN_PAST",
    );
  },
);

testEachEngine(
  "the cut-off: allowed until the slot's start − change_cutoff_hours, refused from that instant",
  async (s) => {
    // 12:00 in New York is 17:00Z; 24 h before: 2026-11-26T17:00Z.
    const a = await tomorrow(s, "12:00", 5);
    const b = await tomorrow(s, "15:00", 5);
    const booked = await book(s, a);
    const code = booked.reservation.ticket_code;
    s.clock.set("2026-11-26T17:00:00.000Z");
    const r = await refusedUnchanged(
      s,
      () => reschedule(s, code, "ada@example.com", b),
      409,
      "CHANGE_CUTOFF_PASSED",
    );
    assertEquals(r.body.error.details, { cutoff: "2026-11-26T17:00:00.000Z" });
    s.clock.set("2026-11-26T16:59:59.999Z");
    const ok = await reschedule(s, code, "ada@example.com", b);
    assertEquals(ok.status, 200, JSON.stringify(ok.body));
    // Now the cut-off is the new slot's: 15:00 New York = 20:00Z.
    s.clock.set("2026-11-26T20:00:00.000Z");
    const again = await refusedUnchanged(
      s,
      () => reschedule(s, code, "ada@example.com", a),
      409,
      "CHANGE_CUTOFF_PASSED",
    );
    assertEquals(again.body.error.details, {
      cutoff: "2026-11-26T20:00:00.000Z",
    });
    // 0 hours: until the start itself.
    await setSettings(s, { change_cutoff_hours: 0 });
    const zero = await reschedule(s, code, "ada@example.com", a);
    assertEquals(zero.status, 200, JSON.stringify(zero.body));
  },
  { timezone: "America/New_York" },
);

testEachEngine(
  "a full target answers SLOT_FULL with alternatives; beyond the horizon SLOT_BEYOND_HORIZON",
  async (s) => {
    const a = await tomorrow(s, "12:00", 5);
    const full = await tomorrow(s, "15:00", 1);
    const roomy = await tomorrow(s, "17:00", 5);
    await book(s, full, "grace@example.com");
    const booked = await book(s, a);
    const code = booked.reservation.ticket_code;
    const r = await refusedUnchanged(
      s,
      () => reschedule(s, code, "ada@example.com", full),
      409,
      "SLOT_FULL",
    );
    const ids = r.body.error.details.alternatives.map((x: { id: number }) =>
      x.id
    );
    assert(ids.includes(roomy), JSON.stringify(ids));
    assert(!ids.includes(full), JSON.stringify(ids));

    // Horizon 2 days from 2026-11-26: up to 2026-11-27.
    await setSettings(s, { booking_horizon_days: 2 });
    const far = await seedSlot(s.db, {
      date: "2026-11-28",
      start: "10:00",
      end: "11:00",
    });
    await refusedUnchanged(
      s,
      () => reschedule(s, code, "ada@example.com", far),
      409,
      "SLOT_BEYOND_HORIZON",
    );
    const ok = await reschedule(s, code, "ada@example.com", roomy);
    assertEquals(ok.status, 200, JSON.stringify(ok.body));
    await setSettings(s, { booking_horizon_days: 3 });
    const later = await reschedule(s, code, "ada@example.com", far);
    assertEquals(later.status, 200, JSON.stringify(later.body));
    await assertConsistent(s.db);
  },
);

testEachEngine(
  "the customer gets a 'your visit has moved' mail with the new version's links",
  (s) =>
    withReceiver(async (rx) => {
      const a = await tomorrow(s, "12:00");
      const b = await tomorrow(s, "15:00");
      const booked = await book(s, a, "grace@example.com");
      const worker = workerFor(s, rx);
      assertEquals((await worker.drain()).sent, 1);
      const moved = await reschedule(
        s,
        booked.reservation.ticket_code,
        "GRACE@example.com",
        b,
      );
      assertEquals(moved.status, 200, JSON.stringify(moved.body));
      assertEquals(await worker.drain(), { claimed: 1, sent: 1, failed: 0 });
      await worker.stop();
      assertEquals(rx.messages.length, 2);
      const mail = rx.messages[1];
      assertEquals(mail.to, ["grace@example.com"]);
      const text = parseMail(mail.raw).parts.find((p) =>
        p.type === "text/plain"
      )!.text;
      assert(text.includes("has moved"), text);
      assert(text.includes("15:00–16:00"), text);
      assert(text.includes(moved.body.qr.png_url), text);
      assert(!text.includes(booked.qr.png_url), text);
    }),
);

testEachEngine(
  "reschedule spends the address's reservation-change limit, with create",
  async (s) => {
    const a = await tomorrow(s, "12:00");
    const b = await tomorrow(s, "15:00");
    const booked = await book(s, a); // one token
    const code = booked.reservation.ticket_code;
    assertEquals((await reschedule(s, code, "ada@example.com", b)).status, 200);
    const r = await reschedule(s, code, "ada@example.com", a);
    assertEquals([r.status, r.body.error?.code], [429, "RATE_LIMITED"]);
    assert(Number(r.headers.get("retry-after")) >= 1);
  },
  { env: { RATE_LIMIT_RESERVE_PER_MIN: "2" } },
);
