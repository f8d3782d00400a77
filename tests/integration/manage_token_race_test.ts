/**
 * The manage link's changes racing the code-and-email ones on PostgreSQL:
 * every booking moved by its token while cancelled by its code at once
 * (half of them after the move answered),
 * into a slot with fewer places than movers. Every cancel finds its booking
 * (a move keeps the id), a move after the cancel finds none, the counts end
 * equal to the live rows (none), and no deadlock reaches a client.
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
import { liveRows, onPostgres, pause, tally } from "../helpers/change_races.ts";
import { slotState, tomorrow } from "../helpers/staff_changes.ts";
import { cancel } from "../helpers/customer_changes.ts";

Deno.test("race: each booking moved by its manage token and cancelled by its code at once: exact counts, never overbooked", () =>
  onPostgres(async (s) => {
    const a = await tomorrow(s, "12:00", 30);
    const b = await tomorrow(s, "15:00", 10);
    const codes = await seedTickets(s.db, 30);
    const booked = await Promise.all(
      codes.map((code) =>
        post(s.url, "/api/reservations/create", reservationBody(code, a))
      ),
    );
    for (const r of booked) assertEquals(r.status, 201);
    const moves: Promise<Reply>[] = [];
    const cancels: Promise<Reply>[] = [];
    booked.forEach((r, i) => {
      moves.push(
        pause(20).then(() =>
          post(s.url, "/api/reservations/reschedule", {
            manage_token: r.body.manage_token,
            slot_id: b,
          })
        ),
      );
      // Every other cancel waits for its move's answer, so that some moves
      // come first whatever the timing; the others race their move.
      const start = i % 2 === 0 ? pause(20) : moves[i];
      cancels.push(
        start.then(() => cancel(s, codes[i], "visitor@example.com")),
      );
    });
    const moved = await Promise.all(moves);
    const cancelled = await Promise.all(cancels);
    const mt = tally(moved);
    const ct = tally(cancelled);
    for (const key of Object.keys(mt)) {
      assert(
        ["200", "409 SLOT_FULL", "404 RESERVATION_NOT_FOUND"].includes(key),
        JSON.stringify(mt),
      );
    }
    // A cancel always finds its booking: the move keeps the id.
    assertEquals(ct, { "200": 30 }, JSON.stringify(ct));
    // Some moved before their cancel (more than 10 in all when cancels free
    // places in between: the database's CHECK keeps each moment within 10).
    assert((mt["200"] ?? 0) >= 1, JSON.stringify(mt));
    // Everything was cancelled in the end: both slots empty.
    assertEquals((await slotState(s.db, a)).booked_count, 0);
    assertEquals((await slotState(s.db, b)).booked_count, 0);
    assertEquals(await liveRows(s, a), 0);
    assertEquals(await liveRows(s, b), 0);
    assertEquals(await brokenInvariants(s.db), []);
  }));
