import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { seedSlot, seedTickets } from "../helpers/api.ts";
import type { Db } from "../../db/client.ts";
import { recordingDb } from "../helpers/db.ts";
import { createReservation } from "../../db/reservations.ts";
import { createStore } from "../../db/store.ts";
import { zonedNow } from "../../domain/clock.ts";
import { AppError } from "../../domain/errors.ts";

/** Statements `db` ran: the place-taking one, and all others. */
function tallyOf({ plain, batched }: { plain: string[]; batched: string[] }) {
  return () => {
    const all = [...plain, ...batched];
    const place = all.filter((t) => t.trimStart().startsWith("WITH req AS"));
    return { place: place.length, other: all.length - place.length };
  };
}

const instant = new Date("2026-11-26T10:00:00Z");
const clock = {
  instant,
  zonedNow: () => Promise.resolve(zonedNow(instant, "UTC")),
};

/** A slot of `capacity` tomorrow, `n` tickets, and `ask` to book it through a counted db. */
async function booking(db: Db, capacity: number, n: number) {
  const slot = await seedSlot(db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
    capacity,
  });
  const codes = await seedTickets(db, n);
  const recorded = recordingDb(db);
  const tally = tallyOf(recorded);
  const store = createStore(recorded.db);
  const ask = (code: string) =>
    createReservation(store, {
      code,
      slotId: slot,
      email: "a@b.co",
      phone: "+31612345678",
    }, clock);
  return { slot, codes, tally, ask };
}

testEachEngine(
  "a reservation that gets its place costs one statement (and its slot's signing facts once); a full slot is then read first",
  async (s) => {
    const { slot, codes, tally, ask } = await booking(s.db, 2, 4);

    const first = await ask(codes[0]);
    // Besides the place, one read of the slot's signing facts (its instants
    // and the key that signs the QR payload), kept for a minute per slot.
    deepStrictEqual(
      tally(),
      { place: 1, other: 1 },
      "only the slot's signing facts before the place",
    );
    deepStrictEqual(first.slot, {
      id: slot,
      date: "2026-11-27",
      start_time: "12:00",
      end_time: "13:00",
    });
    strictEqual(first.ticket_code, codes[0]);
    strictEqual(first.status, "RESERVED");
    await ask(codes[1]);
    deepStrictEqual(tally(), { place: 2, other: 1 }, "signing facts kept");

    // The slot is full now: the statement finds no place, the read says why.
    const full = (e: unknown) =>
      e instanceof AppError && e.code === "SLOT_FULL" &&
      typeof e.context.ticket_id === "number";
    await rejects(ask(codes[2]), full);
    strictEqual(tally().place, 3);
    ok(tally().other >= 2, "the ticket and the slot were read");
    // The next request at that slot is answered from the read alone.
    await rejects(ask(codes[3]), full);
    strictEqual(tally().place, 3, "no locking statement for a known-full slot");

    const [facts] = await s.db.query<Record<string, number>>(
      `SELECT (SELECT booked_count FROM reservation_slots WHERE id = $1) AS booked,
              (SELECT count(*)::int FROM ticket_reservations) AS reservations,
              (SELECT count(*)::int FROM tickets WHERE status = 'RESERVED') AS reserved`,
      [slot],
    );
    deepStrictEqual({ ...facts }, { booked: 2, reservations: 2, reserved: 2 });
  },
);

testEachEngine(
  "a slot remembered as full that has room again is booked after the read",
  async (s) => {
    const { slot, codes, tally, ask } = await booking(s.db, 1, 3);
    await ask(codes[0]);
    await rejects(
      ask(codes[1]),
      (e: unknown) => e instanceof AppError && e.code === "SLOT_FULL",
    );
    // A manager raises the capacity: the read sees room, the place is taken.
    await s.db.query(
      "UPDATE reservation_slots SET total_capacity = 2, status = 'ACTIVE' WHERE id = $1",
      [slot],
    );
    const placed = await ask(codes[2]);
    strictEqual(placed.slot.id, slot);
    strictEqual(tally().place, 3);
  },
);
