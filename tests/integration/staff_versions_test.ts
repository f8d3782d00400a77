/** lib/staff_versions.ts: token checks cost no query once an account is known. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { recordingDb } from "../helpers/db.ts";
import { seedStaff } from "../helpers/api.ts";
import { StaffVersions } from "../../lib/staff_versions.ts";

testEachEngine(
  "token versions: one read per account, then map lookups; a notified change applies at once",
  async (s) => {
    const id = await seedStaff(s.db, {
      username: "door",
      role: "OPERATOR",
      pin: "123456",
    });
    const rec = recordingDb(s.db);
    const versions = new StaffVersions(rec.db);
    await versions.ready();
    assertEquals(await versions.accepts(id, 1), true);
    const reads = rec.plain.length;
    for (let i = 0; i < 1000; i++) assertEquals(versions.accepts(id, 1), true);
    assertEquals(rec.plain.length, reads, "no query per check");

    // A change committed elsewhere arrives by NOTIFY.
    let revoked = false;
    const stop = versions.watch(id, 1, () => revoked = true);
    await s.db.begin(async (tx) => {
      await tx.query("UPDATE staff SET token_version = 2 WHERE id = $1", [id]);
      await versions.changed(tx, { id, tv: 2, disabled: false });
    });
    const start = performance.now();
    while (versions.accepts(id, 1) !== false) {
      assert(performance.now() - start < 1000, "not applied within 1 s");
      await new Promise((r) => setTimeout(r, 5));
    }
    assert(revoked);
    stop();
    assertEquals(versions.accepts(id, 2), true);
    assertEquals(await versions.accepts(999999, 1), false);
  },
);
