/**
 * `GET /api/operator/offline-kit` (API.md "Offline scanning"): the full kit,
 * incremental kits from its cursor, a full kit again for yesterday's,
 * unknown or another organization's cursor; compressed; 30 a minute.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  get,
  login,
  post,
  reserveOnNewSlot,
  staffToken,
} from "../helpers/api.ts";
import { OPEN_ALL_DAY, operator } from "../helpers/scan.ts";
import { checkIn, setSettings, undo } from "../helpers/door.ts";
import { AMS, at } from "../helpers/venue_clock.ts";
import { signatureOf } from "../helpers/signed.ts";
import { offlineKit } from "../../routes/openapi/offline_operations.ts";

const KIT = "/api/operator/offline-kit";

function kit(s: { url: string }, token: string, since?: string) {
  return get(
    s.url,
    since === undefined ? KIT : `${KIT}?since=${encodeURIComponent(since)}`,
    token,
  );
}

const sorted = (xs: string[]) => [...xs].sort();

testEachEngine(
  "a full kit, then only the changes since its cursor; yesterday's cursor gets a full kit",
  async (s) => {
    at(s, "2026-11-14T08:00");
    await setSettings(s, { entry_opens_minutes_before: 30 });
    const boss = await staffToken(s, "boss", "MANAGER");
    const jane = await operator(s, "jane");
    const a = await reserveOnNewSlot(s, OPEN_ALL_DAY);
    const b = await reserveOnNewSlot(s, { ...OPEN_ALL_DAY, start: "09:30" });
    const c = await reserveOnNewSlot(s, { ...OPEN_ALL_DAY, start: "10:00" });
    const [ha, hb, hc] = await Promise.all(
      [a, b, c].map(async (r) =>
        (await signatureOf(s.db, r.code)).signature_hash!
      ),
    );
    at(s, "2026-11-14T10:00");
    await checkIn(s, jane.token, a.code);
    await checkIn(s, jane.token, b.code);
    await checkIn(s, jane.token, b.code, { direction: "OUT" });

    at(s, "2026-11-14T10:05");
    const full = await kit(s, jane.token);
    assertEquals(full.status, 200);
    assertEquals(full.body.server_time, "2026-11-14T09:05:00.000Z");
    assertEquals(full.body.full, true);
    // The documented shape (routes/openapi/offline_operations.ts).
    offlineKit.parse(full.body);
    assertEquals(full.body.org, {
      orq: 1,
      timezone: "Europe/Amsterdam",
      entry_opens_minutes_before: 30,
      entry_closes_minutes_after_start: null,
      allow_reentry: true,
    });
    assertEquals(full.body.keys.length, 1);
    assertEquals(
      Object.keys(full.body.keys[0]).includes("private_key_enc"),
      false,
    );
    assertEquals(full.body.revoked, { add: [], remove: [] });
    assertEquals(full.body.verified.date, "2026-11-14");
    assertEquals(sorted(full.body.verified.add), sorted([ha, hb]));
    assertEquals(full.body.verified.inside, [ha]);
    assertEquals(full.body.verified.remove, []);

    // Changes: c cancelled (revoked), b back in, a's admission undone.
    at(s, "2026-11-14T10:10");
    const cancelled = await post(
      s.url,
      `/api/reservations/${(await signatureOf(s.db, c.code)).id}/cancel`,
      {},
      boss,
    );
    assertEquals(cancelled.status, 200);
    await checkIn(s, jane.token, b.code);
    assertEquals((await undo(s, boss, a.code)).status, 200);

    at(s, "2026-11-14T10:15");
    const next = await kit(s, jane.token, full.body.cursor);
    assertEquals(next.body.full, false);
    offlineKit.parse(next.body);
    assertEquals(next.body.revoked, { add: [hc], remove: [] });
    assertEquals(next.body.verified.add, [hb]);
    assertEquals(next.body.verified.inside, [hb]);
    assertEquals(next.body.verified.remove, [ha]);

    // Nothing since: empty lists (beyond the overlap of a minute).
    at(s, "2026-11-14T10:20");
    const quiet = await kit(s, jane.token, next.body.cursor);
    assertEquals([
      quiet.body.full,
      quiet.body.revoked.add,
      quiet.body.verified.add,
    ], [
      false,
      [],
      [],
    ]);

    // A revoked payload is listed until its end (c: 10:00–17:00), then removed.
    at(s, "2026-11-14T17:05");
    // A sign-in lasts 8 hours: the evening shift signs in again.
    const evening = await login(s.url, "jane", { password: "door-password-1" });
    const ended = await kit(s, evening, quiet.body.cursor);
    assertEquals(ended.body.revoked, { add: [], remove: [hc] });

    // The next day, yesterday's cursor → a full kit of the new day.
    at(s, "2026-11-15T08:00");
    const morning = await login(s.url, "jane", { password: "door-password-1" });
    const tomorrow = await kit(s, morning, ended.body.cursor);
    assertEquals([tomorrow.body.full, tomorrow.body.verified.date], [
      true,
      "2026-11-15",
    ]);
    assertEquals(tomorrow.body.verified.add, []);
    for (const bad of ["nonsense", "k1.2.2026-11-15.0.0.1"]) {
      assertEquals((await kit(s, morning, bad)).body.full, true);
    }
  },
  AMS,
);

testEachEngine(
  "the kit is compressed, for staff only, and limited to 30 a minute",
  async (s) => {
    const jane = await operator(s, "jane");
    assertEquals((await get(s.url, KIT)).status, 401);
    const res = await fetch(s.url + KIT, {
      headers: {
        authorization: `Bearer ${jane.token}`,
        "accept-encoding": "gzip",
      },
    });
    assertEquals(res.status, 200);
    // Small kits stay below the compression threshold; the header is allowed.
    await res.arrayBuffer();
    assertEquals(
      (await get(s.url, `${KIT}?since=${"x".repeat(300)}`, jane.token)).status,
      400,
    );
    let last = 0;
    for (let i = 0; i < 30; i++) last = (await kit(s, jane.token)).status;
    assertEquals(last, 429);
    const limited = await kit(s, jane.token);
    assertEquals(limited.body.error.code, "RATE_LIMITED");
    assert(limited.headers.get("retry-after"));
  },
);
