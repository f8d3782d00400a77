/**
 * The door under concurrent devices (PostgreSQL, where requests really run
 * side by side): one admission, one exit, and counts that agree with who is
 * inside whatever the interleaving of check-ins, exits and undos.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { engines, startServer, type TestServer } from "../helpers/server.ts";
import { staffToken } from "../helpers/api.ts";
import { OPEN_ALL_DAY, operator, reserved } from "../helpers/scan.ts";
import { checkIn, doorState, undo } from "../helpers/door.ts";
import { AMS, at } from "../helpers/venue_clock.ts";

/** Runs `fn` on a fresh PostgreSQL-backed app (skipped when the run excludes it). */
function raceTest(name: string, fn: (s: TestServer) => Promise<void>) {
  Deno.test({
    name: `${name} [postgres]`,
    ignore: !engines().includes("postgres"),
    fn: async () => {
      const s = await startServer("postgres", AMS);
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    },
  });
}

/** The door counts of `code` against its events: each must agree with the others. */
async function assertConsistent(s: TestServer, code: string): Promise<void> {
  const d = await doorState(s, code);
  const live = d.events.filter((e) => !e.undone);
  const entries = live.filter((e) =>
    e.kind === "VERIFIED" || e.kind === "REENTRY"
  );
  const exits = live.filter((e) => e.kind === "EXIT");
  assertEquals(d.entries_count - d.exits_count, d.inside ? 1 : 0);
  assertEquals([d.entries_count, d.exits_count], [
    entries.length,
    exits.length,
  ]);
  assertEquals(d.verified_count, d.status === "VERIFIED" ? 1 : 0);
  assertEquals(
    live.filter((e) => e.kind === "VERIFIED").length,
    d.status === "VERIFIED" ? 1 : 0,
  );
  assertEquals(d.reservation_status, d.status);
}

raceTest(
  "twenty devices check one ticket in at once: one admission",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    at(s, "2026-11-14T09:30");
    const doors = await Promise.all(
      ["a", "b", "c", "d"].map((n) => operator(s, `door-${n}`)),
    );
    const replies = await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) => checkIn(s, doors[i % 4].token, code),
      ),
    );
    for (const r of replies) {
      assertEquals(r.status, 200);
    }
    const winners = replies.filter((r) => r.body.checked_in);
    assertEquals(winners.length, 1);
    const won = winners[0].body;
    for (const r of replies.filter((r) => !r.body.checked_in)) {
      assertEquals([r.body.result, r.body.reason], [
        "YELLOW",
        "ALREADY_VERIFIED",
      ]);
      assertEquals([r.body.verified_at, r.body.verified_by], [
        won.verified_at,
        won.verified_by,
      ]);
    }
    let d = await doorState(s, code);
    assertEquals([d.verified_count, d.entries_count, d.exits_count], [1, 1, 0]);
    assertEquals(d.kinds.filter((k) => k === "VERIFIED").length, 1);
    assertEquals(d.kinds.filter((k) => k === "RESCAN").length, 19);

    const outs = await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) => checkIn(s, doors[i % 4].token, code, { direction: "OUT" }),
      ),
    );
    assertEquals(outs.filter((r) => r.body.checked_out).length, 1);
    assertEquals(
      outs.filter((r) => r.body.reason === "NOT_INSIDE").length,
      19,
    );
    d = await doorState(s, code);
    assertEquals([d.inside, d.entries_count, d.exits_count], [false, 1, 1]);
    await assertConsistent(s, code);
  },
);

raceTest(
  "check-ins, exits and undos interleaved at once keep the counts with who is inside",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    at(s, "2026-11-14T09:30");
    const door = await operator(s, "door");
    const boss = await staffToken(s, "boss", "MANAGER");
    for (let round = 0; round < 6; round++) {
      // Requests that arrive together are read and decided together (and an
      // undo may well overtake them), so odd rounds start with the guest
      // inside and only check in and out: exits then surely happen.
      const odd = round % 2 === 1;
      if (odd && !(await doorState(s, code)).inside) {
        assertEquals((await checkIn(s, door.token, code)).status, 200);
      }
      const replies = await Promise.all(
        Array.from({ length: 18 }, (_, i) => {
          switch ((i + round) % (odd ? 2 : 3)) {
            case 0:
              return checkIn(s, door.token, code);
            case 1:
              return checkIn(s, door.token, code, { direction: "OUT" });
            default:
              return undo(s, boss, code);
          }
        }),
      );
      for (const r of replies) {
        const ok = r.status === 200 ||
          (r.status === 409 && r.body.error.code === "NOTHING_TO_UNDO");
        assertEquals(ok, true, `${r.status} ${JSON.stringify(r.body)}`);
      }
      await assertConsistent(s, code);
    }
    // The rounds really moved the guest: admissions, exits and undos all happened.
    const kinds = (await doorState(s, code)).kinds;
    for (const kind of ["VERIFIED", "EXIT", "UNDO"]) {
      assertEquals(kinds.includes(kind), true, `no ${kind} in ${kinds}`);
    }
    const [broken] = await s.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM reservation_slots
        WHERE exits_count > entries_count OR exits_count < 0 OR verified_count < 0`,
    );
    assertEquals(broken.n, 0);
  },
);
