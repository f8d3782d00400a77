import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { testEachEngine, throwawayPostgres } from "../helpers/server.ts";
import { seedSlot, seedTickets } from "../helpers/api.ts";
import {
  placeBatch,
  placeRequests,
  ReservationBatcher,
} from "../../db/reservation_batches.ts";
import { connectPostgres } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";

const clock = {
  instant: new Date("2026-11-26T10:00:00Z"),
  now: { date: "2026-11-26", time: "10:00" },
};

async function ticketIds(
  sql: { query: <T>(t: string, p?: unknown[]) => Promise<T[]> },
  codes: string[],
) {
  const rows = await sql.query<{ id: number; code: string }>(
    "SELECT id, code FROM tickets WHERE code = ANY($1::text[])",
    [codes],
  );
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  return codes.map((c) => byCode.get(c)!);
}

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
    const ids = await ticketIds(s.db, [...codes, used]);
    const req = (id: number) => ({
      ticketId: id,
      orq: 1,
      email: "a@b.co",
      phone: "+31612345678",
    });
    // used, t0, t0 again, t1, t2, t3, t4 → t0, t1, t2 get the 3 places.
    const batch = [ids[5], ids[0], ids[0], ids[1], ids[2], ids[3], ids[4]].map(
      req,
    );
    const outcomes = await s.db.begin((tx) =>
      placeBatch(tx, slot, batch, clock)
    );
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
      placeBatch(tx, slot, [req(ids[3])], clock)
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
  sanitizeOps: false,
  sanitizeResources: false,
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
      const ids = await ticketIds(a, codes);
      const batchers = [new ReservationBatcher(a), new ReservationBatcher(b)];
      const outcomes = await Promise.all(
        ids.map((id, i) =>
          batchers[i % 2].take(slot, {
            ticketId: id,
            orq: 1,
            email: "a@b.co",
            phone: "+31612345678",
          }, clock)
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
    const ids = await ticketIds(s.db, await seedTickets(s.db, 6));
    const req = (id: number, slotId: number) => ({
      ticketId: id,
      slotId,
      orq: 1,
      email: "a@b.co",
      phone: "+31612345678",
      clock,
    });
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
