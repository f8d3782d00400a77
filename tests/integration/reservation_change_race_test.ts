/**
 * Staff moves and cancellations racing customers' bookings on PostgreSQL,
 * many clients at once: never overbooked, every count equal to the live
 * rows, no deadlock ever reaching a client.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { TestServer } from "../helpers/server.ts";
import {
  post,
  type Reply,
  reservationBody,
  seedTickets,
  staffToken,
} from "../helpers/api.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import {
  bookAtOnce,
  liveRows,
  onPostgres,
  pause,
  tally,
} from "../helpers/change_races.ts";
import { change, slotState, tomorrow } from "../helpers/staff_changes.ts";

/**
 * Customers with fresh tickets booking `slotId`, each after a random pause
 * of up to `spreadMs` (see {@link allAtOnce}).
 */
async function stampede(
  s: TestServer,
  slotId: number,
  n: number,
  spreadMs: number,
) {
  const codes = await seedTickets(s.db, n);
  return codes.map((code) => async () => {
    await pause(spreadMs);
    return await post(
      s.url,
      "/api/reservations/create",
      reservationBody(code, slotId),
    );
  });
}

/** Places in the stampeded slot: fewer than the 250 who ask. */
const CAPACITY_B = 100;

/**
 * Starts every job at once. A staff change takes about ten statements and a
 * booking one batched statement, so customers sent in the same instant
 * would all be served before the first change reaches the slot: the
 * customers' requests are spread over {@link CUSTOMER_SPREAD_MS}, and the
 * staff's over the first 150 ms, so both kinds are in flight together.
 */
function allAtOnce(jobs: (() => Promise<Reply>)[]) {
  return Promise.all(jobs.map((job) => job()));
}

/** Over how long the customers' requests start. */
const CUSTOMER_SPREAD_MS = 2_000;

Deno.test("race: staff move 50 reservations into a slot while 200 customers stampede it", () =>
  onPostgres(async (s) => {
    const boss = await staffToken(s, "boss", "MANAGER");
    const a = await tomorrow(s, "10:00", 60);
    const b = await tomorrow(s, "12:00", CAPACITY_B);
    const ids = (await bookAtOnce(s, a, 50)).ids;
    const customers = await stampede(s, b, 200, CUSTOMER_SPREAD_MS);
    const moves = ids.map((id) => async () => {
      await pause(150);
      return await change(s.url, id, "move", boss, { slot_id: b });
    });
    // Interleaved so that both kinds are in flight together.
    const jobs = customers.flatMap((c, i) =>
      i % 4 === 0 ? [c, moves[i / 4]] : [c]
    );
    const replies = await allAtOnce(jobs);
    const moveReplies = replies.filter((_, i) => moves.includes(jobs[i]));
    const createReplies = replies.filter((_, i) => !moves.includes(jobs[i]));
    assertEquals(moveReplies.length, 50);
    assertEquals(createReplies.length, 200);

    const movesTally = tally(moveReplies);
    for (const key of Object.keys(movesTally)) {
      assert(
        key === "200" || key === "409 SLOT_FULL",
        JSON.stringify(movesTally),
      );
    }
    for (const key of Object.keys(tally(createReplies))) {
      assert(key === "201" || key === "409 SLOT_FULL", key);
    }
    const moved = movesTally["200"] ?? 0;
    const created = createReplies.filter((r) => r.status === 201).length;
    const sa = await slotState(s.db, a);
    const sb = await slotState(s.db, b);
    // 250 asked for CAPACITY_B places: all taken, none twice.
    assertEquals(sb.booked_count, CAPACITY_B);
    assertEquals(moved + created, CAPACITY_B);
    assertEquals(sb.status, "FULL");
    assertEquals(sa.booked_count, 50 - moved);
    assertEquals(await liveRows(s, b), CAPACITY_B);
    assertEquals(await liveRows(s, a), 50 - moved);
    assertEquals(await brokenInvariants(s.db), []);
    console.log(
      `  moves: ${JSON.stringify(movesTally)}, customers got ${created}`,
    );
  }));

