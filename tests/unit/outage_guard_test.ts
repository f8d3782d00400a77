/** The outage guard and the one place that recognises connection errors. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { OutageGuard } from "../../db/outage_guard.ts";
import {
  asServiceUnavailable,
  isConnectionError,
} from "../../db/connection_errors.ts";
import { AppError } from "../../domain/errors.ts";

function coded(code: string): Error {
  return Object.assign(new Error(`${code} happened`), { code });
}

/** A guard whose probe answers as `reachable` says, logging into `events`. */
function guarded() {
  const events: { event: string; fields: Record<string, unknown> }[] = [];
  const state = { reachable: true, probes: 0 };
  const guard = new OutageGuard({
    probe: () => {
      state.probes++;
      return state.reachable
        ? Promise.resolve()
        : Promise.reject(coded("ECONNREFUSED"));
    },
    tickMs: 20,
    stallMs: 60,
    probeTimeoutMs: 100,
    log: (event, fields) => events.push({ event, fields }),
  });
  return { guard, events, state };
}

function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const until = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > until) throw new Error("condition not met");
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test("connection errors are recognised; statement errors are not", () => {
  for (
    const code of [
      "CONNECTION_CLOSED",
      "CONNECT_TIMEOUT",
      "CONNECTION_ENDED",
      "CONNECTION_DESTROYED",
      "ECONNREFUSED",
      "ECONNRESET",
      "57P01",
      "57P02",
      "57P03",
      "08006",
      "08001",
    ]
  ) assert(isConnectionError(coded(code)), code);
  for (const code of ["23505", "40001", "42P01", "57014", "22P02"]) {
    assert(!isConnectionError(coded(code)), code);
  }
  assert(!isConnectionError(new Error("boom")));
  assert(!isConnectionError(new AppError("SLOT_FULL")));
  const mapped = asServiceUnavailable(coded("CONNECTION_CLOSED"));
  assert(mapped instanceof AppError);
  assertEquals(mapped.status, 503);
  assertEquals(mapped.code, "SERVICE_UNAVAILABLE");
  assertEquals(mapped.headers, { "retry-after": "2" });
  const other = coded("23505");
  assertEquals(asServiceUnavailable(other), other);
});

Deno.test("an outage fails the waiting statements, then new ones at once, until a probe answers", async () => {
  const { guard, events, state } = guarded();
  try {
    state.reachable = false;
    const waiting = guard.run(never);
    const broken = guard.run(() => Promise.reject(coded("CONNECTION_CLOSED")));
    const err = await rejection(broken);
    assert(err instanceof AppError && err.code === "SERVICE_UNAVAILABLE");
    // The failed probe declares the outage and fails what still waits.
    const waited = await rejection(waiting);
    assert(waited instanceof AppError && waited.code === "SERVICE_UNAVAILABLE");
    assert(guard.down);
    let called = false;
    await rejection(guard.run(() => {
      called = true;
      return Promise.resolve(1);
    }));
    assert(!called, "no statement reaches the pool during an outage");
    assertEquals(events.map((e) => e.event), ["db.unavailable"]);

    state.reachable = true;
    await waitFor(() => !guard.down);
    assertEquals(events.map((e) => e.event), [
      "db.unavailable",
      "db.recovered",
    ]);
    assertEquals(await guard.run(() => Promise.resolve(7)), 7);
  } finally {
    await guard.close();
  }
});

Deno.test("a failed statement or a lost connection on a live server is no outage", async () => {
  const { guard, events, state } = guarded();
  try {
    const sqlError = coded("23505");
    assertEquals(
      await rejection(guard.run(() => Promise.reject(sqlError))),
      sqlError,
    );
    assertEquals(state.probes, 0);
    const closed = await rejection(
      guard.run(() => Promise.reject(coded("57P01"))),
    );
    assert(closed instanceof AppError && closed.code === "SERVICE_UNAVAILABLE");
    await waitFor(() => state.probes === 1);
    await guard.close(); // returns once the probe's answer has been handled
    assert(!guard.down);
    assertEquals(events, []);
  } finally {
    await guard.close();
  }
});

Deno.test("stalled statements are failed once a probe finds no server; slow ones on a live server finish", async () => {
  const { guard, state } = guarded();
  try {
    // Live server, slow statement: probed, left alone.
    const slow = guard.run(
      () => new Promise<string>((r) => setTimeout(() => r("done"), 300)),
    );
    assertEquals(await slow, "done");
    assert(state.probes >= 1, "a stall is probed");
    assert(!guard.down);
    // Silent network: the stalled statement fails soon after the stall.
    state.reachable = false;
    const t0 = performance.now();
    const err = await rejection(guard.run(never));
    assert(err instanceof AppError && err.code === "SERVICE_UNAVAILABLE");
    assert(performance.now() - t0 < 1000);
    assert(guard.down);
  } finally {
    await guard.close();
  }
});
