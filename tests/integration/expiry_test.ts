/** The expiry job: ended slots by the venue's clock, ticket expiry, one run at a time. */
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
  post,
  reservationBody,
  seedSlot,
  seedStaff,
  seedTickets,
} from "../helpers/api.ts";
import { openSse } from "../helpers/sse.ts";
import { createExpiryJob } from "../../lib/expiry_job.ts";

/**
 * Auckland in November is UTC+13: its slot of the 27th, 10:00–11:00, ends at
 * 2026-11-26T22:00Z, while the UTC date is still the 26th.
 */
const AKL = { timezone: "Pacific/Auckland", now: "2026-11-26T20:00:00Z" };

function jobOf(s: TestServer, batch?: number) {
  return createExpiryJob({
    db: s.db,
    clock: s.clock,
    live: s.deps.live,
    batch,
  });
}

async function reserveAll(s: TestServer, codes: string[], slotId: number) {
  for (const code of codes) {
    const r = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(code, slotId),
    );
    assertEquals(r.status, 201, JSON.stringify(r.body));
  }
}

/** Status of each ticket, of its reservation, and its events' kinds. */
async function states(s: TestServer, codes: string[]) {
  const rows = await s.db.query<{
    code: string;
    ticket: string;
    reservation: string | null;
    events: string;
  }>(
    `SELECT t.code, t.status AS ticket, r.status AS reservation,
            coalesce((SELECT string_agg(e.kind || ':' || coalesce(e.staff_id::text, '-'), ',' ORDER BY e.id)
                        FROM verification_events e WHERE e.ticket_id = t.id), '') AS events
       FROM tickets t LEFT JOIN ticket_reservations r ON r.ticket_id = t.id
      WHERE t.code = ANY($1::text[])`,
    [codes],
  );
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return codes.map((c) => {
    const r = byCode.get(c)!;
    return `${r.ticket}/${r.reservation ?? "-"}/${r.events}`;
  });
}

testEachEngine(
  "expiry: a slot ends on the venue's clock (Auckland), not the server's",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "10:00",
      end: "11:00",
      capacity: 10,
    });
    const later = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "11:00",
      end: "12:00",
    });
    const [kept, verified, laterOne] = await seedTickets(s.db, 3);
    await reserveAll(s, [kept, verified], slot);
    await reserveAll(s, [laterOne], later);
    await seedStaff(s.db, {
      username: "door",
      role: "OPERATOR",
      password: "door-password-1",
    });
    await seedStaff(s.db, {
      username: "boss",
      role: "MANAGER",
      password: "boss-password-1",
    });
    const door = await login(s.url, "door", { password: "door-password-1" });
    s.clock.set("2026-11-26T21:30:00Z"); // 10:30 on the 27th in Auckland
    const v = await post(
      s.url,
      "/api/operator/verify-ticket",
      { code: verified },
      door,
    );
    assertEquals(v.body.result, "VERIFIED");

    // Tickets past their own expiry, and one not yet.
    const [activated, pending, future] = [
      ...await seedTickets(s.db, 1, { expiresAt: "2026-11-26T21:00:00Z" }),
      ...await seedTickets(s.db, 1, {
        status: "PENDING_PAYMENT",
        expiresAt: "2026-11-26T21:00:00Z",
      }),
      ...await seedTickets(s.db, 1, { expiresAt: "2026-11-27T00:00:00Z" }),
    ];
    const all = [kept, verified, laterOne, activated, pending, future];

    const job = jobOf(s);
    s.clock.set("2026-11-26T21:59:59Z"); // 10:59:59 there: not ended
    assertEquals(await job.runOnce(), {
      ran: true,
      reservations: 0,
      tickets: 2,
    });
    assertEquals(await states(s, all), [
      "RESERVED/RESERVED/",
      "VERIFIED/VERIFIED/VERIFIED:" + (await staffId(s, "door")),
      "RESERVED/RESERVED/",
      "EXPIRED/-/",
      "EXPIRED/-/",
      "ACTIVATED/-/",
    ]);

    const boss = await login(s.url, "boss", { password: "boss-password-1" });
    const sse = await openSse(`${s.url}/api/dashboard/stream?orq=1`, {
      authorization: `Bearer ${boss}`,
    });
    try {
      const snap = await sse.next("snapshot");
      assertEquals(snap.data.date, "2026-11-27");
      assertEquals(snap.data.totals.expected_count, 2);

      s.clock.set("2026-11-26T22:00:00Z"); // 11:00 there: ended
      assertEquals(await job.runOnce(), {
        ran: true,
        reservations: 1,
        tickets: 0,
      });
      const e = await sse.next("expiry");
      assertEquals(e.data, {
        orq: 1,
        slot: {
          id: slot,
          date: "2026-11-27",
          status: "ACTIVE",
          total_capacity: 10,
          held_count: 0,
          booked_count: 2,
          available_count: 8,
          verified_count: 1,
          entries: 1,
          exits: 0,
        },
        // Today's slot: the event carries who is inside now.
        occupancy: {
          inside_count: 1,
          max_occupancy: null,
          over_max: false,
          gates: [{ gate: null, entries: 1, exits: 0 }],
        },
      });
    } finally {
      await sse.close();
    }
    assertEquals((await states(s, all)).slice(0, 3), [
      "EXPIRED/EXPIRED/EXPIRED:-",
      "VERIFIED/VERIFIED/VERIFIED:" + (await staffId(s, "door")),
      "RESERVED/RESERVED/",
    ]);
    // Again: nothing left to do, nothing done twice.
    assertEquals(await job.runOnce(), {
      ran: true,
      reservations: 0,
      tickets: 0,
    });

    const summary = await get(s.url, "/api/dashboard/summary?orq=1", boss);
    assertEquals(summary.body.totals.no_show_count, 1);
    assertEquals(summary.body.totals.expected_count, 1);
  },
  AKL,
);

