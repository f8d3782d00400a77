/** The customer's reschedule and cancel reach the managers' live dashboards: one event per slot touched. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { managerRoutePrincipals } from "../helpers/api.ts";
import { stream } from "../helpers/dashboard.ts";
import { book, tomorrow } from "../helpers/staff_changes.ts";
import { cancel, reschedule } from "../helpers/customer_changes.ts";

testEachEngine(
  "a reschedule sends a reservation event for each of its two slots, a cancel one, with the committed counts",
  async (s) => {
    const { boss } = await managerRoutePrincipals(s);
    const a = await tomorrow(s, "12:00", 1);
    const b = await tomorrow(s, "13:00", 5);
    const code = (await book(s, a)).reservation.ticket_code;
    // The booking's own event goes out within the publisher's 100 ms window.
    await new Promise((r) => setTimeout(r, 500));
    const sse = await stream(s, boss);
    try {
      await sse.next("snapshot");
      const moved = await reschedule(s, code, "ada@example.com", b);
      assertEquals(moved.status, 200);
      const events = [
        await sse.next("reservation", 3000),
        await sse.next("reservation", 3000),
      ];
      const bySlot = new Map(events.map((e) => [e.data.slot.id, e.data.slot]));
      assertEquals([...bySlot.keys()].sort(), [a, b].sort());
      assertEquals(
        [bySlot.get(a).booked_count, bySlot.get(a).available_count],
        [0, 1],
      );
      assertEquals(
        [bySlot.get(b).booked_count, bySlot.get(b).available_count],
        [1, 4],
      );

      assertEquals((await cancel(s, code, "ada@example.com")).status, 200);
      const cancelled = await sse.next("reservation", 3000);
      assertEquals(cancelled.data.slot.id, b);
      assertEquals(cancelled.data.slot.booked_count, 0);
    } finally {
      await sse.close();
    }
  },
);
