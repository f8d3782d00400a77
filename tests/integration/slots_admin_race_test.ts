/**
 * Capacity and status changes racing a stampede of bookings on one slot,
 * many clients at once against a real PostgreSQL (pool of 20): never fewer
 * places than bookings, never overbooked, FULL always derived, and a close
 * stops every booking that had not committed before it.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { startServer, type TestServer } from "../helpers/server.ts";
import {
  post,
  type Reply,
  reservationBody,
  seedSlot,
  seedTickets,
  staffToken,
  tallyReplies,
} from "../helpers/api.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import { patch } from "../helpers/slots_admin.ts";

interface SlotState {
  total_capacity: number;
  booked_count: number;
  held_count: number;
  status: string;
}

async function slotState(s: TestServer, id: number): Promise<SlotState> {
  const [row] = await s.db.query<SlotState>(
    `SELECT total_capacity, booked_count, held_count, status
       FROM reservation_slots WHERE id = $1`,
    [id],
  );
  return row;
}

/** What is wrong with a committed slot row: over capacity, or a status not derived. */
function wrongState(st: SlotState): string | null {
  const free = st.total_capacity - st.booked_count - st.held_count;
  if (free < 0) return `overbooked: ${JSON.stringify(st)}`;
  if (st.status === "CLOSED") return null;
  const derived = free === 0 ? "FULL" : "ACTIVE";
  return st.status === derived
    ? null
    : `status not derived: ${JSON.stringify(st)}`;
}

Deno.test(
  "race: capacity lowered and raised while 400 bookings rush one slot",
  async () => {
    const s = await startServer("postgres", { poolMax: 20 });
    try {
      const admin = await staffToken(s, "chief", "ADMIN");
      const slot = await seedSlot(s.db, {
        date: "2026-11-27",
        start: "12:00",
        end: "13:00",
        capacity: 150,
      });
      await s.db.query(
        `UPDATE reservation_slots SET held_count = 5 WHERE id = $1`,
        [slot],
      );
      const codes = await seedTickets(s.db, 400);
      let done = false;
      const seen: string[] = [];
      // Watches every committed state while the rush runs.
      const watcher = (async () => {
        while (!done) {
          const problem = wrongState(await slotState(s, slot));
          if (problem) seen.push(problem);
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      // Capacity goes down (often below what is booked: refused) and up.
      const changes: { size: number; reply: Reply }[] = [];
      // Four admins at once, each going down (often below what is booked:
      // refused) and up again.
      const changers = [0, 3, 5, 7].map(async (offset) => {
        const sizes = [120, 60, 300, 100, 20, 250, 180, 90, 320, 140];
        for (let round = offset; !done && round < offset + 100; round++) {
          const size = sizes[round % sizes.length];
          const reply = await patch(s, slot, { total_capacity: size }, admin);
          changes.push({ size, reply });
        }
      });
      // Eight bursts of 50 at once, 10 ms apart, so the rush lasts a while.
      const replies = (await Promise.all(
        Array.from({ length: 8 }, async (_, burst) => {
          await new Promise((r) => setTimeout(r, burst * 10));
          return await Promise.all(
            codes.slice(burst * 50, burst * 50 + 50).map((c) =>
              post(s.url, "/api/reservations/create", reservationBody(c, slot))
            ),
          );
        }),
      )).flat();
      done = true;
      await Promise.all([watcher, ...changers]);

      const tally = tallyReplies(replies);
      deepStrictEqual(
        Object.keys(tally).filter((k) => k !== "201" && k !== "409 SLOT_FULL"),
        [],
        JSON.stringify(tally),
      );
      for (const { size, reply: c } of changes) {
        if (c.status === 200) {
          // Accepted: the new capacity holds every booking and hold.
          strictEqual(c.body.total_capacity, size);
          ok(
            c.body.booked_count + c.body.held_count <= size,
            JSON.stringify(c.body),
          );
        } else {
          // Refused only because bookings and holds exceed it.
          strictEqual(c.status, 409, JSON.stringify(c.body));
          strictEqual(c.body.error.code, "CAPACITY_BELOW_BOOKED");
          const d = c.body.error.details;
          strictEqual(d.held_count, 5);
          ok(d.booked_count + d.held_count > size, JSON.stringify(d));
        }
      }
      deepStrictEqual(seen, []);
      const final = await slotState(s, slot);
      strictEqual(wrongState(final), null);
      strictEqual(final.booked_count, tally["201"] ?? 0);
      ok((tally["201"] ?? 0) > 0, JSON.stringify(tally));
      deepStrictEqual(await brokenInvariants(s.db), []);
      const refused = changes.filter((c) => c.reply.status === 409).length;
      ok(changes.length - refused > 1, "capacity changes were not accepted");
      ok(changes.length >= 4, `only ${changes.length} changes during the rush`);
      console.log(
        `capacity race: ${JSON.stringify(tally)}, ${changes.length} changes, ` +
          `${refused} refused`,
      );
    } finally {
      await s.close();
    }
  },
);

Deno.test(
  "race: closing a slot while 400 bookings rush it stops the rest",
  async () => {
    const s = await startServer("postgres", { poolMax: 20 });
    try {
      const admin = await staffToken(s, "chief", "ADMIN");
      const slot = await seedSlot(s.db, {
        date: "2026-11-27",
        start: "12:00",
        end: "13:00",
        capacity: 1000, // room for all: only the close refuses
      });
      const codes = await seedTickets(s.db, 400);
      const closing: Promise<Reply>[] = [];
      const replies = await Promise.all(
        codes.map((c) =>
          post(s.url, "/api/reservations/create", reservationBody(c, slot))
            .then((r) => {
              // Close as soon as the first booking is through.
              if (r.status === 201) {
                if (closing.length === 0) {
                  closing.push(patch(s, slot, { status: "CLOSED" }, admin));
                }
              }
              return r;
            })
        ),
      );
      strictEqual(closing.length, 1, "no booking got through before the close");
      const closed = await closing[0];
      strictEqual(closed.status, 200, JSON.stringify(closed.body));
      strictEqual(closed.body.status, "CLOSED");

      const tally = tallyReplies(replies);
      deepStrictEqual(
        Object.keys(tally).filter((k) =>
          k !== "201" && k !== "409 SLOT_CLOSED"
        ),
        [],
        JSON.stringify(tally),
      );
      // What the close saw committed is all there is: nothing after it.
      const final = await slotState(s, slot);
      strictEqual(final.status, "CLOSED");
      strictEqual(final.booked_count, tally["201"]);
      strictEqual(closed.body.booked_count, tally["201"]);
      const [{ n }] = await s.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ticket_reservations WHERE slot_id = $1`,
        [slot],
      );
      strictEqual(n, tally["201"]);
      deepStrictEqual(await brokenInvariants(s.db), []);
      console.log(`close race: ${JSON.stringify(tally)}`);
    } finally {
      await s.close();
    }
  },
);
