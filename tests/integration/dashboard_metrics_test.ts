/** `GET /api/dashboard/metrics`: the story's key metrics and alert states, and `/manager`. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
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
import { recordingDb } from "../helpers/db.ts";

/** 11:00 on Thursday 26 November 2026 in Amsterdam. */
const AMS = { timezone: "Europe/Amsterdam", now: "2026-11-26T10:00:00Z" };

async function metrics(s: TestServer, token: string) {
  const r = await get(s.url, "/api/dashboard/metrics?orq=1", token);
  assertEquals(r.status, 200, JSON.stringify(r.body));
  assertEquals(r.headers.get("cache-control"), "no-store");
  return r.body;
}

/** The alert states as `{CODE: firing}`. */
function firing(body: { alerts: { code: string; firing: boolean }[] }) {
  return Object.fromEntries(body.alerts.map((a) => [a.code, a.firing]));
}

const QUIET = {
  RESERVATION_FAILURE_RATE: false,
  SLOT_NEARLY_FULL: false,
  API_SLOW: false,
  AUTH_FAILURE_SPIKE: false,
};

testEachEngine(
  "metrics: conversion, utilization, failures by reason, scan time, alerts in a 15-minute window",
  async (s) => {
    const ended = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "09:00",
      end: "10:00",
      capacity: 2,
    });
    const noon = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "12:00",
      end: "13:00",
      capacity: 10,
    });
    const paid = await seedTickets(s.db, 12);
    await seedTickets(s.db, 3, { status: "PENDING_PAYMENT" });
    const door = await staffToken(s, "door", "OPERATOR");
    const boss = await staffToken(s, "boss", "MANAGER");

    // Nothing yet: rates unknown, nothing fires.
    let m = await metrics(s, boss);
    assertEquals(m.orq, 1);
    assertEquals(m.date, "2026-11-26");
    assertEquals(m.timezone, "Europe/Amsterdam");
    assertEquals(m.window_minutes, 15);
    assertEquals(m.conversion, { reserved: 0, eligible: 12, rate: 0 });
    assertEquals(m.reservations, {
      attempts: 0,
      created: 0,
      failed: 0,
      failure_rate: null,
      by_reason: {},
    });
    assertEquals(m.validation, { count: 0, mean_ms: null });
    assertEquals(firing(m), QUIET);

    // The ended slot filled up earlier (at 09:30): full, but over, so no warning.
    s.clock.set("2026-11-26T08:30:00Z");
    for (const c of paid.slice(0, 2)) {
      const r = await post(
        s.url,
        "/api/reservations/create",
        reservationBody(c, ended),
      );
      assertEquals(r.status, 201);
    }
    s.clock.set(AMS.now);
    for (const c of paid.slice(2, 9)) {
      const r = await post(
        s.url,
        "/api/reservations/create",
        reservationBody(c, noon),
      );
      assertEquals(r.status, 201);
    }
    // Three refusals (twice already reserved, unknown slot) count for the
    // ticket's organization; bad input names none, so it counts for none.
    const twice = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(paid[3], noon),
    );
    assertEquals(twice.body.error.code, "TICKET_ALREADY_RESERVED");
    const again = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(paid[2], noon),
    );
    assertEquals(again.body.error.code, "TICKET_ALREADY_RESERVED");
    const nowhere = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(paid[9], 999999),
    );
    assertEquals(nowhere.body.error.code, "SLOT_NOT_FOUND");
    await post(s.url, "/api/reservations/create", { slot_id: "x" });

    // Two scans and a verification at the door.
    for (const c of [paid[2], paid[3]]) {
      const r = await post(
        s.url,
        "/api/operator/validate-ticket",
        { code: c },
        door,
      );
      assertEquals(r.body.result, "GREEN");
    }
    await post(s.url, "/api/operator/verify-ticket", { code: paid[2] }, door);

    m = await metrics(s, boss);
    assertEquals(m.conversion, { reserved: 9, eligible: 12, rate: 0.75 });
    assertEquals(m.utilization.booked_count, 9);
    assertEquals(m.utilization.total_capacity, 12);
    assertEquals(m.utilization.overall, 0.75);
    assertEquals(
      m.utilization.slots.map((
        x: { id: number; utilization: number; ended: boolean },
      ) => [x.id, x.utilization, x.ended]),
      [[ended, 1, true], [noon, 0.7, false]],
    );
    // The two reservations of 09:30 are older than the 15-minute window.
    assertEquals(m.reservations, {
      attempts: 10,
      created: 7,
      failed: 3,
      failure_rate: 0.3,
      by_reason: { TICKET_ALREADY_RESERVED: 2, SLOT_NOT_FOUND: 1 },
    });
    assertEquals(m.validation.count, 2);
    assert(m.validation.mean_ms > 0 && m.validation.mean_ms < 1000, m);
    assert(m.api.requests > 10, JSON.stringify(m.api));
    assert(m.api.p95_ms > 0 && m.api.p95_ms <= 1000, JSON.stringify(m.api));
    // 3 of 10 failed: 30 %, with enough attempts to judge.
    assertEquals(firing(m), { ...QUIET, RESERVATION_FAILURE_RATE: true });
    const rate = m.alerts.find((a: { code: string }) =>
      a.code === "RESERVATION_FAILURE_RATE"
    );
    assertEquals([rate.severity, rate.value, rate.threshold], [
      "critical",
      0.3,
      0.1,
    ]);

    // 10 of 10 places at noon: more than 90 % of a slot still to come.
    for (const c of paid.slice(9, 12)) {
      const r = await post(
        s.url,
        "/api/reservations/create",
        reservationBody(c, noon),
      );
      assertEquals(r.status, 201);
    }
    m = await metrics(s, boss);
    const full = m.alerts.find((a: { code: string }) =>
      a.code === "SLOT_NEARLY_FULL"
    );
    assert(full.firing);
    assertEquals(full.severity, "warning");
    assertEquals(full.slots, [{
      id: noon,
      start_time: "12:00",
      end_time: "13:00",
    }]);
    assertEquals(full.value, 1);

    // More than 20 failed staff sign-ins (throttled ones count too).
    for (let i = 0; i < 21; i++) {
      const r = await post(s.url, "/api/operator/login", {
        username: `intruder-${i % 4}`,
        password: "guess-" + i,
      });
      assert(r.status === 401 || r.status === 429, String(r.status));
    }
    m = await metrics(s, boss);
    assertEquals(m.auth.failed + m.auth.throttled, 21);
    assert(m.auth.throttled > 0, "five failures per name, then throttled");
    assert(firing(m).AUTH_FAILURE_SPIKE);

    // Sixteen minutes later the window has moved on; the database has not.
    s.clock.advance(16 * 60_000);
    m = await metrics(s, boss);
    assertEquals(m.reservations.attempts, 0);
    assertEquals(m.auth, { failed: 0, throttled: 0 });
    assertEquals(m.validation, { count: 0, mean_ms: null });
    assertEquals(m.conversion.reserved, 12);
    assertEquals(firing(m), { ...QUIET, SLOT_NEARLY_FULL: true });

    // After noon's slot ends nothing still to come is nearly full.
    s.clock.set("2026-11-26T12:00:00Z");
    const late = await login(s.url, "boss", { password: STAFF_PASSWORD });
    m = await metrics(s, late);
    assertEquals(firing(m), QUIET);
  },
  AMS,
);

