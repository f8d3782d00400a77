/**
 * Offline sync (API.md "Offline scanning"): uploads decided in order at each
 * scan's instant, duplicates with the admission that counts, replays of
 * nonces, refused instants, and conflicts on the dashboard (GET and stream).
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import { get, staffToken } from "../helpers/api.ts";
import { OPEN_ALL_DAY, operator, reserved } from "../helpers/scan.ts";
import {
  checkIn,
  doorState,
  freshNonce,
  reservedBeside,
} from "../helpers/door.ts";
import { stream } from "../helpers/dashboard.ts";
import { AMS, at } from "../helpers/venue_clock.ts";
import { assertDoorCounts, offlineScan, sync } from "../helpers/sync.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import { expireDue } from "../../db/expiry.ts";

/** A reserved ticket for 09:00–17:00 on 2026-11-14, the clock at 10:50 that day. */
async function morning(s: TestServer): Promise<string> {
  at(s, "2026-11-14T08:00");
  const code = await reserved(s, OPEN_ALL_DAY);
  at(s, "2026-11-14T10:50");
  return code;
}

testEachEngine(
  "two devices upload the same offline admission: one ACCEPTED at its scan time, one DUPLICATE with the first, one entry, a conflict on the dashboard",
  async (s) => {
    const code = await morning(s);
    const b = await operator(s, "gate-b", { name: "Bea" });
    const c = await operator(s, "gate-c", { name: "Cas" });
    const boss = await staffToken(s, "boss", "MANAGER");
    const sse = await stream(s, boss);
    try {
      await sse.next("snapshot");
      const first = offlineScan(code, "2026-11-14T10:42", b.id, { gate: "B" });
      const r1 = await sync(s, b.token, "phone-b", [first]);
      assertEquals(r1.status, 200, JSON.stringify(r1.body));
      assertEquals(r1.body.results, [{
        nonce: first.nonce,
        outcome: "ACCEPTED",
        reason: "VALID",
      }]);
      const ticket = await doorState(s, code);
      assertEquals(ticket.status, "VERIFIED");
      assertEquals(
        new Date(ticket.verified_at!).toISOString(),
        "2026-11-14T09:42:00.000Z",
      );
      assertEquals(ticket.verified_by, b.id);
      assertEquals(ticket.reservation_verified_by, b.id);
      const admitted = await sse.next("verification");
      assertEquals(admitted.data.slot.entries, 1);

      const second = offlineScan(code, "2026-11-14T10:43", c.id, { gate: "C" });
      const r2 = await sync(s, c.token, "phone-c", [second]);
      assertEquals(r2.status, 200);
      assertEquals(r2.body.results, [{
        nonce: second.nonce,
        outcome: "DUPLICATE",
        reason: "ALREADY_VERIFIED",
        first: {
          at: "2026-11-14T09:42:00.000Z",
          gate: "B",
          device: "phone-b",
          by: { id: b.id, name: "Bea" },
        },
      }]);
      const after = await doorState(s, code);
      assertEquals(
        [after.verified_count, after.entries_count, after.exits_count],
        [1, 1, 0],
      );
      assertEquals(after.kinds, ["VERIFIED", "RESCAN"]);
      await assertDoorCounts(s);

      // The Prometheus counter of offline conflicts moved.
      assert(
        (await s.deps.metrics.registry.metrics()).includes(
          "te_offline_conflicts_total 1",
        ),
      );
      const live = await sse.next("conflict");
      assertEquals(live.data.orq, 1);
      assertEquals(live.data.conflict.code_prefix, code.slice(0, 8));
      assertEquals(live.data.conflict.kind, "DOUBLE_ADMISSION");
      assertEquals(live.data.conflict.first.gate, "B");
      assertEquals(live.data.conflict.second.gate, "C");
      assertEquals(live.data.conflict.second.device, "phone-c");

      const listed = await get(
        s.url,
        "/api/dashboard/conflicts?orq=1&date=2026-11-14",
        boss,
      );
      assertEquals(listed.status, 200);
      assertEquals(listed.body.conflicts.length, 1);
      const k = listed.body.conflicts[0];
      assertEquals([k.kind, k.code, k.counted_inside], [
        "DOUBLE_ADMISSION",
        code,
        false,
      ]);
      assertEquals(k.first, {
        at: "2026-11-14T09:42:00.000Z",
        gate: "B",
        device: "phone-b",
        by: { id: b.id, name: "Bea" },
      });
      assertEquals(k.second, {
        at: "2026-11-14T09:43:00.000Z",
        gate: "C",
        device: "phone-c",
        by: { id: c.id, name: "Cas" },
      });
      // Today is the default day; operators may not read it.
      const today = await get(s.url, "/api/dashboard/conflicts?orq=1", boss);
      assertEquals(today.body.date, "2026-11-14");
      assertEquals(today.body.conflicts.length, 1);
      const refused = await get(
        s.url,
        "/api/dashboard/conflicts?orq=1",
        b.token,
      );
      assertEquals(refused.status, 403);
    } finally {
      await sse.close();
    }
  },
  AMS,
);

