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
import { reserve, verify } from "../helpers/dashboard.ts";
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
          total_capacity: 10,
          booked_count: 2,
          verified_count: 1,
          utilization: 0.2,
        },
        {
          id: late,
          start_time: "12:00",
          end_time: "13:00",
          total_capacity: 4,
          booked_count: 3,
          verified_count: 1,
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
    });

    const other = await get(
      s.url,
      "/api/dashboard/summary?orq=1&date=2026-11-27",
      boss,
    );
    assertEquals(other.body.date, "2026-11-27");
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
