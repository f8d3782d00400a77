/** Manager dashboard: summary, live stream across instances, metrics (API.md "Manager"). */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import {
  startServer,
  testEachEngine,
  type TestServer,
} from "../helpers/server.ts";
import {
  get,
  login,
  managerRoutePrincipals,
  post,
  reservationBody,
  seedSlot,
  seedTickets,
  STAFF_PASSWORD,
  staffToken,
  statusOf,
} from "../helpers/api.ts";
import { openSse, type SseClient } from "../helpers/sse.ts";
import { Hono } from "hono";
import type { ApiEnv } from "../../routes/deps.ts";
import { dashboardRoutes } from "../../routes/api/dashboard.ts";

/** November in Amsterdam is UTC+1. */
const AMS = { timezone: "Europe/Amsterdam" };

/** Pins the clock at a wall-clock time in Amsterdam (`2026-11-26T09:30`). */
function at(s: TestServer, local: string): void {
  s.clock.set(`${local}:00+01:00`);
}

/** Seeds a staff member of `role` and logs in; returns the token. */
async function reserve(s: TestServer, code: string, slotId: number) {
  return await post(
    s.url,
    "/api/reservations/create",
    reservationBody(code, slotId),
  );
}

async function verify(s: TestServer, token: string, code: string) {
  const r = await post(s.url, "/api/operator/verify-ticket", { code }, token);
  assertEquals(r.status, 200, JSON.stringify(r.body));
  assertEquals(r.body.result, "VERIFIED");
}

function stream(s: TestServer, token: string, extra = {}): Promise<SseClient> {
  return openSse(`${s.url}/api/dashboard/stream?orq=1`, {
    authorization: `Bearer ${token}`,
    ...extra,
  });
}

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
          booked_count: 1,
          available_count: 1,
          verified_count: 0,
        },
      });

      await verify(s, door, codes[0]);
      const e2 = await sse.next("verification");
      assertEquals(e2.data.slot.verified_count, 1);
      assertEquals(e2.data.slot.booked_count, 1);

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
      assertEquals(await sse.collect(500), []);
      const [row] = await s.db.query<Record<string, number>>(
        "SELECT booked_count, verified_count FROM reservation_slots WHERE id = $1",
        [slot],
      );
      assertEquals({ ...row }, { booked_count: 2, verified_count: 1 });
      // Every event has an id, so the browser sends Last-Event-ID on reconnect.
      assert(sse.seen.every((e) => e.id));
    } finally {
      await sse.close();
    }

    // A reconnect (with Last-Event-ID) starts over from a fresh snapshot.
    const back = await stream(s, boss, { "last-event-id": "4" });
    try {
      const snap = await back.next("snapshot");
      assertEquals(snap.data.totals.booked_count, 2);
      assertEquals(snap.data.totals.verified_count, 1);
    } finally {
      await back.close();
    }
  },
  { timezone: "UTC", now: "2026-11-26T10:00:00Z" },
);

