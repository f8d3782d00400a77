/**
 * Sync under concurrent devices (PostgreSQL, where uploads really run side by
 * side): ten devices upload overlapping offline admissions at once, with
 * online check-ins of the same tickets in between; every ticket is admitted
 * once and the slots' counts agree with the door log.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { engines, startServer } from "../helpers/server.ts";
import { seedSlot, seedTickets, staffToken } from "../helpers/api.ts";
import { reserve } from "../helpers/dashboard.ts";
import { checkIn } from "../helpers/door.ts";
import { operator } from "../helpers/scan.ts";
import { AMS, at } from "../helpers/venue_clock.ts";
import {
  assertDoorCounts,
  offlineScan,
  type Scan,
  sync,
} from "../helpers/sync.ts";
import { brokenInvariants } from "../helpers/invariants.ts";

Deno.test({
  name:
    "ten devices sync overlapping admissions at once, with online check-ins: each ticket admitted once [postgres]",
  ignore: !engines().includes("postgres"),
  fn: async () => {
    const s = await startServer("postgres", AMS);
    try {
      at(s, "2026-11-14T08:00");
      const slots = await Promise.all(
        ["09:00", "10:00"].map((start, i) =>
          seedSlot(s.db, {
            date: "2026-11-14",
            start,
            end: i === 0 ? "17:00" : "18:00",
            capacity: 100,
          })
        ),
      );
      const codes = await seedTickets(s.db, 60);
      for (const [i, code] of codes.entries()) {
        assertEquals((await reserve(s, code, slots[i % 2])).status, 201);
      }
      at(s, "2026-11-14T10:50");
      const devices = await Promise.all(
        Array.from({ length: 10 }, (_, i) => operator(s, `phone-${i}`)),
      );
      const online = await staffToken(s, "online-door", "OPERATOR");
      // Each device scanned 40 of the 60 tickets, in its own order.
      const uploads = devices.map((d, i) => {
        const mine = codes.filter((_, j) => (j + i) % 3 !== 0);
        const order = i % 2 ? mine.reverse() : mine;
        return order.map((code, j): Scan =>
          offlineScan(
            code,
            `2026-11-14T10:${String(10 + (j % 30)).padStart(2, "0")}`,
            d.id,
            { gate: `G${i}` },
          )
        );
      });
      const [replies, checkIns] = await Promise.all([
        Promise.all(
          devices.map((d, i) => sync(s, d.token, `device-${i}`, uploads[i])),
        ),
        Promise.all(codes.slice(0, 10).map((c) => checkIn(s, online, c))),
      ]);
      const accepted = new Map<string, number>();
      for (const [i, r] of replies.entries()) {
        assertEquals(r.status, 200, JSON.stringify(r.body));
        assertEquals(r.body.results.length, uploads[i].length);
        r.body.results.forEach(
          (
            x: { nonce: string; outcome: string; first?: unknown },
            j: number,
          ) => {
            assertEquals(x.nonce, uploads[i][j].nonce);
            if (x.outcome === "ACCEPTED") {
              const code = uploads[i][j].code;
              accepted.set(code, (accepted.get(code) ?? 0) + 1);
            } else {
              assertEquals(x.outcome, "DUPLICATE");
              assert(x.first, "a duplicate names the admission that counts");
            }
          },
        );
      }
      const onlineIn = checkIns.filter((r) => r.body.checked_in).length;
      for (const code of codes) {
        const online = checkIns.some((r, k) =>
          codes[k] === code && r.body.checked_in
        );
        assertEquals((accepted.get(code) ?? 0) + (online ? 1 : 0), 1, code);
      }
      const [counts] = await s.db.query<{ v: number; e: number }>(
        `SELECT sum(verified_count)::int AS v, sum(entries_count)::int AS e
           FROM reservation_slots`,
      );
      assertEquals(counts, { v: 60, e: 60 });
      assert(onlineIn <= 10);
      await assertDoorCounts(s);
      assertEquals(await brokenInvariants(s.db), []);
      const [{ n }] = await s.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM door_conflicts",
      );
      // Every device's scan that lost is a double admission.
      const duplicates = replies.flatMap((r) => r.body.results).filter((
        x: { outcome: string },
      ) => x.outcome === "DUPLICATE").length;
      assertEquals(n, duplicates);
    } finally {
      await s.close();
    }
  },
});

Deno.test({
  name:
    "one upload sent three times at once (a device retrying): the same answers, recorded once [postgres]",
  ignore: !engines().includes("postgres"),
  fn: async () => {
    const s = await startServer("postgres", AMS);
    try {
      at(s, "2026-11-14T08:00");
      const slot = await seedSlot(s.db, {
        date: "2026-11-14",
        start: "09:00",
        end: "17:00",
        capacity: 100,
      });
      const codes = await seedTickets(s.db, 30);
      for (const code of codes) {
        assertEquals((await reserve(s, code, slot)).status, 201);
      }
      at(s, "2026-11-14T10:50");
      const d = await operator(s, "retrying");
      const scans = codes.map((code) =>
        offlineScan(code, "2026-11-14T10:30", d.id)
      );
      const replies = await Promise.all(
        [1, 2, 3].map(() => sync(s, d.token, "phone", scans)),
      );
      for (const r of replies) {
        assertEquals(r.status, 200, JSON.stringify(r.body));
        assertEquals(r.body.results, replies[0].body.results);
      }
      assertEquals(
        replies[0].body.results.map((x: { outcome: string }) => x.outcome),
        codes.map(() => "ACCEPTED"),
      );
      const [{ n }] = await s.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM verification_events WHERE offline",
      );
      assertEquals(n, 30);
      await assertDoorCounts(s);
    } finally {
      await s.close();
    }
  },
});