testEachEngine(
  "sync: one upload decides its scans in order (in, out, in again), refuses instants older than 24 h or 5 minutes ahead, and replays nonces",
  async (s) => {
    const code = await morning(s);
    const door = await operator(s, "door-1");
    await s.db.query(
      `UPDATE organizations SET settings = settings || '{"allow_reentry": true}'::jsonb WHERE orq = 1`,
    );
    s.deps.orgs.forget(1);
    const scans = [
      offlineScan(code, "2026-11-14T10:00", door.id, { gate: "A" }),
      offlineScan(code, "2026-11-14T10:05", door.id, { direction: "OUT" }),
      offlineScan(code, "2026-11-14T10:10", door.id),
      offlineScan(code, "2026-11-13T10:00", door.id),
      offlineScan(code, "2026-11-14T11:00", door.id),
      offlineScan("NOTATICKETCODE00", "2026-11-14T10:11", door.id),
    ];
    const r = await sync(s, door.token, "phone-1", scans);
    assertEquals(r.status, 200, JSON.stringify(r.body));
    assertEquals(
      r.body.results.map((x: { outcome: string; reason: string }) =>
        `${x.outcome} ${x.reason}`
      ),
      [
        "ACCEPTED VALID",
        "ACCEPTED EXIT",
        "ACCEPTED REENTRY",
        "REJECTED SCAN_TOO_OLD",
        "REJECTED SCAN_IN_FUTURE",
        "REJECTED INVALID_TICKET",
      ],
    );
    const d = await doorState(s, code);
    assertEquals([d.verified_count, d.entries_count, d.exits_count], [1, 2, 1]);
    assert(d.inside);
    assertEquals(d.kinds, [
      "VERIFIED",
      "EXIT",
      "REENTRY",
      "REFUSED",
      "REFUSED",
    ]);
    await assertDoorCounts(s);

    // The same upload again: the first answers, nothing recorded.
    const again = await sync(s, door.token, "phone-1", scans);
    assertEquals(again.body.results, r.body.results);
    assertEquals((await doorState(s, code)).kinds.length, 5);
    // A nonce reused for another ticket or direction: 400 on that scan.
    const other = await sync(s, door.token, "phone-1", [
      { ...scans[0], direction: "OUT" },
    ]);
    assertEquals(other.status, 400);
    assert(other.body.error.details.fields["scans.0.nonce"]);
    // The same nonce twice in one upload: the second repeats the first.
    const twice = offlineScan(code, "2026-11-14T10:20", door.id);
    const dup = await sync(s, door.token, "phone-1", [twice, twice]);
    assertEquals(dup.body.results[0], dup.body.results[1]);
    assertEquals(dup.body.results[0].outcome, "DUPLICATE");
  },
  AMS,
);

