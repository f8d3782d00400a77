/** GET /api/operator/search: the door search for a guest without a phone (API.md "Door"). */
import { deepStrictEqual as eq, ok as assert } from "node:assert/strict";
import type { z } from "zod";
import type { Sql } from "../../db/client.ts";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import {
  call,
  get,
  login,
  seedSlot,
  seedStaff,
  staffToken,
  statusOf,
} from "../helpers/api.ts";
import { insertReservation } from "../helpers/reservation_rows.ts";
import { operator, validate } from "../helpers/scan.ts";
import { AMS, at } from "../helpers/venue_clock.ts";
import { doorSearchAnswer } from "../../routes/openapi/door_search_operations.ts";

type Item = z.infer<typeof doorSearchAnswer>["items"][number];

/** The search's answer, checked against its documented shape. */
async function search(s: TestServer, token: string, q: string, extra = "") {
  const r = await get(
    s.url,
    `/api/operator/search?q=${encodeURIComponent(q)}${extra}`,
    token,
  );
  eq(r.status, 200, JSON.stringify(r.body));
  const parsed = doorSearchAnswer.safeParse(r.body);
  assert(parsed.success, JSON.stringify(parsed.error?.issues));
  return parsed.data!.items as Item[];
}

/** Reservation ids of `q`'s answer. */
async function idsOf(s: TestServer, token: string, q: string, extra = "") {
  return (await search(s, token, q, extra)).map((i) => i.reservation_id);
}

/**
 * Gives the tickets the contact and verification of their reservations, as
 * a booking and a verification do (the rows helper writes reservations).
 */
async function mirrorTickets(db: Sql): Promise<void> {
  await db.query(
    `UPDATE tickets t SET customer_email = r.customer_email,
            customer_phone = r.customer_phone, verified_at = r.verified_at,
            verified_by = r.verified_by, inside = r.status = 'VERIFIED'
       FROM ticket_reservations r WHERE r.ticket_id = t.id`,
  );
}

/** A second organization (UTC); its number. */
async function otherOrg(db: Sql): Promise<number> {
  const [{ orq }] = await db.query<{ orq: number }>(
    "INSERT INTO organizations (name, timezone) VALUES ('Other', 'UTC') RETURNING orq",
  );
  return orq;
}

testEachEngine(
  "door search finds a code fragment, an email fragment or phone digits",
  async (s) => {
    at(s, "2026-11-14T10:00");
    const slot = await seedSlot(s.db, {
      date: "2026-11-14",
      start: "11:00",
      end: "12:00",
    });
    const zoe = await insertReservation(s.db, {
      slotId: slot,
      code: "7K3QW9M2XC4TPA8R1V0E",
      email: "Zoë.Müller@Example.com",
      phone: "+31 6 1234 5678",
    });
    const other = await insertReservation(s.db, {
      slotId: slot,
      code: "ABCDEFGHJKMNPQRSTVWX",
      email: "sam@elsewhere.example",
      phone: "+44 20 7946 0000",
    });
    await mirrorTickets(s.db);
    const door = await operator(s, "door");

    const found = await search(s, door.token, " pa8r-lvoe ");
    eq(found, [{
      result: "GREEN",
      reason: "VALID",
      title: "VALID TICKET",
      message: found[0].message,
      ticket: { code: "7K3QW9M2XC4TPA8R1V0E", status: "RESERVED" },
      reservation: {
        date: "2026-11-14",
        start_time: "11:00",
        end_time: "12:00",
      },
      customer: { email: "Zoë.Müller@Example.com", phone: "+31 6 1234 5678" },
      verified_at: null,
      verified_by: null,
      can_verify: true,
      reservation_id: zoe.id,
    }]);
    // Dashes, spaces, lower case and look-alikes (L for 1, O for 0).
    eq(await idsOf(s, door.token, "xc4t pa8r"), [zoe.id]);
    eq(await idsOf(s, door.token, "7k3q-w9m2-xc4t-pa8r-1voe"), [zoe.id]);
    // Email fragments, case and accents ignored.
    eq(await idsOf(s, door.token, "zoe.mull"), [zoe.id]);
    eq(await idsOf(s, door.token, "ZOË.MÜL"), [zoe.id]);
    eq(await idsOf(s, door.token, "@example.com"), [zoe.id]);
    // Phone digits, however typed; three are enough.
    eq(await idsOf(s, door.token, "5678"), [zoe.id]);
    eq(await idsOf(s, door.token, "6-1234 5"), [zoe.id]);
    eq(await idsOf(s, door.token, "946"), [other.id]);
    eq(await idsOf(s, door.token, "+44 2"), [other.id]);
    // A fragment of nobody, and LIKE's wildcards taken literally.
    eq(await idsOf(s, door.token, "nobody@"), []);
    eq(await idsOf(s, door.token, "o%m_l"), []); // "zoe.mul" unescaped
    // The contact in the answer is the validate-ticket answer's.
    const v = await validate(s, door.token, "7K3QW9M2XC4TPA8R1V0E");
    const { reservation_id: _, ...answer } = found[0];
    eq(answer, v.body);
  },
  AMS,
);

