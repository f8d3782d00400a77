/** Manager dashboard: the live stream, its limits, and across instances (API.md "Manager"). */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { startServer, testEachEngine } from "../helpers/server.ts";
import {
  get,
  post,
  seedSlot,
  seedTickets,
  staffToken,
} from "../helpers/api.ts";
import { type SseClient } from "../helpers/sse.ts";
import { Hono } from "hono";
import type { ApiEnv } from "../../routes/deps.ts";
import { dashboardRoutes } from "../../routes/api/dashboard.ts";
import {
  doorCounts,
  doorEvent,
  reserve,
  setMaxOccupancy,
  stream,
  verify,
} from "../helpers/dashboard.ts";
import { ManualTimers } from "../helpers/manual_timers.ts";

testEachEngine(
  "stream: snapshot, then reservation and verification events with committed counts; a refusal sends nothing",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "12:00",
      end: "13:00",
      capacity: 2,
    });
    const codes = await seedTickets(s.db, 3);
    const door = await staffToken(s, "door", "OPERATOR");
    const boss = await staffToken(s, "boss", "MANAGER");

    const sse = await stream(s, boss);
    try {
      const snap = await sse.next("snapshot");
      const summary = await get(s.url, "/api/dashboard/summary?orq=1", boss);
      assertEquals(snap.data, summary.body);
      assertEquals(snap.data.slots[0].booked_count, 0);

      assertEquals((await reserve(s, codes[0], slot)).status, 201);
      const e1 = await sse.next("reservation");
      assertEquals(e1.data, {
        orq: 1,
        slot: {
          id: slot,
          date: "2026-11-26",
          status: "ACTIVE",
          total_capacity: 2,
          held_count: 0,
          booked_count: 1,
          available_count: 1,
          verified_count: 0,
          entries: 0,
          exits: 0,
        },
        occupancy: {
          inside_count: 0,
          max_occupancy: null,
          over_max: false,
          gates: [],
        },
      });

      await verify(s, door, codes[0]);
      const e2 = await sse.next("verification");
      assertEquals(e2.data.slot.verified_count, 1);
      assertEquals(e2.data.slot.booked_count, 1);
      assertEquals(e2.data.slot.entries, 1);
      assertEquals(e2.data.occupancy, {
        inside_count: 1,
        max_occupancy: null,
        over_max: false,
        gates: [{ gate: null, entries: 1, exits: 0 }],
      });

      assertEquals((await reserve(s, codes[1], slot)).status, 201);
      assertEquals((await sse.next("reservation")).data.slot.booked_count, 2);

      // Full: refused, nothing changes and nothing is sent.
      const full = await reserve(s, codes[2], slot);
      assertEquals(full.status, 409);
      assertEquals(full.body.error.code, "SLOT_FULL");
      // A re-scan of a verified ticket is not a new verification either.
      const again = await post(
        s.url,
        "/api/operator/verify-ticket",
        { code: codes[0] },
        door,
      );
      assertEquals(again.body.result, "ALREADY_VERIFIED");
      const [row] = await s.db.query<Record<string, number>>(
        "SELECT booked_count, verified_count FROM reservation_slots WHERE id = $1",
        [slot],
      );
      assertEquals({ ...row }, { booked_count: 2, verified_count: 1 });
      // Neither sent an event: the next one is that of the next real change.
      await verify(s, door, codes[1]);
      const next = await sse.next();
      assertEquals(next.event, "verification");
      assertEquals(next.data.slot.verified_count, 2);
      // Every event has an id, so the browser sends Last-Event-ID on reconnect.
      assert(sse.seen.every((e) => e.id));
    } finally {
      await sse.close();
    }

    // A reconnect (with Last-Event-ID) starts over from a fresh snapshot.
    const back = await stream(s, boss, { "last-event-id": "5" });
    try {
      const snap = await back.next("snapshot");
      assertEquals(snap.data.totals.booked_count, 2);
      assertEquals(snap.data.totals.verified_count, 2);
    } finally {
      await back.close();
    }
  },
  { timezone: "UTC", now: "2026-11-26T10:00:00Z" },
);