testEachEngine(
  "sync: a check-in that timed out and was queued under its nonce answers from the first result; an expired ticket scanned in its window is admitted",
  async (s) => {
    const code = await morning(s);
    const door = await operator(s, "door-2");
    const nonce = freshNonce();
    const online = await checkIn(s, door.token, code, { nonce });
    assertEquals(online.body.checked_in, true);
    const queued = offlineScan(code, "2026-11-14T10:49", door.id, { nonce });
    const r = await sync(s, door.token, "phone-2", [queued]);
    assertEquals(r.body.results, [{
      nonce,
      outcome: "ACCEPTED",
      reason: "VALID",
    }]);
    assertEquals((await doorState(s, code)).entries_count, 1);

    // Another ticket, expired by the job after its slot ended.
    at(s, "2026-11-14T08:00");
    const late = await reserved(s, {
      ...OPEN_ALL_DAY,
      start: "08:30",
      end: "10:00",
    });
    at(s, "2026-11-14T10:30");
    await expireDue(s.db, { instant: s.clock() });
    assertEquals((await doorState(s, late)).status, "EXPIRED");
    const inWindow = offlineScan(late, "2026-11-14T09:55", door.id);
    const afterEnd = offlineScan(late, "2026-11-14T10:05", door.id, {
      offline_result: "RED",
    });
    const e = await sync(s, door.token, "phone-2", [afterEnd, inWindow]);
    assertEquals(
      e.body.results.map((x: { outcome: string }) => x.outcome),
      ["REJECTED", "ACCEPTED"],
    );
    const d = await doorState(s, late);
    assertEquals([d.status, d.reservation_status], ["VERIFIED", "VERIFIED"]);
    assertEquals(
      new Date(d.verified_at!).toISOString(),
      "2026-11-14T08:55:00.000Z",
    );
    await assertDoorCounts(s);
    assertEquals(await brokenInvariants(s.db), []);
  },
  AMS,
);

testEachEngine(
  "sync: a scan the device admitted but the server refuses is a conflict and the guest counts inside; scanned_by of another organization or disabled → the uploader verifies",
  async (s) => {
    await s.db.query(
      `UPDATE organizations SET settings = settings || '{"entry_closes_minutes_after_start": 30}'::jsonb WHERE orq = 1`,
    );
    s.deps.orgs.forget(1);
    const code = await morning(s);
    const door = await operator(s, "door-3");
    const gone = await operator(s, "door-gone");
    await s.db.query("UPDATE staff SET disabled = true WHERE id = $1", [
      gone.id,
    ]);
    const tooLate = offlineScan(code, "2026-11-14T10:00", gone.id, {
      gate: "East",
    });
    const r = await sync(s, door.token, "phone-3", [tooLate]);
    assertEquals(r.body.results[0].outcome, "REJECTED");
    assertEquals(r.body.results[0].reason, "TOO_LATE");
    const d = await doorState(s, code);
    assertEquals([d.status, d.inside, d.entries_count], ["VERIFIED", true, 1]);
    assertEquals(d.verified_by, door.id);
    assertEquals(d.events[0].staff_id, door.id);
    await assertDoorCounts(s);
    const boss = await staffToken(s, "boss3", "MANAGER");
    const listed = await get(s.url, "/api/dashboard/conflicts?orq=1", boss);
    const k = listed.body.conflicts[0];
    assertEquals([k.kind, k.reason, k.counted_inside, k.first], [
      "REFUSED_ADMISSION",
      "TOO_LATE",
      true,
      null,
    ]);
    assertEquals(k.second.gate, "East");
    // A scan the device itself refused is no conflict.
    const code2 = await reservedBeside(s, code);
    const red = offlineScan(code2, "2026-11-14T10:40", door.id, {
      offline_result: "RED",
    });
    const r2 = await sync(s, door.token, "phone-3", [red]);
    assertEquals(r2.body.results[0].outcome, "REJECTED");
    assertEquals(
      (await get(s.url, "/api/dashboard/conflicts?orq=1", boss)).body.conflicts
        .length,
      1,
    );
    assertEquals((await doorState(s, code2)).status, "RESERVED");
  },
  AMS,
);
