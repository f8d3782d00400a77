/** Sync refuses bad uploads whole (400, 413, 429) and changes nothing; 1 MiB is its limit, not 64 KiB. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call, post } from "../helpers/api.ts";
import { stateFingerprint } from "../helpers/state.ts";
import { OPEN_ALL_DAY, operator, reserved } from "../helpers/scan.ts";
import { doorState, freshNonce } from "../helpers/door.ts";
import { AMS, at } from "../helpers/venue_clock.ts";
import { offlineScan, sync } from "../helpers/sync.ts";

testEachEngine(
  "bad sync uploads: 400 naming the field, 413 beyond 1 MiB, nothing changed; a 500-scan upload over 64 KiB is fine",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, OPEN_ALL_DAY);
    at(s, "2026-11-14T10:50");
    const op = await operator(s, "door");
    const good = offlineScan(code, "2026-11-14T10:40", op.id);
    const bad: [Record<string, unknown>, string][] = [
      [{ scans: [good] }, "device"],
      [{ device: "", scans: [good] }, "device"],
      [{ device: "d".repeat(101), scans: [good] }, "device"],
      [{ device: "a\nb", scans: [good] }, "device"],
      [{ device: 7, scans: [good] }, "device"],
      [{ device: "p" }, "scans"],
      [{ device: "p", scans: {} }, "scans"],
      [{ device: "p", scans: Array(501).fill(good) }, "scans"],
      [{ device: "p", scans: [{ ...good, nonce: "short" }] }, "scans.0.nonce"],
      [{ device: "p", scans: [{ ...good, code: 12 }] }, "scans.0.code"],
      [
        { device: "p", scans: [{ ...good, scanned_at: "yesterday" }] },
        "scans.0.scanned_at",
      ],
      [
        {
          device: "p",
          scans: [{ ...good, scanned_at: "2026-11-14T10:40:00" }],
        },
        "scans.0.scanned_at",
      ],
      [{ device: "p", scans: [{ ...good, gate: "" }] }, "scans.0.gate"],
      [
        { device: "p", scans: [{ ...good, direction: "UP" }] },
        "scans.0.direction",
      ],
      [
        { device: "p", scans: [{ ...good, offline_result: "BLUE" }] },
        "scans.0.offline_result",
      ],
      [
        { device: "p", scans: [{ ...good, offline_result: undefined }] },
        "scans.0.offline_result",
      ],
      [
        { device: "p", scans: [{ ...good, scanned_by: "1" }] },
        "scans.0.scanned_by",
      ],
      [
        { device: "p", scans: [{ ...good, scanned_by: 2 ** 31 }] },
        "scans.0.scanned_by",
      ],
      [{ device: "p", scans: [{ ...good, extra: 1 }] }, "scans.0.extra"],
      [{ device: "p", scans: [good], extra: 1 }, "extra"],
    ];
    const before = await stateFingerprint(s.db);
    for (const [json, field] of bad) {
      const r = await post(s.url, "/api/operator/sync", json, op.token);
      const what = `${JSON.stringify(json).slice(0, 200)} → ${r.status}`;
      assertEquals(
        [r.status, r.body.error?.code],
        [400, "VALIDATION_FAILED"],
        what,
      );
      assert(
        field in r.body.error.details.fields,
        `${what} ${JSON.stringify(r.body)}`,
      );
    }
    const raw = await call(s.url, "POST", "/api/operator/sync", {
      raw: "{not json",
      token: op.token,
    });
    assertEquals(raw.status, 400);
    const huge = await post(s.url, "/api/operator/sync", {
      device: "p",
      scans: [{ ...good, code: "A".repeat(1024 * 1024) }],
    }, op.token);
    assertEquals([huge.status, huge.body.error.code], [
      413,
      "PAYLOAD_TOO_LARGE",
    ]);
    const chunked = await fetch(`${s.url}/api/operator/sync`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${op.token}`,
        "content-type": "application/json",
      },
      body: new Blob(["x".repeat(1024 * 1024 + 1)]).stream(),
    });
    assertEquals(chunked.status, 413);
    await chunked.body?.cancel();
    assertEquals(await stateFingerprint(s.db), before);
    assertEquals((await doorState(s, code)).status, "RESERVED");

    // 500 scans of ~200 bytes each: far beyond 64 KiB, within 1 MiB.
    const many = Array.from(
      { length: 500 },
      (_, i) =>
        offlineScan(
          i === 0 ? code : `NOTATICKET${String(i).padStart(6, "0")}`,
          "2026-11-14T10:40",
          op.id,
          {
            gate: `Gate ${"x".repeat(40)}`,
            nonce: `${freshNonce()}-${"n".repeat(40)}`,
          },
        ),
    );
    assert(JSON.stringify({ device: "p", scans: many }).length > 64 * 1024);
    const r = await sync(s, op.token, "p", many);
    assertEquals(r.status, 200);
    assertEquals(r.body.results.length, 500);
    assertEquals(r.body.results[0].outcome, "ACCEPTED");
    assertEquals(r.body.results[499].reason, "INVALID_TICKET");
  },
  AMS,
);

testEachEngine(
  "sync: 30 uploads a minute per staff member, then 429 with Retry-After",
  async (s) => {
    const op = await operator(s, "door");
    const other = await operator(s, "door-2");
    for (let i = 0; i < 30; i++) {
      const r = await sync(s, op.token, "p", []);
      assertEquals(r.status, 200);
    }
    const over = await sync(s, op.token, "p", []);
    assertEquals([over.status, over.body.error.code], [429, "RATE_LIMITED"]);
    assert(over.headers.get("retry-after"));
    assertEquals((await sync(s, other.token, "p", [])).status, 200);
  },
);
