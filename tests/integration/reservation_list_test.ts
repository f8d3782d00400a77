/** GET /api/reservations: filters, order, pages, search and access (API.md "Back office"). */
import { deepStrictEqual as eq, ok } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  get,
  managerRoutePrincipals,
  seedSlot,
  seedStaff,
  statusOf,
} from "../helpers/api.ts";
import { insertMany, insertReservation } from "../helpers/reservation_rows.ts";
import { FEW_MATCHES, WALK_LIMIT } from "../../db/reservation_search.ts";

/** Every page of `path` (which has no cursor yet): the ids and page sizes. */
async function allPages(base: string, path: string, token: string) {
  const ids: number[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const r = await get(
      base,
      cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
      token,
    );
    eq(r.status, 200, JSON.stringify(r.body));
    ids.push(...r.body.items.map((i: { id: number }) => i.id));
    sizes.push(r.body.items.length);
    cursor = r.body.next_cursor;
  } while (cursor);
  return { ids, sizes };
}

testEachEngine(
  "reservation list: order, filters, pages, cursors",
  async (s) => {
    const { boss } = await managerRoutePrincipals(s);
    const guard = await seedStaff(s.db, {
      username: "gate",
      name: "Gate Keeper",
      role: "OPERATOR",
      pin: "123456",
    });
    const late = await seedSlot(s.db, {
      date: "2026-12-01",
      start: "10:00",
      end: "11:00",
    });
    const early = await seedSlot(s.db, {
      date: "2026-12-01",
      start: "09:00",
      end: "10:00",
    });
    const next = await seedSlot(s.db, {
      date: "2026-12-02",
      start: "09:00",
      end: "24:00",
    });
    const a = await insertReservation(s.db, { slotId: next });
    const b = await insertReservation(s.db, { slotId: late });
    const c = await insertReservation(s.db, {
      slotId: early,
      status: "VERIFIED",
      verifiedAt: "2026-12-01T08:05:00Z",
      verifiedBy: guard,
      orderRef: "order-7",
    });
    const d = await insertReservation(s.db, {
      slotId: late,
      status: "CANCELLED",
    });
    const e = await insertReservation(s.db, { slotId: early });
    const order = [c.id, e.id, b.id, d.id, a.id];

    const all = await get(s.url, "/api/reservations?orq=1", boss);
    eq(all.status, 200);
    eq(all.body.items.map((i: { id: number }) => i.id), order);
    eq(all.body.next_cursor, null);
    const first = all.body.items[0];
    eq(first.ticket_code, c.code);
    eq(first.status, "VERIFIED");
    eq(first.slot, {
      id: early,
      date: "2026-12-01",
      start_time: "09:00",
      end_time: "10:00",
    });
    eq(first.verified_by, "Gate Keeper");
    eq(first.verified_at, "2026-12-01T08:05:00.000Z");
    eq(first.order_ref, "order-7");
    eq(first.cancelled_at, null);
    eq(all.body.items[4].slot.end_time, "24:00");
    ok(all.body.items[3].cancelled_at);

    // Pages of 2 give the same order.
    const paged = await allPages(
      s.url,
      "/api/reservations?orq=1&limit=2",
      boss,
    );
    eq(paged.ids, order);
    eq(paged.sizes, [2, 2, 1]);

    const ids = async (query: string) =>
      (await get(s.url, `/api/reservations?orq=1&${query}`, boss)).body.items
        .map((i: { id: number }) => i.id);
    eq(await ids("status=CANCELLED"), [d.id]);
    eq(await ids("status=RESERVED"), [e.id, b.id, a.id]);
    eq(await ids("date=2026-12-01"), [c.id, e.id, b.id, d.id]);
    eq(await ids(`slot_id=${late}`), [b.id, d.id]);
    eq(await ids(`slot_id=${late}&status=RESERVED`), [b.id]);
    eq(await ids("date=2026-12-03"), []);

    // A cursor belongs to its query.
    const p1 = await get(s.url, "/api/reservations?orq=1&limit=2", boss);
    const cursor = encodeURIComponent(p1.body.next_cursor);
    const other = await get(
      s.url,
      `/api/reservations?orq=1&limit=2&status=RESERVED&cursor=${cursor}`,
      boss,
    );
    eq(other.status, 400);
    eq(other.body.error.code, "VALIDATION_FAILED");
    ok(other.body.error.details.fields.cursor);
    const same = await get(
      s.url,
      `/api/reservations?orq=1&limit=3&cursor=${cursor}`,
      boss,
    );
    eq(same.status, 200, "another limit keeps the cursor");
    eq(same.body.items.map((i: { id: number }) => i.id), order.slice(2));
    for (const bad of ["abc", "e30", "%00"]) {
      const r = await get(s.url, `/api/reservations?orq=1&cursor=${bad}`, boss);
      eq(r.status, 400, bad);
    }
    for (const bad of ["limit=0", "limit=201", "status=FULL", "slot_id=x"]) {
      const r = await get(s.url, `/api/reservations?orq=1&${bad}`, boss);
      eq(r.status, 400, bad);
      eq(r.body.error.code, "VALIDATION_FAILED");
    }
  },
);