async function staffId(s: TestServer, username: string): Promise<number> {
  const [row] = await s.db.query<{ id: number }>(
    "SELECT id FROM staff WHERE username = $1",
    [username],
  );
  return row.id;
}

Deno.test({
  name:
    "expiry: two instances running the job at the same moment expire each reservation once",
  fn: async () => {
    const a = await startServer("postgres", AKL);
    const b = await startServer("postgres", {
      ...AKL,
      databaseUrl: a.databaseUrl,
    });
    try {
      const slot = await seedSlot(a.db, {
        date: "2026-11-27",
        start: "10:00",
        end: "11:00",
        capacity: 60,
      });
      const codes = await seedTickets(a.db, 60);
      await reserveAll(a, codes, slot);
      a.clock.set("2026-11-26T22:00:00Z");
      b.clock.set("2026-11-26T22:00:00Z");
      // While another instance holds the lock, a pass skips and changes nothing.
      let release = () => {};
      const held = new Promise<void>((r) => release = r);
      let locked = () => {};
      const isLocked = new Promise<void>((r) => locked = r);
      const holder = b.db.begin(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock(4015002)");
        locked();
        await held;
      });
      await isLocked;
      assertEquals(await jobOf(a).runOnce(), {
        ran: false,
        reservations: 0,
        tickets: 0,
      });
      release();
      await holder;
      // Small batches, so the instances interleave their transactions.
      const jobs = [jobOf(a, 7), jobOf(b, 7), jobOf(a, 7), jobOf(b, 7)];
      const results = await Promise.all(jobs.map((j) => j.runOnce()));
      const expired = results.reduce((n, r) => n + r.reservations, 0);
      assertEquals(expired, 60);
      assert(results.some((r) => r.ran));

      const [facts] = await a.db.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM verification_events WHERE kind = 'EXPIRED') AS events,
                (SELECT count(DISTINCT reservation_id)::int FROM verification_events WHERE kind = 'EXPIRED') AS reservations,
                (SELECT count(*)::int FROM tickets WHERE status = 'EXPIRED') AS tickets,
                (SELECT count(*)::int FROM ticket_reservations WHERE status = 'EXPIRED') AS expired`,
      );
      assertEquals({ ...facts }, {
        events: 60,
        reservations: 60,
        tickets: 60,
        expired: 60,
      });
      const again = await Promise.all([jobOf(a).runOnce(), jobOf(b).runOnce()]);
      assertEquals(again.map((r) => r.reservations), [0, 0]);
    } finally {
      await b.close();
      await a.close();
    }
  },
});

Deno.test({
  name:
    "expiry: start() runs a pass at once and every interval; stop() ends it",
  fn: async () => {
    const s = await startServer("pglite", AKL);
    try {
      const slot = await seedSlot(s.db, {
        date: "2026-11-27",
        start: "10:00",
        end: "11:00",
      });
      const [first] = await seedTickets(s.db, 1);
      await reserveAll(s, [first], slot);
      s.clock.set("2026-11-26T22:00:00Z");
      const counts: number[] = [];
      const job = createExpiryJob({
        db: s.db,
        clock: s.clock,
        intervalMs: 50,
        onExpired: (n) => counts.push(n),
      });
      job.start();
      await waitFor(() => counts.length === 1);
      await job.stop();
      assertEquals(counts, [1]);
      assertEquals(await states(s, [first]), ["EXPIRED/EXPIRED/EXPIRED:-"]);
      // Stopped: no later pass is left scheduled; Deno's op sanitizer fails
      // this test on a timer left behind.
    } finally {
      await s.close();
    }
  },
});

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("Timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}
