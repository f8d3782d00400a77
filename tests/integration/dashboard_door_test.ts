/**
 * The dashboard and the door (API.md "Manager", "Door"): check-ins, exits and
 * undos through the real routes move the summary's and the stream's
 * occupancy; the hub reads it once per batch and organization.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { get, seedSlot, seedTickets, staffToken } from "../helpers/api.ts";
import { reserve, setMaxOccupancy, stream } from "../helpers/dashboard.ts";
import { checkIn, undo } from "../helpers/door.ts";
import { type LiveEvent, LiveEvents } from "../../lib/live/hub.ts";
import { dayFacts } from "../../lib/app_deps.ts";

testEachEngine(
  "door routes: check-ins, exits and undos reach the summary and the stream with who is inside, per gate",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "09:00",
      end: "18:00",
      capacity: 10,
    });
    const codes = await seedTickets(s.db, 3);
    for (const c of codes) {
      assertEquals((await reserve(s, c, slot)).status, 201);
    }
    const door = await staffToken(s, "door", "OPERATOR");
    const boss = await staffToken(s, "boss", "MANAGER");
    await setMaxOccupancy(s, 2);
    const sse = await stream(s, boss);
    const occupancy = async () =>
      (await get(s.url, "/api/dashboard/summary?orq=1", boss)).body.occupancy;
    const pass = async (
      code: string,
      opts: { gate?: string; direction?: "IN" | "OUT" },
      reason: string,
    ) => {
      const r = await checkIn(s, door, code, opts);
      assertEquals(r.status, 200, JSON.stringify(r.body));
      assertEquals(r.body.reason, reason);
    };
    try {
      await sse.next("snapshot");
      await pass(codes[0], { gate: "North" }, "VALID");
      const first = await sse.next("verification");
      assertEquals(first.data.slot.entries, 1);
      assertEquals(first.data.occupancy.inside_count, 1);

      await pass(codes[0], { gate: "South", direction: "OUT" }, "EXIT");
      const out = await sse.next("check_out");
      assertEquals([out.data.slot.entries, out.data.slot.exits], [1, 1]);
      assertEquals(out.data.occupancy.inside_count, 0);

      await pass(codes[0], { gate: "NORTH" }, "REENTRY");
      const back = await sse.next("check_in");
      assertEquals(back.data.occupancy.inside_count, 1);
      await pass(codes[1], { gate: "north" }, "VALID");
      await sse.next("verification");
      await pass(codes[2], {}, "VALID");
      const third = await sse.next("verification");
      assertEquals(third.data.occupancy, {
        inside_count: 3,
        max_occupancy: 2,
        over_max: true,
        gates: [
          { gate: "North", entries: 3, exits: 0 },
          { gate: "South", entries: 0, exits: 1 },
          { gate: null, entries: 1, exits: 0 },
        ],
      });
      assertEquals(await occupancy(), third.data.occupancy);

      // The last admission undone: one less inside, and its gate's entry gone.
      const u = await undo(s, boss, codes[2]);
      assertEquals(u.status, 200, JSON.stringify(u.body));
      const undone = await sse.next("undo");
      assertEquals(undone.data.slot.entries, 3);
      assertEquals(undone.data.occupancy, {
        inside_count: 2,
        max_occupancy: 2,
        over_max: false,
        gates: [
          { gate: "North", entries: 3, exits: 0 },
          { gate: "South", entries: 0, exits: 1 },
        ],
      });
      assertEquals(await occupancy(), undone.data.occupancy);
      const summary = await get(s.url, "/api/dashboard/summary?orq=1", boss);
      assertEquals(summary.body.slots[0].entries, 3);
      assertEquals(summary.body.slots[0].exits, 1);
      assertEquals(summary.body.slots[0].verified_count, 2);
    } finally {
      await sse.close();
    }
  },
  { timezone: "UTC", now: "2026-11-26T10:00:00Z" },
);

testEachEngine(
  "hub: the occupancy is read once per delivered batch and organization, whatever the subscribers, and only for door events or today's slots",
  async (s) => {
    const slot = (date: string, start: string) =>
      seedSlot(s.db, { date, start, end: "23:00", capacity: 10 });
    const today = [
      await slot("2026-11-26", "09:00"),
      await slot("2026-11-26", "10:00"),
    ];
    const tomorrow = await slot("2026-11-27", "09:00");
    const facts = dayFacts(s.deps);
    let reads = 0;
    const hub = new LiveEvents(s.db, {
      windowMs: 5,
      day: {
        today: facts.today,
        occupancy: (orq) => {
          reads++;
          return facts.occupancy(orq);
        },
      },
    });
    const seen: LiveEvent[][] = Array.from({ length: 50 }, () => []);
    try {
      for (const box of seen) {
        await hub.subscribe(1, { send: (e) => box.push(e), close() {} });
      }
      const settle = async (n: number) => {
        for (let i = 0; i < 200 && seen[49].length < n; i++) {
          await new Promise((r) => setTimeout(r, 10));
        }
        assertEquals(seen[49].length, n);
      };
      // One NOTIFY, so one batch: two slots' exits.
      hub.changed(1, today[0], "check_out");
      hub.changed(1, today[1], "check_out");
      await settle(2);
      assertEquals(reads, 1, "one read for the batch, not one per subscriber");
      for (const box of seen) {
        assert(box.every((e) => e.occupancy?.inside_count === 0));
      }
      // Another day's booking alone: nothing to read.
      hub.changed(1, tomorrow, "reservation");
      await settle(3);
      assertEquals(reads, 1);
      assertEquals(seen[0][2].occupancy, null);
      // A booking of today's slot reads it, and so does a door event of any day.
      hub.changed(1, today[0], "reservation");
      await settle(4);
      assertEquals(reads, 2);
      assertEquals(seen[0][3].occupancy?.inside_count, 0);
      hub.changed(1, tomorrow, "undo");
      await settle(5);
      assertEquals(reads, 3);
    } finally {
      await hub.close();
    }
  },
  { timezone: "UTC", now: "2026-11-26T10:00:00Z" },
);
