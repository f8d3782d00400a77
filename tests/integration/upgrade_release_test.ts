/**
 * Upgrades (docs/operations.md "Upgrades"): instances starting together on an
 * older release's database migrate it once, and released migrations never
 * change.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { connectPostgres } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { engines, startServer, throwawayPostgres } from "../helpers/server.ts";
import { login } from "../helpers/api.ts";
import { checkIn } from "../helpers/door.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import { FIXTURE_PASSWORD, loadFixture } from "../helpers/release_fixture.ts";

const MIGRATIONS = new URL("../../db/migrations/", import.meta.url);

/**
 * SHA-256 of every released migration. A released migration is never edited:
 * databases in production ran it as it was. Change the schema with a new
 * migration instead, and add each migration here once it is released.
 */
const RELEASED: Record<string, string> = {
  "0001_init.sql":
    "315455272fdf5678c47913c086dd1942527bc0624c6a5ce90c323a4ff6409b0c",
  "0002_expiry_indexes.sql":
    "73cd75f74d460471860eb7550c88bd645fdcb8a90e987a498f79272065d190ac",
  "0003_reservation_version.sql":
    "f7e5e191093669acff070e2beafe7180861c344fb647a15258ae1e329ef2e2ea",
  "0004_back_office.sql":
    "2ffa64a39e551b8e84bd52349aa25a0e7ede6c58dfb2c7dabbb4a058fbe46ddf",
  "0005_reservation_search.sql":
    "9966d8bb84a26e28169a06e8a35df5fe531e767ba74f26500f397c00ebd55c07",
  "0006_ticket_search.sql":
    "3355d6db1eb171efbd3e68c2ec0cfadf671c4cc1a04546bdd0c1d83be09b0287",
};

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function migrationNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(MIGRATIONS)) {
    if (e.isFile && /^\d{4}_.+\.sql$/.test(e.name)) names.push(e.name);
  }
  return names.sort();
}

Deno.test("released migrations are unchanged and later ones only follow them", async () => {
  const names = await migrationNames();
  const released = Object.keys(RELEASED);
  // Forward only: the released ones first, in order, none inserted among them.
  assertEquals(names.slice(0, released.length), released);
  const numbers = names.map((n) => n.slice(0, 4));
  assertEquals(new Set(numbers).size, numbers.length, "duplicate number");
  for (const name of released) {
    const bytes = await Deno.readFile(new URL(name, MIGRATIONS));
    assertEquals(
      await sha256(bytes),
      RELEASED[name],
      `${name} was edited after its release; add a new migration instead`,
    );
  }
});

Deno.test({
  name:
    "two instances starting at once on a release database migrate it once and both serve [postgres]",
  ignore: !engines().includes("postgres"),
  fn: async () => {
    const pg = await throwawayPostgres();
    const direct = connectPostgres(pg.url, { max: 2 });
    try {
      await loadFixture(direct);
      const [a, b] = await Promise.all([
        startServer("postgres", { databaseUrl: pg.url }),
        startServer("postgres", { databaseUrl: pg.url }),
      ]);
      try {
        const applied = await direct.query<{ name: string; at: string }>(
          `SELECT name, applied_at::text AS at FROM schema_migrations ORDER BY name`,
        );
        const names = await migrationNames();
        assertEquals(applied.map((r) => r.name), names);
        // The new migrations went in together, in one transaction (one now()).
        const fresh = applied.slice(Object.keys(RELEASED).length);
        assertEquals(fresh.length > 0, true);
        assertEquals(new Set(fresh.map((r) => r.at)).size, 1);
        assertEquals(await brokenInvariants(direct), []);

        // Both serve the same data: a check-in on one replays on the other.
        const onA = await login(a.url, "otto", { password: FIXTURE_PASSWORD });
        const onB = await login(b.url, "otto", { password: FIXTURE_PASSWORD });
        const code = "FXTR0000000000000007";
        const nonce = "two-instances-0001";
        const first = await checkIn(a, onA, code, { nonce });
        const again = await checkIn(b, onB, code, { nonce });
        assertEquals([first.status, first.body.result], [200, "GREEN"]);
        assertEquals([again.status, again.body], [200, first.body]);
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      await direct.close();
      await pg.drop();
    }
  },
});

Deno.test({
  name:
    "migrations racing on a release database: one applies them, the other finds nothing left [postgres]",
  ignore: !engines().includes("postgres"),
  fn: async () => {
    const pg = await throwawayPostgres();
    const one = connectPostgres(pg.url, { max: 2 });
    const two = connectPostgres(pg.url, { max: 2 });
    try {
      await loadFixture(one);
      const results = await Promise.all([migrate(one), migrate(two)]);
      const fresh = (await migrationNames()).slice(
        Object.keys(RELEASED).length,
      );
      assertEquals(
        results.map((r) => r.length).sort(),
        [0, fresh.length],
      );
      assertEquals(results.flat(), fresh);
    } finally {
      await one.close();
      await two.close();
      await pg.drop();
    }
  },
});

Deno.test({
  name:
    "a migration that fails leaves the release database as it was; fixed data then migrates [postgres]",
  ignore: !engines().includes("postgres"),
  fn: async () => {
    const pg = await throwawayPostgres();
    const db = connectPostgres(pg.url, { max: 2 });
    try {
      await loadFixture(db);
      // An index made by hand under a name 0007 wants: 0007 fails.
      await db.query(
        "CREATE INDEX verification_events_orq_created_idx ON verification_events (id)",
      );
      // Nonces were unique per staff member: two operators of one
      // organization could share one; 0007 keeps the first event's.
      await db.query(
        `INSERT INTO verification_events (orq, ticket_id, reservation_id, staff_id, kind, nonce)
         VALUES (1, 8, 5, 5, 'RESCAN', 'nonce-0003-cccccccc')`,
      );
      const failed = await migrate(db).then(() => null, (e: Error) => e);
      assertEquals(
        /verification_events_orq_created_idx/.test(String(failed)),
        true,
        String(failed),
      );
      const names = await db.query<{ name: string }>(
        "SELECT name FROM schema_migrations ORDER BY name",
      );
      assertEquals(names.map((r) => r.name), Object.keys(RELEASED));
      const door = await db.query(
        `SELECT 1 FROM information_schema.columns
          WHERE table_name = 'reservation_slots' AND column_name = 'entries_count'`,
      );
      assertEquals(door.length, 0);

      await db.query("DROP INDEX verification_events_orq_created_idx");
      const fresh = (await migrationNames()).slice(
        Object.keys(RELEASED).length,
      );
      assertEquals(await migrate(db), fresh);
      assertEquals(await brokenInvariants(db), []);
      const shared = await db.query<{ kind: string; nonce: string | null }>(
        `SELECT kind, nonce FROM verification_events
          WHERE orq = 1 AND ticket_id = 8 ORDER BY id`,
      );
      assertEquals(
        shared.filter((e) => e.nonce === "nonce-0003-cccccccc"),
        [{ kind: "VERIFIED", nonce: "nonce-0003-cccccccc" }],
      );
      assertEquals(shared.at(-1), { kind: "RESCAN", nonce: null });
    } finally {
      await db.close();
      await pg.drop();
    }
  },
});
