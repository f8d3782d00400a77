/** GET and PATCH /api/organizations/:orq (API.md "Organization settings"). */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import {
  call,
  get,
  login,
  post,
  seedSlot,
  staffToken,
} from "../helpers/api.ts";
import { stateFingerprint } from "../helpers/state.ts";
import { DEFAULT_SETTINGS } from "../../domain/org_settings.ts";

function patch(
  s: TestServer,
  orq: number | string,
  json: unknown,
  token: string,
) {
  return call(s.url, "PATCH", `/api/organizations/${orq}`, { json, token });
}

async function orgState(s: TestServer): Promise<string> {
  const rows = await s.db.query(
    `SELECT orq, name, timezone, country, address, contact_email, brand_color,
            locale, settings FROM organizations ORDER BY orq`,
  );
  const [audit] = await s.db.query("SELECT count(*)::int AS n FROM audit_log");
  return JSON.stringify([rows, audit, await stateFingerprint(s.db)]);
}

async function secondOrg(s: TestServer): Promise<number> {
  const [{ orq }] = await s.db.query<{ orq: number }>(
    "INSERT INTO organizations (name, timezone) VALUES ('Other', 'UTC') RETURNING orq",
  );
  return orq;
}

testEachEngine(
  "the organization: read by its staff and the platform administrator, 403 for other organizations' staff",
  async (s) => {
    const org2 = await secondOrg(s);
    const door = await staffToken(s, "door", "OPERATOR");
    const root = await login(s.url, "root", { password: "root-password-1" });
    const r = await get(s.url, "/api/organizations/1", door);
    assertEquals(r.status, 200);
    assertEquals(r.body, {
      orq: 1,
      name: r.body.name,
      timezone: "UTC",
      country: null,
      address: null,
      contact_email: null,
      brand_color: null,
      locale: "en",
      settings: { ...DEFAULT_SETTINGS },
    });
    assertEquals(
      (await get(s.url, `/api/organizations/${org2}`, door)).status,
      403,
    );
    assertEquals(
      (await get(s.url, `/api/organizations/${org2}`, root)).status,
      200,
    );
    const missing = await get(s.url, "/api/organizations/9999", root);
    assertEquals([missing.status, missing.body.error.code], [
      404,
      "ORG_NOT_FOUND",
    ]);
    assertEquals(
      (await get(s.url, "/api/organizations/9999", door)).status,
      403,
    );
    assertEquals((await get(s.url, "/api/organizations/1")).status, 401);
  },
);

testEachEngine(
  "PATCH merges settings key by key (null is a value), answers the whole organization and is audited",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    const first = await patch(s, 1, {
      name: "Rijksmuseum",
      country: "NL",
      address: "Museumstraat 1\n1071 XX Amsterdam",
      contact_email: "desk@example.org",
      brand_color: "#1A2b3C",
      locale: "de",
      settings: { booking_horizon_days: 30, max_occupancy: 500 },
    }, admin);
    assertEquals(first.status, 200);
    assertEquals(first.body.settings, {
      ...DEFAULT_SETTINGS,
      booking_horizon_days: 30,
      max_occupancy: 500,
    });
    const second = await patch(s, 1, {
      settings: {
        max_occupancy: null,
        change_cutoff_hours: null,
        check_in_on_scan: true,
      },
      address: null,
    }, admin);
    assertEquals(second.status, 200);
    assertEquals(second.body.settings, {
      ...DEFAULT_SETTINGS,
      booking_horizon_days: 30,
      change_cutoff_hours: null,
      check_in_on_scan: true,
    });
    assertEquals(
      [
        second.body.name,
        second.body.address,
        second.body.locale,
        second.body.brand_color,
      ],
      ["Rijksmuseum", null, "de", "#1A2b3C"],
    );
    const [{ settings }] = await s.db.query<{ settings: unknown }>(
      "SELECT settings FROM organizations WHERE orq = 1",
    );
    // null is stored as a value, not as a deletion.
    assertEquals(settings, {
      booking_horizon_days: 30,
      max_occupancy: null,
      change_cutoff_hours: null,
      check_in_on_scan: true,
    });
    // The same orq in the body is accepted (read-only, unchanged).
    assertEquals(
      (await patch(s, 1, { orq: 1, locale: "fr" }, admin)).status,
      200,
    );
    const audit = await s.db.query<
      { action: string; before: unknown; after: unknown }
    >(
      "SELECT action, before, after FROM audit_log ORDER BY id",
    );
    assertEquals(audit[1], {
      action: "organization.updated",
      before: {
        address: "Museumstraat 1\n1071 XX Amsterdam",
        settings: {
          max_occupancy: 500,
          change_cutoff_hours: 24,
          check_in_on_scan: false,
        },
      },
      after: {
        address: null,
        settings: {
          max_occupancy: null,
          change_cutoff_hours: null,
          check_in_on_scan: true,
        },
      },
    });
    assertEquals(audit[2].after, { locale: "fr" });
  },
);

