/**
 * Upgrades (docs/operations.md "Upgrades"): a database of the back office
 * release (tests/fixtures/schema_0006.sql) migrates at start, keeps every row
 * with the meaning the new schema gives it, and the app serves it.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { get, login, post, reservationBody } from "../helpers/api.ts";
import { checkIn, doorState } from "../helpers/door.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import {
  FIXTURE_PASSWORD,
  FIXTURE_PIN,
  loadFixture,
} from "../helpers/release_fixture.ts";
import type { Sql } from "../../db/client.ts";

const MIGRATIONS = new URL("../../db/migrations/", import.meta.url);

/** Ticket codes of the fixture by id. */
const code = (id: number) => `FXTR${String(id).padStart(16, "0")}`;

/** Rows as a plain array (postgres.js answers a subclass). */
async function rows<T>(db: Sql, text: string): Promise<T[]> {
  return [...await db.query<T>(text)];
}

async function migrationNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(MIGRATIONS)) {
    if (e.isFile && /^\d{4}_.+\.sql$/.test(e.name)) names.push(e.name);
  }
  return names.sort();
}

testEachEngine(
  "a back office release database migrates at start and keeps every row with its meaning",
  async (s) => {
    const applied = await rows<{ name: string; applied_at: Date }>(
      s.db,
      "SELECT name, applied_at FROM schema_migrations ORDER BY name",
    );
    assertEquals(applied.map((r) => r.name), await migrationNames());
    // The release's rows are kept as they were; the new ones came at start.
    assertEquals(
      applied.slice(0, 6).map((r) => new Date(r.applied_at).toISOString()),
      [1, 2, 3, 4, 5, 6].map((d) => `2026-10-0${d}T08:00:00.000Z`),
    );
    assertEquals(await brokenInvariants(s.db), []);

    const counts = await rows<Record<string, number>>(
      s.db,
      `SELECT (SELECT count(*)::int FROM organizations) AS organizations,
              (SELECT count(*)::int FROM staff) AS staff,
              (SELECT count(*)::int FROM tickets) AS tickets,
              (SELECT count(*)::int FROM reservation_slots) AS slots,
              (SELECT count(*)::int FROM ticket_reservations) AS reservations,
              (SELECT count(*)::int FROM verification_events) AS events,
              (SELECT count(*)::int FROM mail_outbox) AS mail,
              (SELECT count(*)::int FROM audit_log) AS audit,
              (SELECT count(*)::int FROM app_settings) AS settings`,
    );
    assertEquals(counts[0], {
      organizations: 2,
      staff: 7,
      tickets: 15,
      slots: 7,
      reservations: 11,
      events: 7,
      mail: 12,
      audit: 6,
      settings: 1,
    });

    // Admissions before the door's migration count as entries, nobody left.
    assertEquals(
      await rows(
        s.db,
        `SELECT id, status, booked_count, verified_count, entries_count, exits_count
           FROM reservation_slots ORDER BY id`,
      ),
      [
        [1, "ACTIVE", 2, 1],
        [2, "ACTIVE", 3, 2],
        [3, "FULL", 2, 0],
        [4, "ACTIVE", 1, 0],
        [5, "CLOSED", 0, 0],
        [6, "ACTIVE", 0, 0],
        [7, "ACTIVE", 2, 1],
      ].map(([id, status, booked, verified]) => ({
        id,
        status,
        booked_count: booked,
        verified_count: verified,
        entries_count: verified,
        exits_count: 0,
      })),
    );
    // VERIFIED tickets are inside; no other is.
    assertEquals(
      await rows(
        s.db,
        "SELECT id, status, inside FROM tickets ORDER BY id",
      ),
      [
        "PENDING_PAYMENT",
        "ACTIVATED",
        "ACTIVATED",
        "EXPIRED",
        "VERIFIED",
        "EXPIRED",
        "RESERVED",
        "VERIFIED",
        "VERIFIED",
        "RESERVED",
        "RESERVED",
        "RESERVED",
        "VERIFIED",
        "RESERVED",
        "ACTIVATED",
      ].map((status, i) => ({
        id: i + 1,
        status,
        inside: status === "VERIFIED",
      })),
    );
    assertEquals(
      (await rows<{ status: string }>(
        s.db,
        "SELECT status FROM ticket_reservations ORDER BY id",
      )).map((r) => r.status),
      [
        "VERIFIED",
        "EXPIRED",
        "CANCELLED",
        "RESERVED",
        "VERIFIED",
        "VERIFIED",
        "RESERVED",
        "RESERVED",
        "RESERVED",
        "VERIFIED",
        "RESERVED",
      ],
    );
    // Old events keep their kinds and nonces, with no door columns; a nonce
    // is now unique per organization (one is in both organizations).
    assertEquals(
      await rows(
        s.db,
        `SELECT id::int, orq, kind, nonce, direction, gate, answer, undone_at
           FROM verification_events ORDER BY id`,
      ),
      [
        [1, 1, "VERIFIED", "nonce-0001-aaaaaaaa"],
        [2, 1, "RESCAN", "nonce-0002-bbbbbbbb"],
        [3, 1, "EXPIRED", null],
        [4, 1, "VERIFIED", "nonce-0003-cccccccc"],
        [5, 1, "VERIFIED", "nonce-0004-dddddddd"],
        [6, 1, "RESCAN", null],
        [7, 2, "VERIFIED", "nonce-0001-aaaaaaaa"],
      ].map(([id, orq, kind, nonce]) => ({
        id,
        orq,
        kind,
        nonce,
        direction: null,
        gate: null,
        answer: null,
        undone_at: null,
      })),
    );
    const nonceIndex = await rows<{ indexdef: string }>(
      s.db,
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'verification_events_nonce_key'`,
    );
    assertEquals(
      nonceIndex[0].indexdef.replace(/.* USING btree /, ""),
      "(orq, nonce) WHERE (nonce IS NOT NULL)",
    );
    assertEquals(
      (await rows<{ status: string }>(
        s.db,
        "SELECT status FROM mail_outbox ORDER BY id",
      )).map((r) => r.status),
      [
        "SENT",
        "SENT",
        "SENT",
        "SENT",
        "SENT",
        "SENT",
        "SENT",
        "PENDING",
        "FAILED",
        "PENDING",
        "SENT",
        "SENT",
      ],
    );
    assertEquals(
      await rows(
        s.db,
        `SELECT orq, settings, locale FROM organizations ORDER BY orq`,
      ),
      [
        {
          orq: 1,
          settings: {
            entry_opens_minutes_before: 30,
            booking_horizon_days: 60,
          },
          locale: "en",
        },
        { orq: 2, settings: {}, locale: "de" },
      ],
    );
    assertEquals(
      await rows(
        s.db,
        "SELECT username, disabled, token_version FROM staff WHERE id = 5",
      ),
      [{ username: "olga", disabled: true, token_version: 3 }],
    );
  },
  { beforeMigrate: (db) => loadFixture(db) },
);

testEachEngine(
  "the upgraded database serves customers, the door, the dashboard and sign-ins",
  async (s) => {
    // Staff of the release sign in with their secrets; a disabled one cannot.
    const otto = await login(s.url, "otto", { password: FIXTURE_PASSWORD });
    await login(s.url, "otto", { pin: FIXTURE_PIN });
    const max = await login(s.url, "max", { password: FIXTURE_PASSWORD });
    const olga = await post(s.url, "/api/operator/login", {
      username: "olga",
      pin: FIXTURE_PIN,
    });
    assertEquals(olga.status === 200, false, JSON.stringify(olga.body));

    // A customer books the ticket whose earlier reservation was cancelled.
    const booked = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(code(3), 4),
    );
    assertEquals(booked.status, 201, JSON.stringify(booked.body));
    const full = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(code(2), 3),
    );
    assertEquals(full.status, 409, JSON.stringify(full.body));

    // Today's reserved ticket is admitted at the door.
    const door = await checkIn(s, otto, code(7), {
      nonce: "upgrade-check-in-0001",
    });
    assertEquals(
      [door.status, door.body.result, door.body.checked_in],
      [200, "GREEN", true],
      JSON.stringify(door.body),
    );
    const seven = await doorState(s, code(7));
    assertEquals(
      [seven.status, seven.inside, seven.verified_count, seven.entries_count],
      ["VERIFIED", true, 3, 3],
    );
    // A ticket admitted before the upgrade is inside: it can go out.
    const out = await checkIn(s, otto, code(8), { direction: "OUT" });
    assertEquals(out.status, 200, JSON.stringify(out.body));
    const eight = await doorState(s, code(8));
    assertEquals([eight.inside, eight.exits_count], [false, 1]);
    // A nonce spent before the upgrade replays its first answer...
    const replay = await checkIn(s, otto, code(8), {
      nonce: "nonce-0003-cccccccc",
    });
    assertEquals(
      [replay.status, replay.body.result],
      [200, "GREEN"],
      JSON.stringify(replay.body),
    );
    // ...and is refused for another ticket.
    const reused = await checkIn(s, otto, code(10), {
      nonce: "nonce-0004-dddddddd",
    });
    assertEquals(
      [reused.status, reused.body.error?.code],
      [400, "VALIDATION_FAILED"],
    );

    const summary = await get(s.url, "/api/dashboard/summary?orq=1", max);
    assertEquals(summary.status, 200, JSON.stringify(summary.body));
    assertEquals(
      [
        summary.body.date,
        // deno-lint-ignore no-explicit-any
        summary.body.slots.map((x: any) => [x.id, x.entries, x.exits]),
      ],
      ["2026-11-26", [[2, 3, 1], [3, 0, 0], [6, 0, 0]]],
    );
    // The back office finds the release's rows: by an accent-free fragment
    // of an email stored with accents, and in the audit log.
    const found = await get(s.url, "/api/reservations?orq=1&q=muller", max);
    assertEquals(
      [found.status, found.body.items?.map((i: { id: number }) => i.id)],
      [200, [4]],
      JSON.stringify(found.body),
    );
    const ada = await login(s.url, "ada", { password: FIXTURE_PASSWORD });
    const audit = await get(s.url, "/api/audit?orq=1", ada);
    assertEquals(audit.status, 200, JSON.stringify(audit.body));
    const actions = audit.body.items.map((i: { action: string }) => i.action);
    for (
      const action of ["organization.update", "staff.update", "ticket.import"]
    ) {
      assertEquals(actions.includes(action), true, action);
    }
    assertEquals(await brokenInvariants(s.db), []);
  },
  { beforeMigrate: (db) => loadFixture(db) },
);