Deno.test({
  name:
    "two instances on one PostgreSQL: events reach the other's dashboards within 1 s",
  sanitizeOps: false,
  sanitizeResources: false,
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

        let t0 = performance.now();
        assertEquals((await reserve(a, codes[0], slot)).status, 201);
        const seenOnB = await onB.next("reservation", 1000);
        const reservationMs = performance.now() - t0;
        assertEquals(seenOnB.data.slot.booked_count, 1);
        assertEquals((await onA.next("reservation", 1000)).data.slot.id, slot);

        t0 = performance.now();
        await verify(b, door, codes[0]);
        const seenOnA = await onA.next("verification", 1000);
        const verificationMs = performance.now() - t0;
        assertEquals(seenOnA.data.slot.verified_count, 1);
        assertEquals(
          (await onB.next("verification", 1000)).data.slot.verified_count,
          1,
        );
        assert(reservationMs < 1000 && verificationMs < 1000);

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

const METRICS_TOKEN = "scraper-token-0123456789abcdef";

testEachEngine("metrics: Prometheus text after some traffic", async (s) => {
  const slot = await seedSlot(s.db, {
    date: "2026-11-26",
    start: "12:00",
    end: "13:00",
    capacity: 1,
  });
  const codes = await seedTickets(s.db, 2);
  const door = await staffToken(s, "door", "OPERATOR");
  const boss = await staffToken(s, "boss", "MANAGER");
  const created = await reserve(s, codes[0], slot);
  assertEquals(created.status, 201);
  assertEquals((await reserve(s, codes[1], slot)).body.error.code, "SLOT_FULL");
  await post(s.url, "/api/reservations/create", { slot_id: "x" });
  await post(s.url, "/api/operator/validate-ticket", { code: codes[0] }, door);
  await post(s.url, "/api/operator/validate-ticket", { code: codes[1] }, door);
  const qr = await fetch(s.url + created.body.qr.svg_url);
  await qr.body?.cancel();
  await get(s.url, "/no/such/page/1");
  await get(s.url, "/no/such/page/2");
  const sse = await stream(s, boss);
  try {
    await sse.next("snapshot");
    const bare = await fetch(`${s.url}/metrics`);
    assertEquals(bare.status, 401);
    assertEquals((await bare.json()).error.code, "UNAUTHORIZED");
    const wrong = await fetch(`${s.url}/metrics`, {
      headers: { authorization: "Bearer not-the-metrics-token" },
    });
    assertEquals(wrong.status, 401);
    await wrong.body?.cancel();
    const res = await fetch(`${s.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    assertEquals(res.status, 200);
    assert(res.headers.get("content-type")?.startsWith("text/plain"));
    const text = await res.text();
    const has = (line: string) =>
      assert(text.split("\n").includes(line), `missing: ${line}\n${text}`);
    has(
      'http_requests_total{method="POST",route="/api/reservations/create",status="201"} 1',
    );
    has(
      'http_requests_total{method="POST",route="/api/reservations/create",status="409"} 1',
    );
    has(
      'http_requests_total{method="GET",route="/api/reservations/:id/qr.svg",status="200"} 1',
    );
    has('http_requests_total{method="GET",route="unmatched",status="404"} 2');
    has('http_requests_total{method="GET",route="/metrics",status="401"} 2');
    assert(
      /http_request_duration_seconds_bucket\{le="0.1",method="POST",route="\/api\/reservations\/create",status="201"\} 1/
        .test(text),
      text,
    );
    has('te_reservations_total{result="CREATED"} 1');
    has('te_reservations_total{result="SLOT_FULL"} 1');
    has('te_reservations_total{result="VALIDATION_FAILED"} 1');
    has('te_validations_total{result="GREEN"} 1');
    has('te_validations_total{result="RED"} 1');
    has("te_mail_outbox_pending 1");
    has("te_sse_clients 1");
    assert(!text.includes("/no/such"), "raw paths never become labels");
  } finally {
    await sse.close();
  }
}, { env: { METRICS_TOKEN } });

testEachEngine(
  "metrics: without METRICS_TOKEN /metrics does not exist",
  async (s) => {
    const res = await fetch(`${s.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    assertEquals(res.status, 404);
    assertEquals((await res.json()).error.code, "NOT_FOUND");
  },
);

testEachEngine(
  "stream: heartbeat comments, and a stream ends at its time limit",
  async (s) => {
    const boss = await staffToken(s, "boss", "MANAGER");
    const app = new Hono<ApiEnv>();
    app.route(
      "/d",
      dashboardRoutes(s.deps, { heartbeatMs: 30, maxStreamMs: 300 }),
    );
    const res = await app.request("/d/stream?orq=1", {
      headers: { authorization: `Bearer ${boss}` },
    });
    assertEquals(res.status, 200);
    const t0 = performance.now();
    const text = await res.text(); // ends when the server closes the stream
    const ms = performance.now() - t0;
    assert(
      /^retry: 3000\nevent: snapshot\nid: \d+\ndata: \{/.test(text),
      text,
    );
    assert(text.split(": heartbeat\n\n").length >= 4, text);
    assert(ms >= 250 && ms < 2000, `closed after ${ms} ms`);
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