testEachEngine(
  "door search: only today's RESERVED and VERIFIED, today in the venue's zone",
  async (s) => {
    // 00:30 on the 14th in Amsterdam, still the 13th in UTC.
    s.clock.set("2026-11-13T23:30:00Z");
    const guard = await seedStaff(s.db, {
      username: "gate",
      name: "Gate Keeper",
      role: "OPERATOR",
      pin: "123456",
    });
    const yesterday = await seedSlot(s.db, {
      date: "2026-11-13",
      start: "22:00",
      end: "23:59",
    });
    const late = await seedSlot(s.db, {
      date: "2026-11-14",
      start: "12:00",
      end: "13:00",
    });
    const early = await seedSlot(s.db, {
      date: "2026-11-14",
      start: "00:00",
      end: "02:00",
    });
    const tomorrow = await seedSlot(s.db, {
      date: "2026-11-15",
      start: "00:00",
      end: "02:00",
    });
    const org2 = await otherOrg(s.db);
    // Still the 13th in the other organization's zone (UTC).
    const foreign = await seedSlot(s.db, {
      orq: org2,
      date: "2026-11-13",
      start: "00:00",
      end: "23:00",
    });
    const family = (slotId: number, status?: "VERIFIED" | "CANCELLED") =>
      insertReservation(s.db, {
        slotId,
        status,
        email: `guest${slotId}${status ?? ""}@family.example`,
        verifiedAt: status === "VERIFIED" ? "2026-11-13T23:10:00Z" : undefined,
        verifiedBy: status === "VERIFIED" ? guard : undefined,
      });
    await family(yesterday);
    await family(tomorrow);
    const reservedLate = await family(late);
    const verified = await family(early, "VERIFIED");
    await family(early, "CANCELLED");
    await insertReservation(s.db, {
      slotId: early,
      status: "EXPIRED",
      email: "expired@family.example",
    });
    const reservedEarly = await family(early);
    const theirs = await insertReservation(s.db, {
      slotId: foreign,
      orq: org2,
      email: "guest@family.example",
    });
    await mirrorTickets(s.db);
    const door = await operator(s, "door");

    const items = await search(s, door.token, "family");
    eq(items.map((i) => i.reservation_id), [
      verified.id,
      reservedEarly.id,
      reservedLate.id,
    ]);
    eq(items.map((i) => [i.result, i.reason]), [
      ["YELLOW", "ALREADY_VERIFIED"],
      ["GREEN", "VALID"],
      ["GREEN", "VALID"],
    ]);
    eq(items[0].ticket?.status, "VERIFIED");

    // The platform administrator sees the organization it names.
    const root = await login(s.url, "root", { password: "root-password-1" });
    eq(await idsOf(s, root, "family"), items.map((i) => i.reservation_id));
    eq(await idsOf(s, root, "family", `&orq=${org2}`), [theirs.id]);
    // Another organization's staff never see these.
    const stranger = await operator(s, "stranger", { orq: org2 });
    eq(await idsOf(s, stranger.token, "family"), [theirs.id]);
    const tail = verified.code.slice(-8);
    eq(await idsOf(s, door.token, tail), [verified.id]);
    eq(await idsOf(s, stranger.token, tail), []);
  },
  AMS,
);

