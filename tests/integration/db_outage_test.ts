/**
 * A database outage (API.md "Running"): the app reaches PostgreSQL through a
 * TCP proxy the test cuts for 10 s. Meanwhile every route that needs the
 * database answers 503 SERVICE_UNAVAILABLE with Retry-After within 3 s and
 * open dashboard streams keep their heartbeats; within 2 s of the
 * database's return everything works again and open streams get a fresh
 * snapshot. PostgreSQL only: embedded PGlite runs in process.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { engines, startServer, throwawayPostgres } from "../helpers/server.ts";
import {
  get,
  post,
  type Reply,
  reservationBody,
  seedSlot,
  seedTickets,
  staffToken,
} from "../helpers/api.ts";
import { openSse } from "../helpers/sse.ts";
import { startTcpProxy } from "../helpers/tcp_proxy.ts";
import { setQuietLogs } from "../../lib/log.ts";
import { createExpiryJob } from "../../lib/expiry_job.ts";
import { createMailWorker } from "../../lib/mail/worker.ts";

const OUTAGE_MS = 10_000;

/** JSON event lines printed while `fn` runs (other output passes through). */
async function capturingEvents<T>(
  fn: (events: { event: string; [k: string]: unknown }[]) => Promise<T>,
): Promise<T> {
  const events: { event: string; [k: string]: unknown }[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    try {
      const e = JSON.parse(String(args[0]));
      if (e && typeof e.event === "string") return void events.push(e);
    } catch { /* not an event line */ }
    log(...args);
  };
  setQuietLogs(false);
  try {
    return await fn(events);
  } finally {
    console.log = log;
    setQuietLogs(true);
  }
}

/** `call()`'s reply and how long it took. */
async function timed(call: () => Promise<Reply>) {
  const t0 = performance.now();
  const reply = await call();
  return { reply, ms: performance.now() - t0 };
}

