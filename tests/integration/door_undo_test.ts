/** The door's undo (API.md "undo-check-in"): each kind reverted, who may undo, nonces. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { staffToken } from "../helpers/api.ts";
import { OPEN_ALL_DAY, operator, reserved } from "../helpers/scan.ts";
import { checkIn, doorState, freshNonce, undo } from "../helpers/door.ts";
import { AMS, at } from "../helpers/venue_clock.ts";

testEachEngine(
  "undo reverts a re-entry, then the exit, then the first admission",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    const jane = await operator(s, "jane", { name: "Jane Smith" });
    at(s, "2026-11-14T09:30");
    await checkIn(s, jane.token, code);
    await checkIn(s, jane.token, code, { direction: "OUT" });
    await checkIn(s, jane.token, code);
    assertEquals(
      [
        (await doorState(s, code)).entries_count,
        (await doorState(s, code)).exits_count,
      ],
      [2, 1],
    );

    const r1 = await undo(s, jane.token, code);
    assertEquals(r1.status, 200);
    assertEquals(
      [r1.body.result, r1.body.reason, r1.body.checked_in, r1.body.undone.kind],
      ["GREEN", "REENTRY", false, "REENTRY"],
    );
    let d = await doorState(s, code);
    assertEquals(
      [d.status, d.inside, d.verified_count, d.entries_count, d.exits_count],
      ["VERIFIED", false, 1, 1, 1],
    );

    const r2 = await undo(s, jane.token, code);
    assertEquals(
      [r2.body.result, r2.body.reason, r2.body.undone.kind],
      ["YELLOW", "ALREADY_VERIFIED", "EXIT"],
    );
    d = await doorState(s, code);
    assertEquals([d.inside, d.entries_count, d.exits_count], [true, 1, 0]);

    const r3 = await undo(s, jane.token, code);
    assertEquals(
      [
        r3.body.result,
        r3.body.reason,
        r3.body.ticket.status,
        r3.body.undone.kind,
      ],
      ["GREEN", "VALID", "RESERVED", "VERIFIED"],
    );
    assertEquals([r3.body.verified_at, r3.body.verified_by], [null, null]);
    d = await doorState(s, code);
    assertEquals(
      [d.status, d.reservation_status, d.verified_at, d.verified_by, d.inside],
      ["RESERVED", "RESERVED", null, null, false],
    );
    assertEquals([d.verified_count, d.entries_count, d.exits_count], [0, 0, 0]);
    assertEquals(d.kinds, [
      "VERIFIED",
      "EXIT",
      "REENTRY",
      "UNDO",
      "UNDO",
      "UNDO",
    ]);
    assertEquals(d.events.map((e) => e.undone), [
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    const ids = await s.db.query<{ id: string }>(
      `SELECT e.id FROM verification_events e JOIN tickets t ON t.id = e.ticket_id
        WHERE t.code = $1 ORDER BY e.id`,
      [code],
    );
    assertEquals(
      d.events.slice(3).map((e) => e.undoes),
      [ids[2].id, ids[1].id, ids[0].id].map(Number),
    );

    const none = await undo(s, jane.token, code);
    assertEquals([none.status, none.body.error.code], [409, "NOTHING_TO_UNDO"]);
    // Admitted again after the undo: counts start over from the reverted state.
    assertEquals((await checkIn(s, jane.token, code)).body.checked_in, true);
    d = await doorState(s, code);
    assertEquals([d.verified_count, d.entries_count, d.exits_count], [1, 1, 0]);
  },
  AMS,
);

testEachEngine(
  "operators undo only their own scans of the last 5 minutes; managers any",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    const jane = await operator(s, "jane");
    const bob = await operator(s, "bob");
    const boss = await staffToken(s, "boss", "MANAGER");
    at(s, "2026-11-14T09:30");
    await checkIn(s, jane.token, code);

    const notHers = await undo(s, bob.token, code);
    assertEquals([notHers.status, notHers.body.error.code], [403, "FORBIDDEN"]);
    at(s, "2026-11-14T09:35"); // exactly 5 minutes: still hers to undo
    assertEquals((await undo(s, jane.token, code)).status, 200);

    await checkIn(s, jane.token, code);
    at(s, "2026-11-14T09:41"); // 6 minutes later
    const tooOld = await undo(s, jane.token, code);
    assertEquals([tooOld.status, tooOld.body.error.code], [403, "FORBIDDEN"]);
    assertEquals((await doorState(s, code)).status, "VERIFIED");
    at(s, "2026-11-14T15:00");
    const manager = await undo(s, boss, code);
    assertEquals([manager.status, manager.body.ticket.status], [
      200,
      "RESERVED",
    ]);
    const d = await doorState(s, code);
    assertEquals([d.verified_count, d.entries_count], [0, 0]);
    assertEquals(d.kinds, ["VERIFIED", "UNDO", "VERIFIED", "UNDO"]);
  },
  AMS,
);

testEachEngine(
  "undo: nothing to undo, and its nonce replays",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    const op = await operator(s, "door");
    at(s, "2026-11-14T09:30");
    for (const c of [code, "7K3Q-W9M2-XC4T-PA8R-1VNE"]) {
      const r = await undo(s, op.token, c);
      assertEquals([r.status, r.body.error.code], [409, "NOTHING_TO_UNDO"]);
    }
    // A refused or repeated scan is no door event to undo.
    await checkIn(s, op.token, code, { direction: "OUT" });
    assertEquals((await undo(s, op.token, code)).status, 409);

    await checkIn(s, op.token, code);
    const nonce = freshNonce();
    const first = await undo(s, op.token, code, nonce);
    assertEquals(first.status, 200);
    await checkIn(s, op.token, code);
    const again = await undo(s, op.token, code, nonce);
    assertEquals([again.status, again.body], [200, first.body]);
    const d = await doorState(s, code);
    assertEquals([d.status, d.entries_count], ["VERIFIED", 1]);
    assertEquals(d.kinds, ["RESCAN", "VERIFIED", "UNDO", "VERIFIED"]);
    const reused = await checkIn(s, op.token, code, { nonce });
    assertEquals([reused.status, reused.body.error.code], [
      400,
      "VALIDATION_FAILED",
    ]);
  },
  AMS,
);