testEachEngine(
  "door search answers at most 20, by slot start then id",
  async (s) => {
    at(s, "2026-11-14T08:00");
    // Created out of order, so that ids alone would sort them wrongly.
    const starts = ["11:00", "10:00", "09:00"];
    const slots: number[] = [];
    for (const start of starts) {
      slots.push(
        await seedSlot(s.db, {
          date: "2026-11-14",
          start,
          end: start.replace(/^\d\d/, (h) => String(Number(h) + 1)),
        }),
      );
    }
    const rows: { i: number; id: number; start: string }[] = [];
    for (let i = 0; i < 27; i++) {
      const r = await insertReservation(s.db, {
        slotId: slots[i % 3],
        email: `crowd${i}@school.example`,
      });
      rows.push({ i, id: r.id, start: starts[i % 3] });
    }
    await mirrorTickets(s.db);
    const door = await staffToken(s, "door", "OPERATOR");
    const ordered = (list: typeof rows) =>
      [...list].sort((a, b) => a.start.localeCompare(b.start) || a.id - b.id)
        .map((r) => r.id);

    const all = await search(s, door, "school.example");
    eq(all.map((i) => i.reservation_id), ordered(rows).slice(0, 20));
    eq(
      all.map((i) => i.reservation?.start_time),
      [...Array(9).fill("09:00"), ...Array(9).fill("10:00"), "11:00", "11:00"],
    );
    const twos = rows.filter((r) => String(r.i).startsWith("2"));
    eq(await idsOf(s, door, "crowd2"), ordered(twos));
  },
);

testEachEngine("door search: who may call it, and bad queries", async (s) => {
  const org2 = await otherOrg(s.db);
  const door = await staffToken(s, "door", "OPERATOR");
  const boss = await staffToken(s, "boss", "MANAGER");
  const root = await login(s.url, "root", { password: "root-password-1" });
  const path = "/api/operator/search?q=abc";

  eq(await statusOf(s.url, path), "401 UNAUTHORIZED");
  eq(await statusOf(s.url, path, "not-a-token"), "401 UNAUTHORIZED");
  eq(await statusOf(s.url, path, door), "200");
  eq(await statusOf(s.url, path, boss), "200");
  eq(await statusOf(s.url, `${path}&orq=1`, door), "200");
  eq(await statusOf(s.url, `${path}&orq=${org2}`, door), "403 FORBIDDEN");
  eq(await statusOf(s.url, `${path}&orq=${org2}`, root), "200");
  eq(await statusOf(s.url, `${path}&orq=99999`, root), "404 ORG_NOT_FOUND");
  // Integrations' API keys are not door staff.
  const apiKey = await call(s.url, "GET", path, {
    headers: { "x-api-key": "issuer-key-0123456789abcdef" },
  });
  eq(apiKey.status, 403);

  const bad: [string, string][] = [
    ["", "q"],
    ["q=", "q"],
    ["q=ab", "q"],
    ["q=a-b", "q"],
    ["q=%20a%20b%20", "q"],
    ["q=@.-", "q"],
    [`q=${"a".repeat(255)}`, "q"],
    [`q=${"a".repeat(6000)}`, "q"],
    ["q=abc&q=def", "q"],
    ["q=abc&orq=one", "orq"],
    ["q=abc&orq=1&orq=1", "orq"],
    ["q=abc%00", "url"],
  ];
  for (const [query, field] of bad) {
    const r = await get(s.url, `/api/operator/search?${query}`, door);
    eq(r.status, 400, query);
    eq(r.body.error.code, "VALIDATION_FAILED", query);
    assert(field in r.body.error.details.fields, `${query}: ${field}`);
  }
});

testEachEngine(
  "door search spends the scanner's validation tokens",
  async (s) => {
    const door = await staffToken(s, "door", "OPERATOR");
    for (let i = 0; i < 3; i++) {
      eq(await statusOf(s.url, "/api/operator/search?q=abc", door), "200");
    }
    const r = await get(s.url, "/api/operator/search?q=abc", door);
    eq(r.status, 429);
    eq(r.body.error.code, "RATE_LIMITED");
    assert(Number(r.headers.get("retry-after")) > 0);
    // The same budget as validate-ticket (API.md "Conventions").
    eq((await validate(s, door, "7K3QW9M2XC4TPA8R1V0E")).status, 429);
  },
  { env: { RATE_LIMIT_VALIDATE_PER_MIN: "3" } },
);
