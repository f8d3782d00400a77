/** The database gauges of GET /metrics: one outbox read per scrape, outages as te_database_up 0. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { Registry } from "prom-client";
import type { Sql } from "../../db/client.ts";
import { registerDatabaseGauges } from "../../lib/metrics_gauges.ts";

/** A database that answers the two gauge reads, or fails while `down`. */
function fakeDb() {
  const state = {
    down: false,
    outboxReads: 0,
    slots: [{ orq: 1, utilization: 0.95 }, { orq: 2, utilization: 0.5 }],
  };
  const db: Sql = {
    query: <T>(text: string) => {
      if (state.down) return Promise.reject(new Error("connection refused"));
      if (text.includes("mail_outbox")) {
        state.outboxReads++;
        return Promise.resolve([{ pending: 3, age: 42.5 }] as T[]);
      }
      return Promise.resolve(state.slots as T[]);
    },
  };
  return { db, state };
}

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l && !l.startsWith("#"));
}

Deno.test("database gauges: values of one scrape, one outbox read", async () => {
  const { db, state } = fakeDb();
  const registry = new Registry();
  registerDatabaseGauges(registry, { db, now: () => new Date() });
  assertEquals(lines(await registry.metrics()), [
    "te_database_up 1",
    "te_mail_outbox_pending 3",
    "te_mail_outbox_oldest_pending_age_seconds 42.5",
    'te_slot_utilization_max{orq="1"} 0.95',
    'te_slot_utilization_max{orq="2"} 0.5',
  ]);
  assertEquals(state.outboxReads, 1);
  // An organization whose slots have all ended drops out.
  state.slots = [{ orq: 2, utilization: 0.6 }];
  const next = lines(await registry.metrics());
  assert(!next.some((l) => l.includes('orq="1"')), next.join("\n"));
  assert(next.includes('te_slot_utilization_max{orq="2"} 0.6'));
  assertEquals(state.outboxReads, 2);
});

Deno.test("database gauges: an outage reads te_database_up 0, keeps the rest", async () => {
  const { db, state } = fakeDb();
  const registry = new Registry();
  registerDatabaseGauges(registry, { db, now: () => new Date() });
  await registry.metrics();
  state.down = true;
  assertEquals(lines(await registry.metrics()), [
    "te_database_up 0",
    "te_mail_outbox_pending 3",
    "te_mail_outbox_oldest_pending_age_seconds 42.5",
    'te_slot_utilization_max{orq="1"} 0.95',
    'te_slot_utilization_max{orq="2"} 0.5',
  ]);
  state.down = false;
  assert(lines(await registry.metrics()).includes("te_database_up 1"));
});
