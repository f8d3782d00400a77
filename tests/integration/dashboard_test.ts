/** Manager dashboard: the summary and who may see it (API.md "Manager"). */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  get,
  login,
  managerRoutePrincipals,
  seedSlot,
  seedTickets,
  STAFF_PASSWORD,
  staffToken,
  statusOf,
} from "../helpers/api.ts";
import { openSse } from "../helpers/sse.ts";
import {
  doorCounts,
  doorEvent,
  reserve,
  setMaxOccupancy,
  verify,
} from "../helpers/dashboard.ts";
import { AMS, at } from "../helpers/venue_clock.ts";

testEachEngine(
  "summary: booked, verified, expected and no-shows by the venue's clock",
  async (s) => {
    const early = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "09:00",
      end: "10:00",
      capacity: 10,
    });
    const late = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "12:00",
      end: "13:00",
      capacity: 4,
    });
    const tomorrow = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "09:00",
      end: "10:00",
      capacity: 5,
    });
    const codes = await seedTickets(s.db, 6);
    const door = await staffToken(s, "door", "OPERATOR");
    const boss = await staffToken(s, "boss", "MANAGER");

    at(s, "2026-11-26T09:15");
    for (const c of codes.slice(0, 2)) {
      assertEquals((await reserve(s, c, early)).status, 201);
    }
    await verify(s, door, codes[0]);
    for (const c of codes.slice(2, 5)) {
      assertEquals((await reserve(s, c, late)).status, 201);
    }
    assertEquals((await reserve(s, codes[5], tomorrow)).status, 201);
    at(s, "2026-11-26T11:00");
    await verify(s, door, codes[2]);

    const r = await get(s.url, "/api/dashboard/summary?orq=1", boss);
    assertEquals(r.status, 200, JSON.stringify(r.body));
    assertEquals(r.body, {
      orq: 1,
      date: "2026-11-26",
      slots: [
        {
          id: early,
          start_time: "09:00",
          end_time: "10:00",
          status: "ACTIVE",
          total_capacity: 10,
          booked_count: 2,
          held_count: 0,
          verified_count: 1,
          entries: 1,
          exits: 0,
          utilization: 0.2,
        },
        {
          id: late,
          start_time: "12:00",
          end_time: "13:00",
          status: "ACTIVE",
          total_capacity: 4,
          booked_count: 3,
          held_count: 0,
          verified_count: 1,
          entries: 1,
          exits: 0,
          utilization: 0.75,
        },
      ],
      totals: {
        total_capacity: 14,
        booked_count: 5,
        verified_count: 2,
        expected_count: 2,
        no_show_count: 1,
      },
      // verify-ticket names no gate.
      occupancy: {
        inside_count: 2,
        max_occupancy: null,
        over_max: false,
        gates: [{ gate: null, entries: 2, exits: 0 }],
      },
    });

    const other = await get(
      s.url,
      "/api/dashboard/summary?orq=1&date=2026-11-27",
      boss,
    );
    assertEquals(other.body.date, "2026-11-27");
    assertEquals(other.body.occupancy, null, "occupancy is for today only");
    assertEquals(other.body.totals, {
      total_capacity: 5,
      booked_count: 1,
      verified_count: 0,
      expected_count: 1,
      no_show_count: 0,
    });

    // 00:30 in Amsterdam is still the 26th in UTC: "today" is the venue's.
    s.clock.set("2026-11-26T23:30:00Z");
    const later = await login(s.url, "boss", { password: STAFF_PASSWORD });
    const next = await get(s.url, "/api/dashboard/summary?orq=1", later);
    assertEquals(next.body.date, "2026-11-27");
    assertEquals(next.body.slots.map((x: { id: number }) => x.id), [tomorrow]);
    // Past the venue's midnight nobody of yesterday counts as inside.
    assertEquals(next.body.occupancy, {
      inside_count: 0,
      max_occupancy: null,
      over_max: false,
      gates: [],
    });

    const empty = await get(
      s.url,
      "/api/dashboard/summary?orq=1&date=2027-01-01",
      later,
    );
    assertEquals(empty.body.slots, []);
    assertEquals(empty.body.totals.total_capacity, 0);
  },
  AMS,
);

