import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { testEachEngine, throwawayPostgres } from "../helpers/server.ts";
import { seedSlot, seedTickets } from "../helpers/api.ts";
import {
  placeRequests,
  ReservationBatcher,
} from "../../db/reservation_batches.ts";
import { connectPostgres } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";

// 10:00 in organization 1's zone (UTC in these tests).
const instant = new Date("2026-11-26T10:00:00Z");

/** A request of ticket `code` for `slotId` at {@link instant}. */
const req = (code: string, slotId: number) => ({
  code,
  slotId,
  email: "a@b.co",
  phone: "+31612345678",
  instant,
});

testEachEngine(
  "one batch: places in arrival order, repeats and used tickets refused",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
      capacity: 3,
    });
    const codes = await seedTickets(s.db, 5);
    const [used] = await seedTickets(s.db, 1, { status: "VERIFIED" });
    const all = [...codes, used];
    // used, t0, t0 again, t1, t2, t3, t4 → t0, t1, t2 get the 3 places.
    const batch = [all[5], all[0], all[0], all[1], all[2], all[3], all[4]].map(
      (code) => req(code, slot),
    );
    const outcomes = await s.db.begin((tx) => placeRequests(tx, batch));
    deepStrictEqual(outcomes.map((o) => o.kind), [
      "refused",
      "reserved",
      "refused",
      "reserved",
      "reserved",
      "full",
      "full",
    ]);
    const [facts] = await s.db.query<Record<string, unknown>>(
      `SELECT s.booked_count, s.status,
            (SELECT count(*)::int FROM ticket_reservations) AS reservations,
            (SELECT count(*)::int FROM tickets WHERE status = 'RESERVED') AS reserved
       FROM reservation_slots s WHERE id = $1`,
      [slot],
    );
    deepStrictEqual({ ...facts }, {
      booked_count: 3,
      status: "FULL",
      reservations: 3,
      reserved: 3,
    });
    // A full slot answers the whole next batch "full" without writing.
    const more = await s.db.begin((tx) =>
      placeRequests(tx, [req(all[3], slot)])
    );
    deepStrictEqual(more.map((o) => o.kind), ["full"]);
    const [after] = await s.db.query<{ reserved: number }>(
      "SELECT count(*)::int AS reserved FROM tickets WHERE status = 'RESERVED'",
    );
    strictEqual(after.reserved, 3);
  },
);

Deno.test({
  name: "two instances' batchers on one PostgreSQL never overbook",
  fn: async () => {
    const pg = await throwawayPostgres();
    const a = connectPostgres(pg.url, { max: 10 });
    const b = connectPostgres(pg.url, { max: 10 });
    try {
      await migrate(a);
      await a.query(
        "INSERT INTO organizations (orq, name, timezone) VALUES (1, 'One', 'UTC')",
      );
      const slot = await seedSlot(a, {
        date: "2026-11-27",
        start: "12:00",
        end: "13:00",
        capacity: 150,
      });
      const codes = await seedTickets(a, 1000);
      const batchers = [new ReservationBatcher(a), new ReservationBatcher(b)];
      const outcomes = await Promise.all(
        codes.map((code, i) =>
          batchers[i % 2].take(slot, {
            code,
            email: "a@b.co",
            phone: "+31612345678",
          }, instant)
        ),
      );
      const tally: Record<string, number> = {};
      for (const o of outcomes) tally[o.kind] = (tally[o.kind] ?? 0) + 1;
      strictEqual(tally.reserved, 150);
      strictEqual((tally.full ?? 0) + (tally.refused ?? 0), 850);
      const [facts] = await a.query<Record<string, number>>(
        `SELECT (SELECT booked_count FROM reservation_slots WHERE id = $1) AS booked,
                (SELECT count(*)::int FROM ticket_reservations) AS reservations,
                (SELECT count(*)::int FROM tickets WHERE status = 'RESERVED') AS reserved`,
        [slot],
      );
      deepStrictEqual({ ...facts }, {
        booked: 150,
        reservations: 150,
        reserved: 150,
      });
    } finally {
      await a.close();
      await b.close();
      await pg.drop();
    }
  },
});

testEachEngine(
  "one statement serves several slots, each by its own capacity",
  async (s) => {
    const a = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
      capacity: 1,
    });
    const b = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "14:00",
      end: "15:00",
      capacity: 5,
    });
    const ended = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "08:00",
      end: "09:00",
    });
    const ids = await seedTickets(s.db, 6);
    const outcomes = await placeRequests(s.db, [
      req(ids[0], a),
      req(ids[1], b),
      req(ids[2], a),
      req(ids[3], b),
      req(ids[4], ended),
      req(ids[1], a), // the same ticket again: refused
    ]);
    deepStrictEqual(outcomes.map((o) => o.kind), [
      "reserved",
      "reserved",
      "full",
      "reserved",
      "refused",
      "refused",
    ]);
    const rows = await s.db.query<
      { id: number; booked_count: number; status: string }
    >(
      "SELECT id, booked_count, status FROM reservation_slots ORDER BY id",
    );
    deepStrictEqual(rows.map((r) => ({ ...r })), [
      { id: a, booked_count: 1, status: "FULL" },
      { id: b, booked_count: 2, status: "ACTIVE" },
      { id: ended, booked_count: 0, status: "ACTIVE" },
    ]);
  },
);

testEachEngine(
  "a batch keeps each ticket to its own organization's slots and reads the slot's zone",
  async (s) => {
    // Organization 2 is at UTC+13 in November: 10:00 UTC is 23:00 there.
    await s.db.query(
      "INSERT INTO organizations (orq, name, timezone) VALUES (2, 'Two', 'Pacific/Auckland')",
    );
    const ours = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
      capacity: 5,
    });
    // Ends 22:30 on 2026-11-26 in Auckland: already over at 23:00 there,
    // though 22:30 is still ahead on organization 1's UTC clock.
    const endedThere = await seedSlot(s.db, {
      orq: 2,
      date: "2026-11-26",
      start: "22:00",
      end: "22:30",
    });
    const openThere = await seedSlot(s.db, {
      orq: 2,
      date: "2026-11-26",
      start: "23:30",
      end: "23:59",
    });
    const [mine] = await seedTickets(s.db, 1);
    const theirs = await seedTickets(s.db, 2, { orq: 2 });
    const outcomes = await placeRequests(s.db, [
      req(theirs[0], ours), // another organization's slot: refused
      req(mine, ours),
      req(theirs[1], endedThere), // over in the slot's own zone: refused
    ]);
    deepStrictEqual(outcomes.map((o) => o.kind), [
      "refused",
      "reserved",
      "refused",
    ]);
    const placed = outcomes[1];
    if (placed.kind !== "reserved") throw new Error("not reserved");
    deepStrictEqual(placed.slot, {
      id: ours,
      date: "2026-11-27",
      start_time: "12:00",
      end_time: "13:00",
    });
    strictEqual(placed.orq, 1);
    strictEqual(placed.reserved_at.getTime(), instant.getTime());
    const [again] = await placeRequests(s.db, [req(theirs[0], openThere)]);
    strictEqual(again.kind, "reserved");
    const rows = await s.db.query<{ id: number; booked_count: number }>(
      "SELECT id, booked_count FROM reservation_slots ORDER BY id",
    );
    deepStrictEqual(rows.map((r) => [r.id, r.booked_count]), [
      [ours, 1],
      [endedThere, 0],
      [openThere, 1],
    ]);
  },
);
