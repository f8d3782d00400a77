/**
 * Slot changes reach the managers' dashboards as `slot_changed` events
 * (API.md "Manager"), with `"deleted": true` when a slot is removed; the
 * availability answer shows the change at once (its cache is forgotten).
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { get, seedSlot, staffToken } from "../helpers/api.ts";
import { stream } from "../helpers/dashboard.ts";
import { patch, remove } from "../helpers/slots_admin.ts";

testEachEngine(
  "slot_changed events for capacity, status and removal",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "12:00",
      end: "13:00",
      capacity: 4,
    });
    const boss = await staffToken(s, "boss", "MANAGER");
    const admin = await staffToken(s, "chief", "ADMIN");
    const available = async () =>
      (await get(s.url, "/api/reservation-slots/available?orq=1")).body
        .dates[0]?.slots[0];
    strictEqual((await available()).available_count, 4); // now cached

    const sse = await stream(s, boss);
    try {
      await sse.next("snapshot");
      strictEqual(
        (await patch(s, slot, { total_capacity: 9 }, admin)).status,
        200,
      );
      const changed = await sse.next("slot_changed");
      deepStrictEqual(changed.data, {
        orq: 1,
        slot: {
          id: slot,
          date: "2026-11-26",
          status: "ACTIVE",
          total_capacity: 9,
          held_count: 0,
          booked_count: 0,
          available_count: 9,
          verified_count: 0,
          entries: 0,
          exits: 0,
        },
        // Today's slot: the event carries who is inside now.
        occupancy: {
          inside_count: 0,
          max_occupancy: null,
          over_max: false,
          gates: [],
        },
      });
      strictEqual((await available()).available_count, 9);

      await patch(s, slot, { status: "CLOSED" }, admin);
      strictEqual((await sse.next("slot_changed")).data.slot.status, "CLOSED");
      strictEqual((await available()).status, "CLOSED");

      strictEqual((await remove(s, slot, admin)).status, 204);
      const gone = await sse.next("slot_changed");
      deepStrictEqual(gone.data, {
        orq: 1,
        slot: { id: slot },
        occupancy: null,
        deleted: true,
      });
      strictEqual(await available(), undefined);
    } finally {
      await sse.close();
    }
  },
);
