/**
 * The waitlist (API.md "Customer self-service"): joining and its refusals,
 * freed places held for the entries that fit in join order, claiming (once,
 * again, too late, a ticket no longer reservable), leaving, and expiry
 * passing the hold on. waitlist_slots_test.ts: slots about to start, closed
 * or deleted; the mail; rate limits.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  call,
  post,
  seedSlot,
  seedTickets,
  staffToken,
} from "../helpers/api.ts";
import { book, slotState, tomorrow } from "../helpers/staff_changes.ts";
import { cancel, reschedule } from "../helpers/customer_changes.ts";
import {
  assertWaitlistConsistent,
  claim,
  entryStates,
  fullSlot,
  join,
  leave,
  offerToken,
  waitlistMails,
} from "../helpers/waitlist.ts";
import { passWaitlists } from "../../db/waitlist_expiry.ts";
import {
  waitlistClaimed,
  waitlistJoined,
} from "../../routes/openapi/waitlist_operations.ts";

testEachEngine(
  "joining: positions in join order and every refusal",
  async (s) => {
    const { slot } = await fullSlot(s, 1);
    const [a, b, c, d] = await seedTickets(s.db, 4);
    const first = await join(s, [a], slot, "a@example.com", { locale: "de" });
    assertEquals(first.status, 201, JSON.stringify(first.body));
    assertEquals(first.body.waitlist.position, 1);
    assertEquals(first.body.waitlist.slot, {
      id: slot,
      date: "2026-11-27",
      start_time: "12:00",
      end_time: "13:00",
    });
    const second = await join(s, [b, c], slot, "b@example.com");
    assertEquals([second.status, second.body.waitlist.position], [201, 2]);

    const code = (r: { status: number; body: { error?: { code: string } } }) =>
      `${r.status} ${r.body.error?.code}`;
    const again = await join(s, [d, a], slot);
    assertEquals(code(again), "409 ALREADY_WAITLISTED");
    assertEquals(again.body.error.details.ticket_code, a);
    assertEquals(code(await join(s, [d, d], slot)), "400 VALIDATION_FAILED");
    assertEquals(code(await join(s, [], slot)), "400 VALIDATION_FAILED");
    const [pending] = await seedTickets(s.db, 1, { status: "PENDING_PAYMENT" });
    const notPaid = await join(s, [d, pending], slot);
    assertEquals(code(notPaid), "409 TICKET_NOT_ACTIVATED");
    assertEquals(notPaid.body.error.details.ticket_code, pending);
    assertEquals(
      code(await join(s, ["ZZZZZZZZZZZZZZZZ"], slot)),
      "404 TICKET_NOT_FOUND",
    );
    assertEquals(code(await join(s, [d], 999999)), "404 SLOT_NOT_FOUND");
    const roomy = await tomorrow(s, "15:00", 5);
    const notFull = await join(s, [d], roomy);
    assertEquals(code(notFull), "409 SLOT_NOT_FULL");
    assertEquals(notFull.body.error.details.available_count, 5);
    // A group larger than what is free may wait.
    const [e1, e2, e3, e4, e5, e6] = await seedTickets(s.db, 6);
    assertEquals(
      (await join(s, [e1, e2, e3, e4, e5, e6], roomy)).status,
      201,
    );
    const closed = await tomorrow(s, "16:00", 1, { status: "CLOSED" });
    assertEquals(code(await join(s, [d], closed)), "409 SLOT_CLOSED");
    // Starts within waitlist_offer_minutes (30) of now (10:00 UTC).
    const soon = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "10:20",
      end: "11:00",
      capacity: 1,
    });
    await book(s, soon);
    assertEquals(code(await join(s, [d], soon)), "409 SLOT_IN_PAST");
    assertEquals(await entryStates(s.db, slot), [
      `${first.body.waitlist.id} WAITING`,
      `${second.body.waitlist.id} WAITING`,
    ]);
    await assertWaitlistConsistent(s.db);
  },
);

testEachEngine(
  "a cancelled place is held for the first entry that fits; its claim books it, a second claim answers the same",
  async (s) => {
    const { slot, codes } = await fullSlot(s, 2);
    const [g1, g2, one] = await seedTickets(s.db, 3);
    const group = await join(s, [g1, g2], slot, "group@example.com");
    const single = await join(s, [one], slot, "single@example.com");
    // The answers as the OpenAPI document describes them.
    assert(waitlistJoined.safeParse(group.body).success);
    const groupId = group.body.waitlist.id;
    const singleId = single.body.waitlist.id;

    // One place frees: the group does not fit, the single entry behind it does.
    assertEquals((await cancel(s, codes[0], "guest0@example.com")).status, 200);
    assertEquals(await slotState(s.db, slot), {
      booked_count: 1,
      held_count: 1,
      status: "FULL",
    });
    assertEquals(await entryStates(s.db, slot), [
      `${groupId} WAITING`,
      `${singleId} OFFERED`,
    ]);
    // Held means not for sale.
    const [other] = await seedTickets(s.db, 1);
    const direct = await post(s.url, "/api/reservations/create", {
      ticket_code: other,
      slot_id: slot,
      customer_email: "x@example.com",
      customer_phone: "+31612345678",
    });
    assertEquals(direct.body.error?.code, "SLOT_FULL");
    const token = await offerToken(s.db, singleId);
    assert(token && token.length >= 43, "a 256-bit token in the offer mail");
    const [{ token_hash }] = await s.db.query<{ token_hash: string }>(
      "SELECT token_hash FROM waitlist_offers WHERE entry_id = $1",
      [singleId],
    );
    assert(token_hash !== token && /^[0-9a-f]{64}$/.test(token_hash));

    assertEquals(
      (await claim(s, "not-a-token")).body.error.code,
      "OFFER_NOT_FOUND",
    );
    const claimed = await claim(s, token!);
    assertEquals(claimed.status, 201, JSON.stringify(claimed.body));
    assertEquals(claimed.body.reservations.length, 1);
    assert(waitlistClaimed.safeParse(claimed.body).success);
    const r = claimed.body.reservations[0].reservation;
    assertEquals(
      [r.ticket_code, r.status, r.customer_email, r.customer_phone, r.slot.id],
      [one, "RESERVED", "single@example.com", "+31611112222", slot],
    );
    assertEquals(await slotState(s.db, slot), {
      booked_count: 2,
      held_count: 0,
      status: "FULL",
    });
    const twice = await claim(s, token!);
    assertEquals(twice.status, 200);
    assertEquals(twice.body.reservations, claimed.body.reservations);
    assertEquals(await entryStates(s.db, slot), [
      `${groupId} WAITING`,
      `${singleId} CLAIMED`,
    ]);

    // One more place frees and the capacity grows by one: the group's turn.
    assertEquals((await cancel(s, codes[1], "guest1@example.com")).status, 200);
    assertEquals((await slotState(s.db, slot)).held_count, 0);
    const admin = await staffToken(s, "boss", "ADMIN");
    const raised = await call(
      s.url,
      "PATCH",
      `/api/reservation-slots/${slot}`,
      {
        json: { total_capacity: 3 },
        token: admin,
      },
    );
    assertEquals(raised.status, 200, JSON.stringify(raised.body));
    assertEquals(
      [raised.body.held_count, raised.body.waitlist_count, raised.body.status],
      [2, 1, "FULL"],
    );
    const groupClaim = await claim(s, (await offerToken(s.db, groupId))!);
    assertEquals(groupClaim.status, 201);
    assertEquals(
      groupClaim.body.reservations.map(
        (x: { reservation: { ticket_code: string } }) =>
          x.reservation.ticket_code,
      ),
      [g1, g2],
    );
    assertEquals(await waitlistMails(s.db), [
      `waitlist.offer ${singleId}`,
      `waitlist.offer ${groupId}`,
    ]);
    await assertWaitlistConsistent(s.db);
  },
);

testEachEngine(
  "an ended hold passes on: the job (or a late claim) releases it, 410, the next entry is offered",
  async (s) => {
    const { slot, codes } = await fullSlot(s, 1);
    const [a, b, c] = await seedTickets(s.db, 3);
    const ea = (await join(s, [a], slot, "a@example.com")).body.waitlist.id;
    const eb = (await join(s, [b], slot, "b@example.com")).body.waitlist.id;
    const ec = (await join(s, [c], slot, "c@example.com")).body.waitlist.id;
    await cancel(s, codes[0], "guest0@example.com");
    const [offer] = await s.db.query<{ expires_at: Date }>(
      "SELECT expires_at FROM waitlist_offers WHERE entry_id = $1",
      [ea],
    );
    assertEquals(
      new Date(offer.expires_at).toISOString(),
      "2026-11-26T10:30:00.000Z",
    );
    // Not yet over: the job changes nothing.
    s.clock.advance(29 * 60_000);
    assertEquals((await passWaitlists(s.db, s.clock())).expired, 0);
    // Over: the job ends it and offers the place to b.
    s.clock.advance(60_000);
    const pass = await passWaitlists(s.db, s.clock());
    assertEquals([pass.expired, pass.offered], [1, 1]);
    assertEquals(await entryStates(s.db, slot), [
      `${ea} EXPIRED`,
      `${eb} OFFERED`,
      `${ec} WAITING`,
    ]);
    const late = await claim(s, (await offerToken(s.db, ea))!);
    assertEquals([late.status, late.body.error.code], [410, "OFFER_EXPIRED"]);
    // b's hold ends and b claims before the job runs: 410, and c is offered.
    s.clock.advance(30 * 60_000);
    const tooLate = await claim(s, (await offerToken(s.db, eb))!);
    assertEquals([tooLate.status, tooLate.body.error.code], [
      410,
      "OFFER_EXPIRED",
    ]);
    assertEquals(await entryStates(s.db, slot), [
      `${ea} EXPIRED`,
      `${eb} EXPIRED`,
      `${ec} OFFERED`,
    ]);
    assertEquals(await waitlistMails(s.db), [
      `waitlist.offer ${ea}`,
      `waitlist.expired ${ea}`,
      `waitlist.offer ${eb}`,
      `waitlist.expired ${eb}`,
      `waitlist.offer ${ec}`,
    ]);
    // a's ticket may join again (its entry is over).
    assertEquals((await join(s, [a], slot)).status, 201);
    await assertWaitlistConsistent(s.db);
  },
);

testEachEngine(
  "a ticket no longer reservable at the claim: its code, and the hold passes on",
  async (s) => {
    const { slot, codes } = await fullSlot(s, 1);
    const [a, b] = await seedTickets(s.db, 2);
    const ea = (await join(s, [a], slot)).body.waitlist.id;
    const eb = (await join(s, [b], slot)).body.waitlist.id;
    await cancel(s, codes[0], "guest0@example.com");
    // a's ticket is booked elsewhere meanwhile.
    const elsewhere = await tomorrow(s, "17:00", 5);
    const booked = await post(s.url, "/api/reservations/create", {
      ticket_code: a,
      slot_id: elsewhere,
      customer_email: "a@example.com",
      customer_phone: "+31612345678",
    });
    assertEquals(booked.status, 201);
    const r = await claim(s, (await offerToken(s.db, ea))!);
    assertEquals(
      [r.status, r.body.error.code, r.body.error.details.ticket_code],
      [409, "TICKET_ALREADY_RESERVED", a],
    );
    assertEquals(await entryStates(s.db, slot), [
      `${ea} DROPPED`,
      `${eb} OFFERED`,
    ]);
    assertEquals((await slotState(s.db, slot)).held_count, 1);
    // Entries whose tickets are not all ACTIVATED are dropped when offered.
    await assertWaitlistConsistent(s.db);
  },
);

testEachEngine(
  "leaving: 204 with any of its codes, its hold passes on; else 404",
  async (s) => {
    const { slot, codes } = await fullSlot(s, 1);
    const [a1, a2, b] = await seedTickets(s.db, 3);
    const ea = (await join(s, [a1, a2], slot)).body.waitlist.id;
    const eb = (await join(s, [b], slot)).body.waitlist.id;
    assertEquals((await leave(s, ea, b)).body.error.code, "WAITLIST_NOT_FOUND");
    assertEquals(
      (await leave(s, 424242, b)).body.error.code,
      "WAITLIST_NOT_FOUND",
    );
    await cancel(s, codes[0], "guest0@example.com");
    // a does not fit (2 > 1): b holds the place; b leaves, nobody fits.
    assertEquals(await entryStates(s.db, slot), [
      `${ea} WAITING`,
      `${eb} OFFERED`,
    ]);
    assertEquals((await leave(s, eb, b)).status, 204);
    assertEquals((await leave(s, eb, b)).status, 404);
    assertEquals(await slotState(s.db, slot), {
      booked_count: 0,
      held_count: 0,
      status: "ACTIVE",
    });
    assertEquals((await leave(s, ea, a2)).status, 204);
    assertEquals(await entryStates(s.db, slot), [`${ea} LEFT`, `${eb} LEFT`]);
    await assertWaitlistConsistent(s.db);
  },
);

testEachEngine(
  "a reschedule or a staff move away frees the place for the waitlist in the same change",
  async (s) => {
    const { slot, codes } = await fullSlot(s, 2);
    const other = await tomorrow(s, "15:00", 5);
    const [a, b] = await seedTickets(s.db, 2);
    const ea = (await join(s, [a], slot)).body.waitlist.id;
    const eb = (await join(s, [b], slot)).body.waitlist.id;
    const moved = await reschedule(s, codes[0], "guest0@example.com", other);
    assertEquals(moved.status, 200, JSON.stringify(moved.body));
    assertEquals(await entryStates(s.db, slot), [
      `${ea} OFFERED`,
      `${eb} WAITING`,
    ]);
    const manager = await staffToken(s, "boss", "MANAGER");
    const [{ id }] = await s.db.query<{ id: number }>(
      `SELECT r.id FROM ticket_reservations r JOIN tickets t ON t.id = r.ticket_id
        WHERE t.code = $1`,
      [codes[1]],
    );
    const staffMove = await call(
      s.url,
      "POST",
      `/api/reservations/${id}/move`,
      {
        json: { slot_id: other },
        token: manager,
      },
    );
    assertEquals(staffMove.status, 200, JSON.stringify(staffMove.body));
    assertEquals(await entryStates(s.db, slot), [
      `${ea} OFFERED`,
      `${eb} OFFERED`,
    ]);
    assertEquals(await slotState(s.db, slot), {
      booked_count: 0,
      held_count: 2,
      status: "FULL",
    });
    await assertWaitlistConsistent(s.db);
  },
);