Deno.test({
  name:
    "two instances on one PostgreSQL: events reach the other's dashboards within 1 s",
  fn: async () => {
    const env = { JWT_SECRET: `shared-${crypto.randomUUID()}` };
    const a = await startServer("postgres", { env });
    const b = await startServer("postgres", {
      env,
      databaseUrl: a.databaseUrl,
    });
    try {
      const slot = await seedSlot(a.db, {
        date: "2026-11-26",
        start: "12:00",
        end: "13:00",
        capacity: 50,
      });
      const codes = await seedTickets(a.db, 2);
      const door = await staffToken(a, "door", "OPERATOR");
      const boss = await staffToken(a, "boss", "MANAGER");
      const onA = await stream(a, boss);
      const onB = await stream(b, boss);
      try {
        await onA.next("snapshot");
        await onB.next("snapshot");

        // next() fails unless the event arrives within its 1000 ms.
        assertEquals((await reserve(a, codes[0], slot)).status, 201);
        const seenOnB = await onB.next("reservation", 1000);
        assertEquals(seenOnB.data.slot.booked_count, 1);
        assertEquals((await onA.next("reservation", 1000)).data.slot.id, slot);

        await verify(b, door, codes[0]);
        const seenOnA = await onA.next("verification", 1000);
        assertEquals(seenOnA.data.slot.verified_count, 1);
        assertEquals(
          (await onB.next("verification", 1000)).data.slot.verified_count,
          1,
        );

        // Many changes at once are coalesced: counts end where the table is.
        const more = await seedTickets(a.db, 20);
        await Promise.all(
          more.map((c, i) => reserve(i % 2 ? a : b, c, slot)),
        );
        let last = 0;
        const deadline = Date.now() + 2000;
        while (last < 21 && Date.now() < deadline) {
          const e = await onB.next("reservation", 2000);
          assert(e.data.slot.booked_count >= last, "counts never go back");
          last = e.data.slot.booked_count;
        }
        assertEquals(last, 21);
      } finally {
        await onA.close();
        await onB.close();
      }
    } finally {
      await b.close();
      await a.close();
    }
  },
});