testEachEngine(
  "PATCH refusals: unknown keys, formats, ranges, roles, other organizations; nothing changes",
  async (s) => {
    const org2 = await secondOrg(s);
    const admin = await staffToken(s, "chief", "ADMIN");
    const boss = await staffToken(s, "boss", "MANAGER");
    const root = await login(s.url, "root", { password: "root-password-1" });
    const cases: [number | string, unknown, string, string?][] = [
      [1, { settings: { unknown_key: 1 } }, "400 settings.unknown_key"],
      [1, { colour: "#000000" }, "400 colour"],
      [1, { orq: 2 }, "400 orq"],
      [1, { brand_color: "red" }, "400 brand_color"],
      [1, { brand_color: "#12345" }, "400 brand_color"],
      [1, { locale: "nl" }, "400 locale"],
      [1, { country: "nl" }, "400 country"],
      [1, { country: "XX" }, "400 country"],
      [1, { country: "EU" }, "400 country"],
      [1, { address: "A".repeat(301) }, "400 address"],
      [1, { address: "line\u0007bell" }, "400 address"],
      [1, { contact_email: "not-an-email" }, "400 contact_email"],
      [1, { timezone: "Mars/Olympus" }, "400 timezone"],
      [1, { name: "" }, "400 name"],
      [
        1,
        { settings: { booking_horizon_days: 0 } },
        "400 settings.booking_horizon_days",
      ],
      [
        1,
        { settings: { booking_horizon_days: 731 } },
        "400 settings.booking_horizon_days",
      ],
      [
        1,
        { settings: { booking_horizon_days: null } },
        "400 settings.booking_horizon_days",
      ],
      [
        1,
        { settings: { waitlist_offer_minutes: 4 } },
        "400 settings.waitlist_offer_minutes",
      ],
      [
        1,
        { settings: { reminder_hours_before: 169 } },
        "400 settings.reminder_hours_before",
      ],
      [
        1,
        { settings: { change_cutoff_hours: 721 } },
        "400 settings.change_cutoff_hours",
      ],
      [
        1,
        { settings: { entry_opens_minutes_before: 1441 } },
        "400 settings.entry_opens_minutes_before",
      ],
      [1, { settings: { max_occupancy: 0 } }, "400 settings.max_occupancy"],
      [1, { settings: { allow_reentry: "yes" } }, "400 settings.allow_reentry"],
      [
        1,
        { settings: { booking_horizon_days: 1.5 } },
        "400 settings.booking_horizon_days",
      ],
      [1, { settings: null }, "400 settings"],
      [1, { name: "x" }, "403 FORBIDDEN", boss],
      [org2, { name: "x" }, "403 FORBIDDEN"],
      [9999, { name: "x" }, "403 FORBIDDEN"],
      [9999, { name: "x" }, "404 ORG_NOT_FOUND", root],
      ["abc", { name: "x" }, "400 orq"],
    ];
    for (const [orq, json, want, token] of cases) {
      const before = await orgState(s);
      const r = await patch(s, orq, json, token ?? admin);
      const fields = r.body?.error?.details?.fields;
      assertEquals(
        `${r.status} ${
          fields ? Object.keys(fields).join(",") : r.body.error.code
        }`,
        want,
        JSON.stringify(json),
      );
      assertEquals(await orgState(s), before, JSON.stringify(json));
    }
    // The platform administrator may change any organization.
    const other = await patch(s, org2, { name: "Renamed" }, root);
    assertEquals([other.status, other.body.name], [200, "Renamed"]);
  },
);

testEachEngine(
  "the time zone changes only while no slot is still to come (409 ORG_HAS_FUTURE_SLOTS)",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    // Now is 2026-11-26 10:00 UTC: a slot that ended, one still running.
    await seedSlot(s.db, { date: "2026-11-26", start: "08:00", end: "09:00" });
    const running = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "09:30",
      end: "10:30",
    });
    const before = await orgState(s);
    const r = await patch(s, 1, { timezone: "Europe/Amsterdam" }, admin);
    assertEquals([r.status, r.body.error.code], [409, "ORG_HAS_FUTURE_SLOTS"]);
    assertEquals(await orgState(s), before);
    // The same zone again is no change, so it is allowed.
    assertEquals(
      (await patch(s, 1, { timezone: "UTC", name: "Same zone" }, admin)).status,
      200,
    );
    await s.db.query("DELETE FROM reservation_slots WHERE id = $1", [running]);
    const ok = await patch(s, 1, { timezone: "Europe/Amsterdam" }, admin);
    assertEquals([ok.status, ok.body.timezone], [200, "Europe/Amsterdam"]);
    // This instance uses the new zone at once (its cache was told).
    const summary = await get(s.url, "/api/dashboard/summary?orq=1", admin);
    assertEquals(summary.status, 200);
    assert(
      (await post(
        s.url,
        "/api/organizations",
        { name: "N", timezone: "UTC" },
        admin,
      )).status === 403,
    );
  },
);

testEachEngine(
  "creating an organization is audited",
  async (s) => {
    const root = await login(s.url, "root", { password: "root-password-1" });
    const r = await post(s.url, "/api/organizations", {
      name: "New venue",
      timezone: "Europe/Paris",
    }, root);
    assertEquals(r.status, 201);
    const rows = await s.db.query<
      { orq: number; action: string; after: unknown }
    >(
      "SELECT orq, action, after FROM audit_log",
    );
    assertEquals([...rows], [{
      orq: r.body.orq,
      action: "organization.created",
      after: { name: "New venue", timezone: "Europe/Paris" },
    }]);
  },
);