testEachEngine("dashboard: managers of the organization only", async (s) => {
  const { org2, door, boss, admin, otherBoss, root } =
    await managerRoutePrincipals(s);

  for (const path of ["summary", "stream"]) {
    const url = `/api/dashboard/${path}?orq=1`;
    const code = (token?: string, query = url) => statusOf(s.url, query, token);
    assertEquals(await code(), "401 UNAUTHORIZED", path);
    assertEquals(await code("not-a-token"), "401 UNAUTHORIZED", path);
    assertEquals(await code(door), "403 FORBIDDEN", path);
    assertEquals(await code(otherBoss), "403 FORBIDDEN", path);
    assertEquals(
      await code(boss, `/api/dashboard/${path}`),
      "400 VALIDATION_FAILED",
    );
    assertEquals(
      await code(root, `/api/dashboard/${path}?orq=999`),
      "404 ORG_NOT_FOUND",
    );
    if (path === "summary") {
      assertEquals(await code(boss), "200");
      assertEquals(await code(admin), "200");
      assertEquals(await code(root), "200");
      assertEquals(
        await code(boss, `${url}&date=2026-02-30`),
        "400 VALIDATION_FAILED",
      );
    }
  }

  // The browser's EventSource sends the login cookie, not a header.
  const sse = await openSse(`${s.url}/api/dashboard/stream?orq=1`, {
    cookie: `te_token=${boss}`,
  });
  try {
    assertEquals(sse.status, 200);
    assert(sse.headers.get("content-type")?.startsWith("text/event-stream"));
    const snap = await sse.next("snapshot");
    assertEquals(snap.data.orq, 1);
  } finally {
    await sse.close();
  }
  const refused = await openSse(`${s.url}/api/dashboard/stream?orq=${org2}`, {
    cookie: `te_token=${boss}`,
  });
  assertEquals(refused.status, 403);
});

testEachEngine(
  "summary occupancy: inside now, entries and exits per gate (case-insensitive, undone left out), over max",
  async (s) => {
    const slot = (date: string, start: string, end: string) =>
      seedSlot(s.db, { date, start, end, capacity: 50 });
    const morning = await slot("2026-11-26", "09:00", "10:00");
    const noon = await slot("2026-11-26", "12:00", "13:00");
    const yesterday = await slot("2026-11-25", "09:00", "10:00");
    const org2 = (await s.db.query<{ orq: number }>(
      "INSERT INTO organizations (name, timezone) VALUES ('Other', 'UTC') RETURNING orq",
    ))[0].orq;
    const theirs = await seedSlot(s.db, {
      orq: org2,
      date: "2026-11-26",
      start: "09:00",
      end: "10:00",
      capacity: 50,
    });
    await doorCounts(s, morning, 5, 2);
    await doorCounts(s, noon, 3, 0);
    await doorCounts(s, yesterday, 4, 1); // yesterday's guests are not inside
    await doorCounts(s, theirs, 9, 0); // nor another venue's
    const [code] = await seedTickets(s.db, 1);
    const [other] = await seedTickets(s.db, 1, { orq: org2 });
    // 09:00 in Amsterdam; the venue's day began at 2026-11-25T23:00Z.
    const today = (at: string) => `2026-11-26T${at}:00+01:00`;
    const events: Parameters<typeof doorEvent>[1][] = [
      { code, kind: "VERIFIED", gate: "North", at: today("09:01") },
      { code, kind: "VERIFIED", gate: "north", at: today("09:02") },
      { code, kind: "REENTRY", gate: "NORTH", at: today("09:03") },
      { code, kind: "EXIT", gate: "north", at: today("09:04") },
      { code, kind: "RESCAN", gate: "North", at: today("09:05") },
      { code, kind: "VERIFIED", gate: "South", at: today("09:06") },
      { code, kind: "EXIT", gate: "South", at: today("09:07"), undone: true },
      { code, kind: "EXIT", gate: "south", at: today("09:08") },
      { code, kind: "VERIFIED", gate: null, at: today("00:00") },
      // Before the venue's midnight, and another organization's door.
      {
        code,
        kind: "VERIFIED",
        gate: "North",
        at: "2026-11-25T23:59:00+01:00",
      },
      {
        code: other,
        kind: "VERIFIED",
        gate: "North",
        at: today("09:09"),
        orq: org2,
      },
    ];
    for (const e of events) await doorEvent(s, e);
    const boss = await staffToken(s, "boss", "MANAGER");
    at(s, "2026-11-26T12:30");

    const occupancy = async (date = "") =>
      (await get(s.url, `/api/dashboard/summary?orq=1${date}`, boss)).body
        .occupancy;
    const gates = [
      { gate: "North", entries: 3, exits: 1 },
      { gate: "South", entries: 1, exits: 1 },
      { gate: null, entries: 1, exits: 0 },
    ];
    assertEquals(await occupancy(), {
      inside_count: 6,
      max_occupancy: null,
      over_max: false,
      gates,
    });
    const summary = await get(s.url, "/api/dashboard/summary?orq=1", boss);
    assertEquals(
      summary.body.slots.map((x: { entries: number; exits: number }) => [
        x.entries,
        x.exits,
      ]),
      [[5, 2], [3, 0]],
    );

    // The setting is how many may be inside at once: reaching it is fine.
    await setMaxOccupancy(s, 6);
    assertEquals(await occupancy(), {
      inside_count: 6,
      max_occupancy: 6,
      over_max: false,
      gates,
    });
    await setMaxOccupancy(s, 5);
    assertEquals((await occupancy()).over_max, true);
    assertEquals(await occupancy("&date=2026-11-25"), null);
    assertEquals(await occupancy("&date=2026-11-27"), null);
  },
  AMS,
);