testEachEngine("metrics: managers of the organization only", async (s) => {
  const { org2, door, boss, admin: chief, otherBoss, root } =
    await managerRoutePrincipals(s);
  const code = (token?: string, query = "?orq=1") =>
    statusOf(s.url, `/api/dashboard/metrics${query}`, token);
  assertEquals(await code(), "401 UNAUTHORIZED");
  assertEquals(await code(door), "403 FORBIDDEN");
  assertEquals(await code(otherBoss), "403 FORBIDDEN");
  assertEquals(await code(boss, ""), "400 VALIDATION_FAILED");
  assertEquals(await code(boss, "?orq=x"), "400 VALIDATION_FAILED");
  assertEquals(await code(root, "?orq=999"), "404 ORG_NOT_FOUND");
  assertEquals(await code(boss), "200");
  assertEquals(await code(chief), "200");
  assertEquals(await code(root), "200");
  assertEquals(await code(otherBoss, `?orq=${org2}`), "200");
});

testEachEngine(
  "metrics: another organization's traffic never shows in a manager's figures",
  async (s) => {
    const { org2, otherBoss, boss } = await managerRoutePrincipals(s);
    const slot = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "12:00",
      end: "13:00",
      capacity: 1,
    });
    const codes = await seedTickets(s.db, 2);
    for (const c of codes) {
      await post(s.url, "/api/reservations/create", reservationBody(c, slot));
    }
    const mine = await get(s.url, "/api/dashboard/metrics?orq=1", boss);
    assertEquals(mine.body.reservations.attempts, 2);
    assertEquals(mine.body.reservations.by_reason, { SLOT_FULL: 1 });
    const theirs = await get(
      s.url,
      `/api/dashboard/metrics?orq=${org2}`,
      otherBoss,
    );
    assertEquals(theirs.status, 200);
    assertEquals(theirs.body.reservations.attempts, 0);
    assertEquals(theirs.body.validation.count, 0);
    assert(
      theirs.body.api.requests < mine.body.api.requests,
      JSON.stringify([theirs.body.api, mine.body.api]),
    );
  },
);