testEachEngine(
  "stream: heartbeat comments, and a stream ends at its time limit",
  async (s) => {
    const boss = await staffToken(s, "boss", "MANAGER");
    const timers = new ManualTimers();
    const app = new Hono<ApiEnv>();
    app.route(
      "/d",
      dashboardRoutes(s.deps, { heartbeatMs: 30, maxStreamMs: 300, timers }),
    );
    const res = await app.request("/d/stream?orq=1", {
      headers: { authorization: `Bearer ${boss}` },
    });
    assertEquals(res.status, 200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!/data: .*\n\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    assert(
      /^retry: 3000\nevent: snapshot\nid: \d+\ndata: \{/.test(text),
      text,
    );
    assertEquals(timers.pending, 1, "heartbeats start after the snapshot");
    timers.advance(270); // a heartbeat at 30, 60, … 270 ms
    timers.advance(30); // 300 ms: the limit, the stream ends instead
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    assertEquals(text.split(": heartbeat\n\n").length - 1, 9, text);
  },
);

testEachEngine("stream: at most 10 open per sign-in, then 429", async (s) => {
  const boss = await staffToken(s, "boss", "MANAGER");
  const other = await staffToken(s, "boss2", "MANAGER");
  const open: SseClient[] = [];
  try {
    for (let i = 0; i < 10; i++) {
      const c = await stream(s, boss);
      open.push(c);
      assertEquals(c.status, 200);
      await c.next("snapshot");
    }
    const refused = await stream(s, boss);
    assertEquals(refused.status, 429);
    assert(Number(refused.headers.get("retry-after")) > 0);
    await refused.close();
    // Another sign-in has its own ten.
    const theirs = await stream(s, other);
    open.push(theirs);
    assertEquals(theirs.status, 200);
    // A stream that ends gives its place back, once the server sees it go.
    await open.shift()!.close();
    let again: SseClient | null = null;
    for (let i = 0; i < 100 && !again; i++) {
      const c = await stream(s, boss);
      if (c.status === 200) again = c;
      else await c.close();
    }
    assert(again, "a closed stream's place never came back");
    open.push(again);
    await again.next("snapshot");
  } finally {
    await Promise.all(open.map((c) => c.close()));
  }
});

testEachEngine(
  "stream: door events carry the occupancy, other days' events none; slot_changed and deleted slots reach it",
  async (s) => {
    const today = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "09:00",
      end: "18:00",
      capacity: 50,
    });
    const tomorrow = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "09:00",
      end: "10:00",
      capacity: 5,
    });
    const spare = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "19:00",
      end: "20:00",
    });
    const [code, later] = await seedTickets(s.db, 2);
    const boss = await staffToken(s, "boss", "MANAGER");
    await setMaxOccupancy(s, 2);
    const sse = await stream(s, boss);
    try {
      const snap = await sse.next("snapshot");
      assertEquals(snap.data.occupancy, {
        inside_count: 0,
        max_occupancy: 2,
        over_max: false,
        gates: [],
      });
      // Three in at the east gate, one out at the west: a door route's
      // writes, then its signal after the commit.
      await doorCounts(s, today, 3, 1);
      for (const [kind, gate] of [["VERIFIED", "East"], ["REENTRY", "east"]]) {
        await doorEvent(s, {
          code,
          kind: kind as "VERIFIED",
          gate,
          at: "2026-11-26T09:30:00Z",
        });
      }
      await doorEvent(s, {
        code,
        kind: "VERIFIED",
        gate: "EAST",
        at: "2026-11-26T09:31:00Z",
      });
      await doorEvent(s, {
        code,
        kind: "EXIT",
        gate: "West",
        at: "2026-11-26T09:32:00Z",
      });
      s.deps.live.changed(1, today, "check_out");
      const out = await sse.next("check_out");
      assertEquals(out.data.slot.entries, 3);
      assertEquals(out.data.slot.exits, 1);
      assertEquals(out.data.occupancy, {
        inside_count: 2,
        max_occupancy: 2,
        over_max: false,
        gates: [
          { gate: "East", entries: 3, exits: 0 },
          { gate: "West", entries: 0, exits: 1 },
        ],
      });
      await doorCounts(s, today, 4, 1);
      s.deps.live.changed(1, today, "check_in");
      const over = await sse.next("check_in");
      assertEquals(over.data.occupancy.inside_count, 3);
      assertEquals(over.data.occupancy.over_max, true);
      s.deps.live.changed(1, today, "undo");
      assertEquals((await sse.next("undo")).data.occupancy.inside_count, 3);

      // Another day's slot: nothing about who is inside now.
      assertEquals((await reserve(s, later, tomorrow)).status, 201);
      const booked = await sse.next("reservation");
      assertEquals(booked.data.slot.id, tomorrow);
      assertEquals(booked.data.occupancy, null);

      // Slot changes: capacity, then removal (only the id is left).
      await s.db.query(
        "UPDATE reservation_slots SET total_capacity = 60 WHERE id = $1",
        [today],
      );
      s.deps.live.changed(1, today, "slot_changed");
      const grown = await sse.next("slot_changed");
      assertEquals(grown.data.slot.total_capacity, 60);
      assertEquals(grown.data.occupancy.inside_count, 3);
      await s.db.query("DELETE FROM reservation_slots WHERE id = $1", [spare]);
      s.deps.live.changed(1, spare, "slot_changed");
      const gone = await sse.next("slot_changed");
      assertEquals(gone.data, {
        orq: 1,
        slot: { id: spare },
        occupancy: null,
        deleted: true,
      });
    } finally {
      await sse.close();
    }
  },
  { timezone: "UTC", now: "2026-11-26T10:00:00Z" },
);
