/** When the scanner goes offline and back (domain/connectivity.ts). */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  afterRequest,
  type Connectivity,
  ONLINE,
  type Outcome,
  outcomeOfStatus,
} from "../../domain/connectivity.ts";

const run = (outcomes: Outcome[], from: Connectivity = ONLINE) =>
  outcomes.reduce(afterRequest, from).offline;

Deno.test("two failures among the last five requests switch to offline", () => {
  assertEquals(run(["failed"]), false);
  assertEquals(run(["failed", "ok", "ok", "ok", "failed"]), true);
  // The first failure has left the window of five.
  assertEquals(run(["failed", "ok", "ok", "ok", "ok", "failed"]), false);
  assertEquals(run(["failed", "failed"]), true);
});

Deno.test("one request with no answer in time switches at once", () => {
  assertEquals(run(["timeout"]), true);
});

Deno.test("401 and 429 are answers, not failures; 5xx and no answer are", () => {
  assertEquals(
    [0, 500, 503, 401, 429, 200, 409].map(outcomeOfStatus),
    ["failed", "failed", "failed", "ok", "ok", "ok", "ok"],
  );
});

Deno.test("offline, one answer brings the device back with a clean slate", () => {
  const offline = { offline: true, recent: [] };
  assertEquals(run(["failed", "timeout"], offline), true);
  const back = afterRequest(offline, "ok");
  assertEquals(back, { offline: false, recent: [] });
  assertEquals(run(["failed"], back), false);
  assertEquals(run(["neutral", "neutral"], offline), true);
});