/** A page fetched with the login cookie, redirects not followed. */
async function page(url: string, token?: string) {
  const res = await fetch(url, {
    redirect: "manual",
    headers: token ? { cookie: `te_token=${token}` } : {},
  });
  return { res, html: await res.text() };
}

testEachEngine(
  "/manager: login first, managers and admins see the dashboard, door staff a refusal",
  async (s) => {
    await seedSlot(s.db, {
      date: "2026-11-26",
      start: "12:00",
      end: "13:00",
      capacity: 50,
    });
    const door = await staffToken(s, "door", "OPERATOR");
    const boss = await staffToken(s, "boss", "MANAGER");
    const chief = await staffToken(s, "chief", "ADMIN");
    const to = "/operator/login?next=%2Fmanager";

    for (const cookie of [undefined, "not-a-token"]) {
      const { res } = await page(s.url + "/manager", cookie);
      assertEquals(res.status, 302);
      assertEquals(res.headers.get("location"), to);
    }
    // The login page takes /manager as where to go next, and says whose it is.
    const loginPage = await page(s.url + to);
    assert(loginPage.html.includes("Manager sign in"));
    assert(loginPage.html.includes('{"next":"/manager"}'));

    const refused = await page(s.url + "/manager", door);
    assertEquals(refused.res.status, 403);
    assert(refused.html.includes("Not allowed"));
    assert(refused.html.includes('href="/operator/scan"'));
    assert(!refused.html.includes("LiveDashboard"));

    for (const token of [boss, chief]) {
      const ok = await page(s.url + "/manager", token);
      assertEquals(ok.res.status, 200);
      assertEquals(ok.res.headers.get("cache-control"), "no-store");
      assert(ok.html.includes("/static/build/LiveDashboard.js"));
      assert(ok.html.includes("/static/manager.css"));
      assert(ok.html.includes("12:00–13:00"));
      assert(ok.html.includes("0</strong> / 50"));
    }

    // Signing out of the dashboard leads back to its own login.
    const out = await fetch(s.url + "/operator/logout?next=%2Fmanager", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    assertEquals(out.status, 200);
    assertEquals((await out.json()).next, to);
  },
  AMS,
);

testEachEngine(
  "/manager reads the day's slots once, and loads only its own stylesheets",
  async (s) => {
    await seedSlot(s.db, { date: "2026-11-26", start: "12:00", end: "13:00" });
    const boss = await staffToken(s, "boss", "MANAGER");
    const recorded = recordingDb(s.deps.db);
    s.deps.db = recorded.db;
    const ok = await page(s.url + "/manager", boss);
    assertEquals(ok.res.status, 200);
    const dayReads = [...recorded.plain, ...recorded.batched].filter((q) =>
      /FROM reservation_slots s\s+JOIN organizations o/.test(q) &&
      q.includes("verified_count")
    );
    assertEquals(dayReads.length, 1, dayReads.join("\n---\n"));
    const sheets = [...ok.html.matchAll(/href="\/static\/([a-z_]+\.css)/g)]
      .map((m) => m[1]);
    assertEquals(sheets, [
      "base.css",
      "manager.css",
      "manager_day.css",
      "manager_metrics.css",
    ]);
  },
  AMS,
);