testEachEngine(
  "reservation list: q finds codes, emails and phones",
  async (s) => {
    const { boss } = await managerRoutePrincipals(s);
    const slot = await seedSlot(s.db, {
      date: "2026-12-01",
      start: "09:00",
      end: "10:00",
    });
    const code = await insertReservation(s.db, {
      slotId: slot,
      code: "7K3QW9M2XC4TPA8R1VNE",
      email: "someone@example.org",
      phone: "+447700900123",
    });
    const mail = await insertReservation(s.db, {
      slotId: slot,
      email: "Jose.Garcia@Example.COM",
      phone: "+447700900456",
    });
    // Stored accents (imported data) are folded too.
    const accented = await insertReservation(s.db, {
      slotId: slot,
      email: "renée@exämple.org",
      phone: "+447700900789",
    });
    const phone = await insertReservation(s.db, {
      slotId: slot,
      email: "third@example.org",
      phone: "+31612345678",
    });
    const find = async (q: string) => {
      const r = await get(
        s.url,
        `/api/reservations?orq=1&q=${encodeURIComponent(q)}`,
        boss,
      );
      eq(r.status, 200, `${q}: ${JSON.stringify(r.body)}`);
      return r.body.items.map((i: { id: number }) => i.id);
    };
    eq(await find("w9m2-xc4t"), [code.id]);
    eq(await find("7k3q w9m2"), [code.id]);
    eq(await find("1vne"), [code.id], "lower case, l read as 1");
    eq(await find("JOSÉ.garcía"), [mail.id]);
    eq(await find("example.com"), [mail.id]);
    eq(await find("renee@exa"), [accented.id]);
    eq(await find("+31 6 1234 5"), [phone.id]);
    eq(await find("612345678"), [phone.id]);
    eq(await find("7700900"), [code.id, mail.id, accented.id]);
    eq(await find("nobody-here"), []);
    eq(await find("%%%"), []);
    eq(await find("___"), []);

    const short = await get(s.url, "/api/reservations?orq=1&q=ab", boss);
    eq(short.status, 400);
    ok(short.body.error.details.fields.q);
    const spaced = await get(s.url, "/api/reservations?orq=1&q=%20ab%20", boss);
    eq(spaced.status, 400);
  },
);

testEachEngine(
  "reservation list: a common q is walked in bounded pages",
  async (s) => {
    const { boss } = await managerRoutePrincipals(s);
    const day1 = await seedSlot(s.db, {
      date: "2026-12-01",
      start: "09:00",
      end: "10:00",
      capacity: 20_000,
    });
    const day2 = await seedSlot(s.db, {
      date: "2026-12-02",
      start: "09:00",
      end: "10:00",
      capacity: 20_000,
    });
    // More rows than one walk reads before the first match, then more
    // matches than the index path sorts.
    await insertMany(s.db, {
      slotId: day1,
      count: WALK_LIMIT + 50,
      prefix: "AAAAAAAA",
      local: "plain",
      domain: "quiet.test",
    });
    await insertMany(s.db, {
      slotId: day2,
      count: FEW_MATCHES + 20,
      prefix: "BBBBBBBB",
      local: "hit",
      domain: "loud.test",
    });
    const want = (await s.db.query<{ id: number }>(
      `SELECT r.id FROM ticket_reservations r WHERE r.customer_email LIKE '%loud.test'
      ORDER BY r.id`,
    )).map((r) => r.id);
    eq(want.length, FEW_MATCHES + 20);

    const got = await allPages(
      s.url,
      "/api/reservations?orq=1&q=loud.test&limit=200",
      boss,
    );
    eq(got.ids, want);
    eq(got.sizes[0], 0, "the first walk ends before any match, with a cursor");
    ok(got.sizes.length >= 6);

    // The rare path: a narrow q is answered whole from the index.
    const one = await get(s.url, "/api/reservations?orq=1&q=hit000012", boss);
    eq(one.body.items.length, 1);
    eq(one.body.next_cursor, null);
    // A day filter walks only that day.
    const day = await allPages(
      s.url,
      "/api/reservations?orq=1&date=2026-12-02&q=LOUD.TEST&limit=200",
      boss,
    );
    eq(day.ids, want);
  },
);

testEachEngine(
  "reservation list and export: managers of the organization",
  async (s) => {
    const { org2, door, boss, admin, otherBoss, root } =
      await managerRoutePrincipals(s);
    for (const path of ["/api/reservations", "/api/reservations/export.csv"]) {
      const url = `${path}?orq=1`;
      eq(await statusOf(s.url, url), "401 UNAUTHORIZED", path);
      eq(await statusOf(s.url, url, door), "403 FORBIDDEN", path);
      eq(await statusOf(s.url, url, otherBoss), "403 FORBIDDEN", path);
      eq(await statusOf(s.url, `${path}?orq=${org2}`, boss), "403 FORBIDDEN");
      eq(await statusOf(s.url, url, boss), "200", path);
      eq(await statusOf(s.url, url, admin), "200", path);
      eq(await statusOf(s.url, url, root), "200", path);
      eq(await statusOf(s.url, path, boss), "400 VALIDATION_FAILED", path);
    }
  },
);
