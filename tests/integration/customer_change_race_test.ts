/**
 * Customers rescheduling at once, and racing other customers' bookings, on
 * PostgreSQL: no deadlock ever reaches a client, never overbooked, every
 * count equal to the live rows.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import {
  post,
  type Reply,
  reservationBody,
  seedTickets,
} from "../helpers/api.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import {
  bookAtOnce,
  liveRows,
  onPostgres,
  pause,
  tally,
} from "../helpers/change_races.ts";
import { slotState, tomorrow } from "../helpers/staff_changes.ts";
import { cancel, reschedule } from "../helpers/customer_changes.ts";

/** The email reservationBody books with. */
const EMAIL = "visitor@example.com";

function onlyAmong(replies: Reply[], allowed: string[]) {
  const t = tally(replies);
  for (const key of Object.keys(t)) {
    assert(allowed.includes(key), JSON.stringify(t));
  }
  return t;
}

Deno.test("race: customers reschedule A→B and B→A at once: no deadlock reaches a client, counts exact", () =>
  onPostgres(async (s) => {
    const a = await tomorrow(s, "14:00", 45);
    const b = await tomorrow(s, "16:00", 45);
    const fromA = (await bookAtOnce(s, a, 40)).codes;
    const fromB = (await bookAtOnce(s, b, 40)).codes;
    const jobs = fromA.flatMap((code, i) => [
      () => reschedule(s, code, EMAIL, b),
      () => reschedule(s, fromB[i], EMAIL, a),
    ]);
    const replies = await Promise.all(jobs.map((job) => job()));
    onlyAmong(replies, ["200", "409 SLOT_FULL"]);
    const movedAB = replies.filter((r, i) => i % 2 === 0 && r.status === 200)
      .length;
    const movedBA = replies.filter((r, i) => i % 2 === 1 && r.status === 200)
      .length;
    // Each side had 5 free places, plus those the other side gave back.
    assert(movedAB >= 5 && movedBA >= 5, `${movedAB}, ${movedBA}`);
    const sa = await slotState(s.db, a);
    const sb = await slotState(s.db, b);
    assertEquals(sa.booked_count, 40 - movedAB + movedBA);
    assertEquals(sb.booked_count, 40 - movedBA + movedAB);
    assert(sa.booked_count <= 45 && sb.booked_count <= 45);
    assertEquals(await liveRows(s, a), sa.booked_count);
    assertEquals(await liveRows(s, b), sb.booked_count);
    assertEquals(await brokenInvariants(s.db), []);
    const [{ bumped }] = await s.db.query<{ bumped: number }>(
      "SELECT count(*)::int AS bumped FROM ticket_reservations WHERE version = 2",
    );
    assertEquals(bumped, movedAB + movedBA);
    console.log(`  A→B ${movedAB}, B→A ${movedBA}`);
  }));

Deno.test("race: one pair swapping A→B and B→A over and over never deadlocks", () =>
  onPostgres(async (s) => {
    const a = await tomorrow(s, "14:00", 1);
    const b = await tomorrow(s, "16:00", 2);
    const [x] = (await bookAtOnce(s, a, 1)).codes;
    const [y] = (await bookAtOnce(s, b, 1)).codes;
    // x and y cross 20 times; B always has a free place for x, A one for y
    // only once x has left it.
    for (let round = 0; round < 20; round++) {
      const there = round % 2 === 0;
      const replies = await Promise.all([
        reschedule(s, x, EMAIL, there ? b : a),
        reschedule(s, y, EMAIL, there ? a : b),
      ]);
      onlyAmong(replies, ["200", "409 SLOT_FULL"]);
      assertEquals(await brokenInvariants(s.db), []);
      const sa = await slotState(s.db, a);
      assert(sa.booked_count <= 1, JSON.stringify(sa));
    }
  }));

