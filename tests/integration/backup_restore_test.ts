/**
 * Backup and restore on both engines (lib/backup.ts, lib/restore.ts): a
 * backup taken in the middle of a stampede of reservations restores to a
 * consistent point in time, and one taken at rest brings back every count
 * and every ticket; the app then serves a reservation and a scan on it.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { type Db, openPglite } from "../../db/client.ts";
import { connectPostgres } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { takeBackup } from "../../lib/backup.ts";
import {
  engineOfFile,
  restorePglite,
  restorePostgres,
  TargetNotEmpty,
} from "../../lib/restore.ts";
import {
  engines,
  startServer,
  type TestServer,
  throwawayPostgres,
} from "../helpers/server.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import { seedVenue, snapshot, stampede } from "../helpers/backup.ts";
import {
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { operator, verify } from "../helpers/scan.ts";
import { DAY } from "../helpers/backup.ts";

const NOW = `${DAY}T10:00:00Z`;
const CAPACITY = 500;
const TICKETS = 1500;

/** A fresh empty target, the backup restored into it, and a way to drop it. */
async function restoreInto(
  engine: "postgres" | "pglite",
  file: string,
): Promise<
  { open: () => Promise<Db>; target: string; drop: () => Promise<void> }
> {
  if (engine === "postgres") {
    const pg = await throwawayPostgres();
    await restorePostgres(file, pg.url);
    return {
      target: pg.url,
      open: () => Promise.resolve(connectPostgres(pg.url, { max: 4 })),
      drop: pg.drop,
    };
  }
  const dir = await Deno.makeTempDir({ prefix: "te-restore-" });
  await restorePglite(file, dir);
  return {
    target: `${dir}/pgdata`,
    open: () => openPglite(`${dir}/pgdata`),
    drop: () => Deno.remove(dir, { recursive: true }),
  };
}

for (const engine of engines()) {
  Deno.test({
    name:
      `a backup mid-stampede and one at rest restore consistently [${engine}]`,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const dir = await Deno.makeTempDir({ prefix: "te-backups-" });
      const s = await startServer(engine, { now: NOW });
      const cleanups: (() => Promise<void>)[] = [];
      try {
        const { slots, free } = await seedVenue(s, {
          capacity: CAPACITY,
          tickets: TICKETS,
          booked: 40,
        });
        const before = await snapshot(s.db);
        const backup = (now: string) =>
          takeBackup(s.db, {
            dir,
            databaseUrl: s.databaseUrl,
            now: new Date(now),
          });

        // Reservations keep coming before, during and after the backup.
        let replied = 0;
        let afterBackup = -1;
        const stop = () => afterBackup >= 0 && replied - afterBackup >= 100;
        const running = stampede(s.url, free, slots, {
          workers: 16,
          stop: () => (replied++, stop()),
        });
        while (replied < 50) await new Promise((r) => setTimeout(r, 5));
        const during = await backup(`${DAY}T10:01:00Z`);
        afterBackup = replied;
        const answered = await running;
        ok(stop(), "the stampede ran out of tickets before the backup ended");
        ok(answered.every((r) => r.status === 201 || r.status === 409));
        const after = await snapshot(s.db);
        strictEqual(
          after.reservations.length - before.reservations.length,
          answered.filter((r) => r.status === 201).length,
        );
        const rest = await backup(`${DAY}T10:02:00Z`);
        strictEqual(await engineOfFile(during.path), engine);

        // Mid-stampede: consistent, and a point between before and after.
        const mid = await restoreInto(engine, during.path);
        cleanups.push(mid.drop);
        const midDb = await mid.open();
        try {
          await migrate(midDb);
          deepStrictEqual(await brokenInvariants(midDb), []);
          const got = await snapshot(midDb);
          // Strictly between: taken while reservations were committing.
          ok(got.reservations.length > before.reservations.length);
          ok(got.reservations.length < after.reservations.length);
          const final = new Map(after.reservations.map((r) => [r.id, r]));
          for (const r of got.reservations) deepStrictEqual(r, final.get(r.id));
          deepStrictEqual(got.counts, {
            ...after.counts,
            mails: got.reservations.length,
          });
          const reserved = new Set(got.reservations.map((r) => r.code));
          for (const t of got.tickets) {
            strictEqual(
              t.status === "RESERVED" || t.status === "VERIFIED",
              reserved.has(t.code as string),
            );
          }
        } finally {
          await midDb.close();
        }

        // At rest: everything back, and restore refuses to overwrite it.
        const full = await restoreInto(engine, rest.path);
        cleanups.push(full.drop);
        await refusesNonEmpty(engine, rest.path, full.target);
        const restored = await startServer(engine, {
          now: NOW,
          ...(engine === "postgres"
            ? { databaseUrl: full.target }
            : { pgliteDir: full.target }),
        });
        try {
          deepStrictEqual(await brokenInvariants(restored.db), []);
          deepStrictEqual(await snapshot(restored.db), after);
          await servesReservationAndScan(restored);
        } finally {
          await restored.close();
        }
      } finally {
        await s.close();
        for (const c of cleanups) await c().catch(() => {});
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

/** Restoring again into the now non-empty target fails, and changes nothing. */
async function refusesNonEmpty(
  engine: "postgres" | "pglite",
  file: string,
  target: string,
): Promise<void> {
  const again = engine === "postgres"
    ? restorePostgres(file, target)
    : restorePglite(file, target.replace(/\/pgdata$/, ""));
  await again.then(
    () => ok(false, "restore overwrote a database"),
    (err) => ok(err instanceof TargetNotEmpty, String(err)),
  );
}

/** A new reservation and a verification work on the restored database. */
async function servesReservationAndScan(s: TestServer): Promise<void> {
  const slot = await seedSlot(s.db, {
    date: DAY,
    start: "08:00",
    end: "17:00",
  });
  const [code] = await seedTickets(s.db, 1);
  const r = await post(
    s.url,
    "/api/reservations/create",
    reservationBody(code, slot),
  );
  strictEqual(r.status, 201, JSON.stringify(r.body));
  const door = await operator(s, "door-after-restore");
  const scan = await verify(s, door.token, code);
  strictEqual(scan.status, 200, JSON.stringify(scan.body));
  deepStrictEqual(await brokenInvariants(s.db), []);
}
