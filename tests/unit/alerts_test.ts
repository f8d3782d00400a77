import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  type AlertFacts,
  evaluateAlerts,
  occupancyAlert,
} from "../../domain/alerts.ts";

const calm: AlertFacts = {
  windowMinutes: 15,
  reservations: { attempts: 0, failed: 0 },
  openSlots: [],
  api: { requests: 0, p95Seconds: null },
  authFailures: 0,
};

function states(f: Partial<AlertFacts>): Record<string, boolean> {
  return Object.fromEntries(
    evaluateAlerts({ ...calm, ...f }).map((a) => [a.code, a.firing]),
  );
}

function slot(booked: number, capacity = 200) {
  return {
    id: 1,
    start_time: "12:00",
    end_time: "13:00",
    booked_count: booked,
    total_capacity: capacity,
  };
}

// [what, facts, the one check expected to fire or null]
const cases: [string, Partial<AlertFacts>, string | null][] = [
  ["nothing happened", {}, null],
  ["10 % failed is not above 10 %", {
    reservations: { attempts: 100, failed: 10 },
  }, null],
  ["11 % failed", {
    reservations: { attempts: 100, failed: 11 },
  }, "RESERVATION_FAILURE_RATE"],
  ["too few attempts to judge", {
    reservations: { attempts: 9, failed: 9 },
  }, null],
  ["10 attempts are enough", {
    reservations: { attempts: 10, failed: 2 },
  }, "RESERVATION_FAILURE_RATE"],
  ["exactly 90 % booked", { openSlots: [slot(180)] }, null],
  ["just above 90 %", { openSlots: [slot(181)] }, "SLOT_NEARLY_FULL"],
  ["full", { openSlots: [slot(1, 1)] }, "SLOT_NEARLY_FULL"],
  ["P95 of exactly 1 s", {
    api: { requests: 500, p95Seconds: 1 },
  }, null],
  ["P95 above 1 s", {
    api: { requests: 500, p95Seconds: 1.2 },
  }, "API_SLOW"],
  ["slow but too few requests", {
    api: { requests: 19, p95Seconds: 3 },
  }, null],
  ["20 failed sign-ins", { authFailures: 20 }, null],
  ["21 failed sign-ins", { authFailures: 21 }, "AUTH_FAILURE_SPIKE"],
];

for (const [what, facts, fires] of cases) {
  Deno.test(`alerts: ${what}`, () => {
    const expected = {
      RESERVATION_FAILURE_RATE: false,
      SLOT_NEARLY_FULL: false,
      API_SLOW: false,
      AUTH_FAILURE_SPIKE: false,
    } as Record<string, boolean>;
    if (fires) expected[fires] = true;
    assertEquals(states(facts), expected);
  });
}

Deno.test("alerts: messages name what was measured", () => {
  const [rate, full, api, auth] = evaluateAlerts({
    windowMinutes: 15,
    reservations: { attempts: 40, failed: 6 },
    openSlots: [slot(190), { ...slot(20), id: 2, start_time: "13:00" }],
    api: { requests: 300, p95Seconds: 0.045 },
    authFailures: 3,
  });
  assertEquals(
    rate.message,
    "6 of 40 reservation attempts failed in the last 15 min (15%; alert above 10%).",
  );
  assertEquals(
    full.message,
    "12:00–13:00 is 95% booked (190 of 200); alert above 90%.",
  );
  assertEquals(full.slots, [{ id: 1, start_time: "12:00", end_time: "13:00" }]);
  assertEquals(
    api.message,
    "95% of 300 API requests in the last 15 min answered within 45 ms; alert above 1 s.",
  );
  assertEquals(
    auth.message,
    "3 failed or throttled staff sign-ins in the last 15 min; alert above 20.",
  );
});

Deno.test("max occupancy: fires above the setting, not at it; none without one", () => {
  const o = (inside: number, max: number | null) => ({
    inside_count: inside,
    max_occupancy: max,
    over_max: max !== null && inside > max,
  });
  assertEquals(occupancyAlert(o(500, null)), null);
  assertEquals(occupancyAlert(o(300, 300))?.firing, false);
  const over = occupancyAlert(o(301, 300))!;
  assertEquals([over.code, over.firing, over.severity], [
    "MAX_OCCUPANCY",
    true,
    "critical",
  ]);
  assertEquals([over.value, over.threshold], [301, 300]);
});