/** Polls `call` until `ok(reply)`; the milliseconds since `since`. */
async function until(
  since: number,
  call: () => Promise<Reply>,
  ok: (r: Reply) => boolean,
  label: string,
): Promise<number> {
  let last: Reply | null = null;
  while (performance.now() - since < 5000) {
    last = await call();
    if (ok(last)) return performance.now() - since;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${label}: still ${JSON.stringify(last)} after 5 s`);
}

/** The app over a proxy, seeded, with a manager's stream open. */
async function setUp() {
  const pg = await throwawayPostgres();
  const proxy = startTcpProxy();
  const s = await startServer("postgres", {
    databaseUrl: proxy.via(pg.url),
    dashboardStream: { heartbeatMs: 200 },
  });
  const slot = await seedSlot(s.db, {
    date: "2026-11-26",
    start: "09:00",
    end: "18:00",
    capacity: 50,
  });
  const codes = await seedTickets(s.db, 3);
  const boss = await staffToken(s, "boss", "MANAGER");
  const door = await staffToken(s, "door", "OPERATOR");
  assertEquals((await get(s.url, "/api/health")).status, 200);
  const sse = await openSse(`${s.url}/api/dashboard/stream?orq=1`, {
    authorization: `Bearer ${boss}`,
  });
  assertEquals(sse.status, 200);
  assertEquals((await sse.next("snapshot")).data.totals.booked_count, 0);
  const routes: Record<string, () => Promise<Reply>> = {
    "health": () => get(s.url, "/api/health"),
    "ticket validate": () =>
      post(s.url, "/api/tickets/validate", { ticket_code: codes[0] }),
    "availability": () =>
      get(
        s.url,
        "/api/reservation-slots/available?orq=1&from=2026-11-26&to=2026-11-27",
      ),
    "reservation create": () =>
      post(s.url, "/api/reservations/create", reservationBody(codes[1], slot)),
    "operator validate-ticket": () =>
      post(s.url, "/api/operator/validate-ticket", { code: codes[0] }, door),
    "dashboard summary": () => get(s.url, "/api/dashboard/summary?orq=1", boss),
  };
  return {
    s,
    boss,
    proxy,
    sse,
    slot,
    codes,
    routes,
    close: async () => {
      await sse.close();
      await s.close();
      proxy.close();
      await pg.drop();
    },
  };
}

/** Calls every route at once: each must answer 503 with Retry-After within 3 s. */
async function expectUnavailable(
  round: string,
  routes: Record<string, () => Promise<Reply>>,
): Promise<void> {
  const names = Object.keys(routes);
  const replies = await Promise.all(names.map((n) => timed(routes[n])));
  replies.forEach(({ reply, ms }, i) => {
    const what = `${round}: ${names[i]} ${JSON.stringify(reply.body)}`;
    assertEquals(reply.status, 503, what);
    assertEquals(reply.headers.get("retry-after"), "2", what);
    assert(ms < 3000, `${what} took ${Math.round(ms)} ms`);
    if (names[i] === "health") {
      assertEquals(reply.body.status, "unavailable", what);
      assertEquals(reply.body.database, "postgres", what);
      assert(reply.body.error, what);
    } else {
      assertEquals(reply.body.error.code, "SERVICE_UNAVAILABLE", what);
    }
  });
}

const ok = (status: number) => (r: Reply) => r.status === status;

Deno.test({
  name:
    "database outage: 503 SERVICE_UNAVAILABLE within 3 s, heartbeats go on, recovery and a fresh snapshot within 2 s",
  ignore: !engines().includes("postgres"),
  fn: async () => {
    const { s, boss, proxy, sse, slot, routes, close } = await setUp();
    const sent: string[] = [];
    const mail = createMailWorker({ db: s.db, config: s.deps.config }, {
      pollMs: 200,
      transport: {
        kind: "mailbox",
        send: (_m, { id }) => {
          sent.push(id);
          return Promise.resolve({ messageId: `<${id}@test>` });
        },
        close: () => {},
      },
    });
    const expiry = createExpiryJob({
      db: s.db,
      clock: s.clock,
      intervalMs: 200,
    });
    try {
      await capturingEvents(async (events) => {
        mail.start();
        expiry.start();

        proxy.cut();
        const cutAt = performance.now();
        const beatsAtCut = sse.comments.length;
        // The first requests meet connections that just broke, later ones
        // an outage already known.
        await expectUnavailable("right after the cut", routes);
        await new Promise((r) => setTimeout(r, 2000));
        await expectUnavailable("two seconds into the outage", routes);
        // A dashboard opened now is refused before its stream starts.
        const t0 = performance.now();
        const late = await openSse(`${s.url}/api/dashboard/stream?orq=1`, {
          authorization: `Bearer ${boss}`,
        });
        assertEquals(late.status, 503);
        assertEquals(late.headers.get("retry-after"), "2");
        assert(performance.now() - t0 < 3000);
        // The rest of the outage, then the stream must still be beating.
        await new Promise((r) =>
          setTimeout(r, OUTAGE_MS - (performance.now() - cutAt))
        );
        const beats = sse.comments.length - beatsAtCut;
        assert(beats >= 20, `${beats} heartbeats in a 10 s outage`);
        assertEquals(
          events.filter((e) => e.event === "db.unavailable").length,
          1,
          JSON.stringify(events),
        );
        for (const job of ["expiry.error", "mail.worker_error"]) {
          const n = events.filter((e) => e.event === job).length;
          assert(n <= 1, `${job} logged ${n} times during the outage`);
        }

        proxy.restore();
        const back = performance.now();
        const healthy = await until(back, routes.health, ok(200), "health");
        assert(healthy < 2000, `health 200 after ${Math.round(healthy)} ms`);
        const snapshot = await sse.next("snapshot", 2000);
        const snapshotMs = performance.now() - back;
        assert(snapshotMs < 2000, `snapshot after ${Math.round(snapshotMs)}`);
        assertEquals(snapshot.data.orq, 1);
        for (
          const name of ["ticket validate", "availability", "dashboard summary"]
        ) {
          const ms = await until(back, routes[name], ok(200), name);
          assert(ms < 2000, `${name} 200 after ${Math.round(ms)} ms`);
        }
        const reserved = await until(
          back,
          routes["reservation create"],
          ok(201),
          "reserve",
        );
        assert(reserved < 2000, `reservation after ${Math.round(reserved)} ms`);

        // The stream is live again: the reservation arrives as an event.
        const event = await sse.next("reservation", 3000);
        assertEquals(event.data.slot.id, slot);
        assertEquals(event.data.slot.booked_count, 1);
        // The background jobs carried on: the confirmation mail goes out.
        const mailed = performance.now();
        while (sent.length === 0 && performance.now() - mailed < 3000) {
          await new Promise((r) => setTimeout(r, 50));
        }
        assertEquals(sent.length, 1);

        const names = events.map((e) => e.event);
        assert(names.includes("db.recovered"), JSON.stringify(names));
        const relisten = events.find((e) => e.event === "live.relisten");
        assert(relisten, JSON.stringify(names));
        const gap = relisten.gap_ms as number;
        assert(gap >= OUTAGE_MS - 500 && gap < OUTAGE_MS + 2000, `gap ${gap}`);
      });
    } finally {
      await Promise.allSettled([mail.stop(), expiry.stop()]);
      await close();
    }
  },
});

Deno.test({
  name:
    "silent database outage: statements waiting on dead connections fail with 503 within 3 s, then all works again",
  ignore: !engines().includes("postgres"),
  fn: async () => {
    const { proxy, sse, slot, codes, routes, close, s } = await setUp();
    try {
      // Packets dropped: no connection closes, statements just wait.
      proxy.stall();
      await expectUnavailable("as the network went silent", routes);
      await expectUnavailable("during the silence", routes);
      proxy.restore();
      const back = performance.now();
      const healthy = await until(back, routes.health, ok(200), "health");
      assert(healthy < 2000, `health 200 after ${Math.round(healthy)} ms`);
      await sse.next("snapshot", 2000 - (performance.now() - back));
      // The batched reads and the reservation batches work again (a write
      // cut off may still have committed, so another ticket).
      const validated = await until(
        back,
        routes["ticket validate"],
        ok(200),
        "ticket validate",
      );
      assert(validated < 2000, `validate 200 after ${Math.round(validated)}`);
      const reserved = await until(
        back,
        () =>
          post(
            s.url,
            "/api/reservations/create",
            reservationBody(codes[2], slot),
          ),
        ok(201),
        "reserve",
      );
      assert(reserved < 2000, `reservation after ${Math.round(reserved)} ms`);
    } finally {
      await close();
    }
  },
});
