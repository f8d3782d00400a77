/**
 * The waitlist under load, on PostgreSQL with many clients at once:
 * cancellations feed the waitlist while a crowd tries to book the same slot
 * and offers are claimed (twice each) as they arrive; then two job runners
 * end the same holds at once. Never overbooked, each freed place offered
 * once, each offer claimed once.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { connectPostgres } from "../../db/client.ts";
import { passWaitlists } from "../../db/waitlist_expiry.ts";
import {
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import {
  bookAtOnce,
  onPostgres,
  pause,
  tally,
} from "../helpers/change_races.ts";
import { cancel } from "../helpers/customer_changes.ts";
import { slotState } from "../helpers/staff_changes.ts";
import {
  assertWaitlistConsistent,
  brokenWaitlistInvariants,
  claim,
  join,
} from "../helpers/waitlist.ts";
import type { TestServer } from "../helpers/server.ts";

const CAPACITY = 40;

/** A slot tomorrow at noon, fully booked: its id and the booked codes. */
async function fullSlot(s: TestServer, capacity: number) {
  const slot = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
    capacity,
  });
  const { codes } = await bookAtOnce(s, slot, capacity);
  return { slot, codes };
}

Deno.test("cancellations feed the waitlist during a booking stampede: never overbooked, each freed place offered once, each offer claimed once", async () => {
  await onPostgres(async (s) => {
    const { slot, codes } = await fullSlot(s, CAPACITY);
    // 20 single entries and 5 pairs, interleaved: 30 places wait.
    const entries: { id: number; places: number }[] = [];
    for (let i = 0; i < 25; i++) {
      const places = i % 5 === 4 ? 2 : 1;
      const tickets = await seedTickets(s.db, places);
      const r = await join(s, tickets, slot, `w${i}@example.com`);
      assertEquals(r.status, 201, JSON.stringify(r.body));
      entries.push({ id: r.body.waitlist.id, places });
    }
    const crowd = await seedTickets(s.db, 150);
    const freed = 25;

    let running = true;
    const seen: string[] = [];
    const watcher = (async () => {
      while (running) {
        seen.push(...await brokenWaitlistInvariants(s.db));
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    // Claims as the offers come: each token twice at once.
    const claimed = new Set<string>();
    const claimReplies: { token: string; status: number }[] = [];
    const claimer = (async () => {
      while (running || claimed.size < 1) {
        const rows = await s.db.query<{ token: string }>(
          `SELECT waitlist_payload->>'token' AS token FROM mail_outbox
            WHERE kind = 'waitlist.offer'`,
        );
        const fresh = rows.map((r) => r.token).filter((t) => !claimed.has(t));
        for (const t of fresh) claimed.add(t);
        await Promise.all(fresh.flatMap((token) =>
          [0, 1].map(async () => {
            const r = await claim(s, token);
            claimReplies.push({ token, status: r.status });
          })
        ));
        if (!running) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const [cancels, bookings] = await Promise.all([
      Promise.all(
        codes.slice(0, freed).map(async (code) => {
          await pause(400);
          return await cancel(s, code, "visitor@example.com");
        }),
      ),
      Promise.all(crowd.map(async (code) => {
        await pause(500);
        return await post(
          s.url,
          "/api/reservations/create",
          reservationBody(code, slot),
        );
      })),
    ]);
    running = false;
    await watcher;
    await claimer;
    // Tokens that arrived after the claimer's last look.
    const late = await s.db.query<{ token: string }>(
      `SELECT waitlist_payload->>'token' AS token FROM mail_outbox
        WHERE kind = 'waitlist.offer'`,
    );
    for (const { token } of late) {
      if (claimed.has(token)) continue;
      claimed.add(token);
      const rs = await Promise.all([claim(s, token), claim(s, token)]);
      for (const r of rs) claimReplies.push({ token, status: r.status });
    }

    assertEquals(tally(cancels), { "200": freed });
    assertEquals(seen, [], "invariants held throughout");
    const sold = bookings.filter((b) => b.status === 201).length;
    const t = tally(bookings);
    assertEquals(t["201"] ?? 0, sold);
    assertEquals(
      sold + (t["409 SLOT_FULL"] ?? 0),
      crowd.length,
      JSON.stringify(t),
    );
    // Each offer claimed once: one 201 and one 200 per token.
    const byToken = new Map<string, number[]>();
    for (const r of claimReplies) {
      byToken.set(r.token, [...byToken.get(r.token) ?? [], r.status].sort());
    }
    for (const [, statuses] of byToken) assertEquals(statuses, [200, 201]);
    // Each freed place went once: to an offer, to the crowd, or is still free.
    const [{ offered }] = await s.db.query<{ offered: number }>(
      "SELECT coalesce(sum(places), 0)::int AS offered FROM waitlist_offers",
    );
    const state = await slotState(s.db, slot);
    const free = CAPACITY - state.booked_count - state.held_count;
    assertEquals(offered + sold + free, freed);
    assertEquals(state.held_count, 0);
    assertEquals(state.booked_count, CAPACITY - free);
    // Offers went in join order to the entries that fit: none that fits still waits.
    const [{ waiting_fit }] = await s.db.query<{ waiting_fit: number }>(
      `SELECT count(*)::int AS waiting_fit FROM waitlist_entries
        WHERE slot_id = $1 AND status = 'WAITING' AND places <= $2`,
      [slot, free],
    );
    assertEquals(waiting_fit, 0);
    assert(
      offered >= 20,
      `most freed places went to the waitlist (${offered})`,
    );
    await assertWaitlistConsistent(s.db);
  });
});

Deno.test("two job runners end the same holds at once: each ended once, each next entry offered once", async () => {
  await onPostgres(async (s) => {
    const { slot, codes } = await fullSlot(s, 10);
    for (let i = 0; i < 20; i++) {
      const [code] = await seedTickets(s.db, 1);
      assertEquals((await join(s, [code], slot)).status, 201);
    }
    for (const code of codes) {
      assertEquals((await cancel(s, code, "visitor@example.com")).status, 200);
    }
    assertEquals((await slotState(s.db, slot)).held_count, 10);
    const other = connectPostgres(s.databaseUrl!, { max: 10 });
    try {
      const at = new Date(s.clock().getTime() + 31 * 60_000);
      const passes = await Promise.all(
        [s.db, other, s.db, other, s.db, other].map((db) =>
          passWaitlists(db, at)
        ),
      );
      assertEquals(passes.reduce((n, p) => n + p.expired, 0), 10);
      assertEquals(passes.reduce((n, p) => n + p.offered, 0), 10);
    } finally {
      await other.close();
    }
    const [mails] = await s.db.query<{ offers: number; expired: number }>(
      `SELECT count(*) FILTER (WHERE kind = 'waitlist.offer')::int AS offers,
              count(*) FILTER (WHERE kind = 'waitlist.expired')::int AS expired
         FROM mail_outbox`,
    );
    assertEquals(mails, { offers: 20, expired: 10 });
    const states = await s.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM waitlist_entries
        GROUP BY status ORDER BY status`,
    );
    assertEquals(states.map((r) => ({ ...r })), [
      { status: "EXPIRED", n: 10 },
      { status: "OFFERED", n: 10 },
    ]);
    // The first ten waited longest: they were offered first, and ended first.
    const [{ ok }] = await s.db.query<{ ok: boolean }>(
      `SELECT max(id) FILTER (WHERE status = 'EXPIRED')
                < min(id) FILTER (WHERE status = 'OFFERED') AS ok
         FROM waitlist_entries`,
    );
    assert(ok);
    assertEquals((await slotState(s.db, slot)).held_count, 10);
    await assertWaitlistConsistent(s.db);
  });
});

Deno.test("the same ticket joining ten waitlists at once: one entry, nine ALREADY_WAITLISTED", async () => {
  await onPostgres(async (s) => {
    const slots = [];
    for (let i = 0; i < 10; i++) {
      const slot = await seedSlot(s.db, {
        date: "2026-11-27",
        start: `${String(8 + i).padStart(2, "0")}:00`,
        end: `${String(9 + i).padStart(2, "0")}:00`,
        capacity: 1,
      });
      await bookAtOnce(s, slot, 1);
      slots.push(slot);
    }
    const [code] = await seedTickets(s.db, 1);
    const replies = await Promise.all(
      slots.map((slot) => join(s, [code], slot)),
    );
    assertEquals(tally(replies), { "201": 1, "409 ALREADY_WAITLISTED": 9 });
    await assertWaitlistConsistent(s.db);
  });
});
