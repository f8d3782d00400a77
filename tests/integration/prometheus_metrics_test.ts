/** GET /metrics: Prometheus text behind METRICS_TOKEN. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  get,
  post,
  seedSlot,
  seedTickets,
  staffToken,
} from "../helpers/api.ts";
import { reserve, stream } from "../helpers/dashboard.ts";

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
  const refused = await post(s.url, "/api/operator/login", {
    username: "door",
    password: "not-the-password",
  });
  assertEquals(refused.status, 401);
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
    // The histogram holds the one booking (its bucket depends on the
    // machine's load, so only the total bucket is fixed).
    has(
      'http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/api/reservations/create",status="201"} 1',
    );
    has('te_reservations_total{result="CREATED"} 1');
    has('te_reservations_total{result="SLOT_FULL"} 1');
    has('te_reservations_total{result="VALIDATION_FAILED"} 1');
    has('te_validations_total{result="GREEN"} 1');
    has('te_validations_total{result="RED"} 1');
    has("te_mail_outbox_pending 1");
    has("te_sse_clients 1");
    has('te_auth_failures_total{how="failed"} 1');
    has("te_offline_conflicts_total 0");
    has("te_database_up 1");
    // The one slot of today (12:00–13:00, not ended at the pinned clock) is full.
    has('te_slot_utilization_max{orq="1"} 1');
    const age = text.match(
      /^te_mail_outbox_oldest_pending_age_seconds (\S+)$/m,
    );
    assert(age && Number(age[1]) >= 0, `mail age: ${age?.[1]}`);
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