Deno.test("race: reschedules into a nearly full slot with a stampede of creates: exact counts, never overbooked", () =>
  onPostgres(async (s) => {
    const from = await tomorrow(s, "14:00", 60);
    const target = await tomorrow(s, "12:00", 30);
    await bookAtOnce(s, target, 25);
    const movers = (await bookAtOnce(s, from, 40)).codes;
    const buyers = await seedTickets(s.db, 120);
    const moves = movers.map((code) => async () => {
      await pause(300);
      return await reschedule(s, code, EMAIL, target);
    });
    const creates = buyers.map((code) => async () => {
      await pause(1_000);
      return await post(
        s.url,
        "/api/reservations/create",
        reservationBody(code, target),
      );
    });
    const [moveReplies, createReplies] = await Promise.all([
      Promise.all(moves.map((job) => job())),
      Promise.all(creates.map((job) => job())),
    ]);
    const mt = onlyAmong(moveReplies, ["200", "409 SLOT_FULL"]);
    const ct = onlyAmong(createReplies, ["201", "409 SLOT_FULL"]);
    const moved = mt["200"] ?? 0;
    const created = ct["201"] ?? 0;
    // 160 asked for the last 5 places: all taken, none twice.
    assertEquals(moved + created, 5);
    const st = await slotState(s.db, target);
    assertEquals(st, { booked_count: 30, held_count: 0, status: "FULL" });
    assertEquals((await slotState(s.db, from)).booked_count, 40 - moved);
    assertEquals(await liveRows(s, target), 30);
    assertEquals(await liveRows(s, from), 40 - moved);
    assertEquals(await brokenInvariants(s.db), []);
    // A refused reschedule kept its booking where it was, version 1.
    const [{ stayed }] = await s.db.query<{ stayed: number }>(
      `SELECT count(*)::int AS stayed FROM ticket_reservations
        WHERE slot_id = $1 AND version = 1 AND status = 'RESERVED'`,
      [from],
    );
    assertEquals(stayed, 40 - moved);
    console.log(`  moved ${moved}, created ${created}`);
  }));

Deno.test("race: customers cancel a full slot's bookings while others stampede it: each freed place taken once", () =>
  onPostgres(async (s) => {
    const slot = await tomorrow(s, "14:00", 40);
    const booked = (await bookAtOnce(s, slot, 40)).codes;
    const buyers = await seedTickets(s.db, 100);
    const cancels = booked.slice(0, 20).map((code) => async () => {
      await pause(300);
      return await cancel(s, code, EMAIL);
    });
    const creates = buyers.map((code) => async () => {
      await pause(1_000);
      return await post(
        s.url,
        "/api/reservations/create",
        reservationBody(code, slot),
      );
    });
    const [cancelReplies, createReplies] = await Promise.all([
      Promise.all(cancels.map((job) => job())),
      Promise.all(creates.map((job) => job())),
    ]);
    assertEquals(tally(cancelReplies), { "200": 20 });
    const created = onlyAmong(createReplies, ["201", "409 SLOT_FULL"])["201"] ??
      0;
    assert(created <= 20, `${created} customers got 20 freed places`);
    const st = await slotState(s.db, slot);
    assertEquals(st.booked_count, 20 + created);
    assertEquals(await liveRows(s, slot), 20 + created);
    assertEquals(await brokenInvariants(s.db), []);
    console.log(`  customers got ${created} of 20 freed places`);
  }));

Deno.test("race: the same booking rescheduled and cancelled at once: one consistent outcome", () =>
  onPostgres(async (s) => {
    const a = await tomorrow(s, "14:00", 30);
    const b = await tomorrow(s, "16:00", 30);
    const codes = (await bookAtOnce(s, a, 20)).codes;
    const replies = await Promise.all(
      codes.flatMap((code) => [
        reschedule(s, code, EMAIL, b),
        cancel(s, code, EMAIL),
      ]),
    );
    const moved = replies.filter((r, i) => i % 2 === 0 && r.status === 200)
      .length;
    // Whichever came second found the ticket's lock released: a cancel after
    // a reschedule still cancels (200), a reschedule after a cancel finds no
    // booking (409 TICKET_NOT_RESERVED).
    onlyAmong(replies, ["200", "409 TICKET_NOT_RESERVED"]);
    assertEquals(
      replies.filter((r, i) => i % 2 === 1 && r.status === 200).length,
      20,
    );
    assertEquals((await slotState(s.db, a)).booked_count, 0);
    assertEquals((await slotState(s.db, b)).booked_count, 0);
    assertEquals(await brokenInvariants(s.db), []);
    const [{ n }] = await s.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ticket_reservations
        WHERE status = 'CANCELLED' AND cancelled_by = 'customer'`,
    );
    assertEquals(n, 20);
    console.log(`  ${moved} moved before their cancellation`);
  }));
