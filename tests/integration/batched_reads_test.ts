import { ok, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { seedSlot, seedTickets } from "../helpers/api.ts";
import { recordingDb } from "../helpers/db.ts";
import { createStore } from "../../db/store.ts";

testEachEngine(
  "concurrent ticket and slot reads share batched queries on the batch connection",
  async (s) => {
    const codes = await seedTickets(s.db, 100);
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
    });
    const { db, plain, batched } = recordingDb(s.db);
    const store = createStore(db);
    const asked = [...codes, ...codes, "0000000000000000ZZZZ"];
    const [tickets, slots] = await Promise.all([
      Promise.all(asked.map((c) => store.tickets.load(c))),
      Promise.all([slot, slot, 999_999].map((id) => store.slots.load(id))),
    ]);
    asked.forEach((c, i) => {
      if (i < 200) strictEqual(tickets[i]?.code, c);
      else strictEqual(tickets[i], null);
    });
    strictEqual(slots[0]?.id, slot);
    strictEqual(slots[1]?.id, slot);
    strictEqual(slots[2], null);
    strictEqual(plain.length, 0, "no batched read on the plain pool");
    ok(batched.length >= 2, `${batched.length} batched queries`);
    ok(batched.length <= 6, `${batched.length} queries for 204 reads`);

    if (s.engine === "postgres") {
      const [row] = await s.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database()
            AND application_name = 'timed-entry-batch'`,
      );
      strictEqual(row.n, 1, "one connection carries the batched reads");
    }
  },
);
