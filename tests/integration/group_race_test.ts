/**
 * Groups and single bookings racing for one slot on PostgreSQL, many
 * clients at once: never overbooked, every group whole or absent.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { onPostgres, pause, tally } from "../helpers/change_races.ts";
import {
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { brokenInvariants } from "../helpers/invariants.ts";

Deno.test("groups and singles racing for one slot never overbook [postgres]", () =>
  onPostgres(async (s) => {
    const capacity = 23;
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
      capacity,
    });
    const sizes = [2, 3, 4, 5, 2, 3, 4, 5, 6, 2, 3, 7];
    const groups = await Promise.all(sizes.map((n) => seedTickets(s.db, n)));
    const singles = await seedTickets(s.db, 30);
    const requests = [
      ...groups.map((codes) => async () => {
        await pause(20);
        return await post(s.url, "/api/reservations/create-group", {
          ticket_codes: codes,
          slot_id: slot,
          customer_email: "group@example.com",
          customer_phone: "+31612345678",
        });
      }),
      ...singles.map((code) => async () => {
        await pause(20);
        return await post(
          s.url,
          "/api/reservations/create",
          reservationBody(code, slot),
        );
      }),
    ];
    const replies = await Promise.all(requests.map((r) => r()));
    const outcomes = tally(replies);
    for (const key of Object.keys(outcomes)) {
      ok(key === "201" || key === "409 SLOT_FULL", JSON.stringify(outcomes));
    }
    const [row] = await s.db.query<{ booked_count: number; status: string }>(
      "SELECT booked_count, status FROM reservation_slots WHERE id = $1",
      [slot],
    );
    ok(row.booked_count <= capacity, `booked ${row.booked_count}`);
    // Every group is whole or absent.
    let granted = 0;
    for (const [i, codes] of groups.entries()) {
      const [{ n }] = await s.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM tickets
          WHERE code = ANY($1::text[]) AND status = 'RESERVED'`,
        [codes],
      );
      const won = replies[i].status === 201;
      strictEqual(n, won ? codes.length : 0, `group ${i}`);
      granted += n;
    }
    const singlesWon = replies.slice(groups.length).filter((r) =>
      r.status === 201
    ).length;
    strictEqual(row.booked_count, granted + singlesWon);
    // Demand (30 + 46) far exceeds 23 places, so the slot ends full unless
    // only big groups were left; it is FULL exactly when no place is free.
    strictEqual(row.status, row.booked_count === capacity ? "FULL" : "ACTIVE");
    ok(row.booked_count >= capacity - 6, `booked ${row.booked_count}`);
    deepStrictEqual(await brokenInvariants(s.db), []);
  }));
