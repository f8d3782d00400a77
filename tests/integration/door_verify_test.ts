/** verify-ticket shares the door's path: re-entry after an exit, and the live events each pass sends. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { OPEN_ALL_DAY, operator, reserved, verify } from "../helpers/scan.ts";
import { checkIn, doorState, setSettings, undo } from "../helpers/door.ts";
import { AMS, at } from "../helpers/venue_clock.ts";

testEachEngine(
  "verify-ticket re-admits a guest who scanned out, as check-in would",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    at(s, "2026-11-14T09:30");
    const jane = await operator(s, "jane", { name: "Jane Smith" });
    const first = await verify(s, jane.token, code);
    const by = { id: jane.id, name: "Jane Smith" };
    assertEquals(first.body, {
      result: "VERIFIED",
      verified_at: "2026-11-14T08:30:00.000Z",
      verified_by: by,
    });
    await checkIn(s, jane.token, code, { direction: "OUT" });
    at(s, "2026-11-14T10:00");
    const back = await verify(s, jane.token, code);
    assertEquals([back.status, back.body], [200, {
      result: "REENTRY",
      verified_at: "2026-11-14T08:30:00.000Z",
      verified_by: by,
    }]);
    assertEquals(
      (await verify(s, jane.token, code)).body.result,
      "ALREADY_VERIFIED",
    );
    let d = await doorState(s, code);
    assertEquals([d.verified_count, d.entries_count, d.exits_count], [1, 2, 1]);
    assertEquals(d.kinds, ["VERIFIED", "EXIT", "REENTRY", "RESCAN"]);

    await setSettings(s, { allow_reentry: false });
    await checkIn(s, jane.token, code, { direction: "OUT" });
    assertEquals(
      (await verify(s, jane.token, code)).body.result,
      "ALREADY_VERIFIED",
    );
    d = await doorState(s, code);
    assertEquals([d.inside, d.entries_count, d.exits_count], [false, 2, 2]);

    const short = await verify(s, jane.token, code, "x".repeat(15));
    assertEquals([short.status, short.body.error.code], [
      400,
      "VALIDATION_FAILED",
    ]);
  },
  AMS,
);

testEachEngine(
  "each door move tells the live dashboards its kind, after the commit",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    at(s, "2026-11-14T09:30");
    const op = await operator(s, "door");
    const sent: [number, string][] = [];
    const live = s.deps.live;
    const original = live.changed.bind(live);
    live.changed = (orq, slotId, kind) => {
      sent.push([orq, kind]);
      original(orq, slotId, kind);
    };
    await checkIn(s, op.token, code);
    await checkIn(s, op.token, code); // a re-scan changes no count
    await checkIn(s, op.token, code, { direction: "OUT" });
    await checkIn(s, op.token, code);
    await undo(s, op.token, code);
    await verify(s, op.token, code);
    assertEquals(sent, [
      [1, "verification"],
      [1, "check_out"],
      [1, "check_in"],
      [1, "undo"],
      [1, "check_in"],
    ]);
  },
  AMS,
);