Deno.test("race: staff cancel 50 reservations of a full slot while 200 customers stampede it", () =>
  onPostgres(async (s) => {
    const boss = await staffToken(s, "boss", "MANAGER");
    const slot = await tomorrow(s, "12:00", 100);
    const ids = (await bookAtOnce(s, slot, 100)).ids;
    assertEquals((await slotState(s.db, slot)).status, "FULL");
    const customers = await stampede(s, slot, 200, CUSTOMER_SPREAD_MS);
    const cancels = ids.slice(0, 50).map((id) => async () => {
      await pause(150);
      return await change(s.url, id, "cancel", boss);
    });
    const jobs = customers.flatMap((c, i) =>
      i % 4 === 0 ? [cancels[i / 4], c] : [c]
    );
    const replies = await allAtOnce(jobs);
    const cancelReplies = replies.filter((_, i) => cancels.includes(jobs[i]));
    const createReplies = replies.filter((_, i) => !cancels.includes(jobs[i]));
    assertEquals(tally(cancelReplies), { "200": 50 });
    for (const key of Object.keys(tally(createReplies))) {
      assert(key === "201" || key === "409 SLOT_FULL", key);
    }
    const created = createReplies.filter((r) => r.status === 201).length;
    // Each freed place taken at most once.
    assert(created <= 50, `${created} customers got 50 freed places`);
    const state = await slotState(s.db, slot);
    assertEquals(state.booked_count, 50 + created);
    assertEquals(state.status, created === 50 ? "FULL" : "ACTIVE");
    assertEquals(await liveRows(s, slot), 50 + created);
    assertEquals(await brokenInvariants(s.db), []);

    // Whatever the rush left is bookable at once by the next customer.
    const [late] = await seedTickets(s.db, 1);
    const r = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(late, slot),
    );
    assertEquals(r.status, created === 50 ? 409 : 201, JSON.stringify(r.body));
    assertEquals(await brokenInvariants(s.db), []);
    console.log(`  customers got ${created} of 50 freed places`);
  }));

Deno.test("race: moves A→B and B→A at once never deadlock a client, counts exact", () =>
  onPostgres(async (s) => {
    const boss = await staffToken(s, "boss", "MANAGER");
    const chief = await staffToken(s, "chief", "ADMIN");
    const a = await tomorrow(s, "10:00", 45);
    const b = await tomorrow(s, "12:00", 45);
    const fromA = (await bookAtOnce(s, a, 40)).ids;
    const fromB = (await bookAtOnce(s, b, 40)).ids;
    const jobs = fromA.flatMap((id, i) => [
      () => change(s.url, id, "move", boss, { slot_id: b }),
      () => change(s.url, fromB[i], "move", chief, { slot_id: a }),
    ]);
    const replies = await Promise.all(jobs.map((job) => job()));
    const ab = replies.filter((_, i) => i % 2 === 0);
    const ba = replies.filter((_, i) => i % 2 === 1);
    for (const key of Object.keys(tally(replies))) {
      assert(
        key === "200" || key === "409 SLOT_FULL",
        JSON.stringify(tally(replies)),
      );
    }
    const movedAB = ab.filter((r) => r.status === 200).length;
    const movedBA = ba.filter((r) => r.status === 200).length;
    const sa = await slotState(s.db, a);
    const sb = await slotState(s.db, b);
    assertEquals(sa.booked_count, 40 - movedAB + movedBA);
    assertEquals(sb.booked_count, 40 - movedBA + movedAB);
    assert(sa.booked_count <= 45 && sb.booked_count <= 45);
    assertEquals(await liveRows(s, a), sa.booked_count);
    assertEquals(await liveRows(s, b), sb.booked_count);
    assertEquals(await brokenInvariants(s.db), []);
    // Every move bumped its reservation's version exactly once.
    const [{ bumped }] = await s.db.query<{ bumped: number }>(
      "SELECT count(*)::int AS bumped FROM ticket_reservations WHERE version = 2",
    );
    assertEquals(bumped, movedAB + movedBA);
    console.log(`  A→B ${movedAB}, B→A ${movedBA}`);
  }));
