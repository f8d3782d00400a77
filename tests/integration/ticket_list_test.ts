/** `GET /api/tickets` (API.md "Back office"): filters, fragment search, paging, roles. */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  get,
  managerRoutePrincipals,
  post,
  reservationBody,
  seedSlot,
  statusOf,
} from "../helpers/api.ts";
import { importJson, ORG1_KEY } from "../helpers/ticket_import.ts";

testEachEngine(
  "ticket list: newest first, filters, search and paging",
  async (s) => {
    const p = await managerRoutePrincipals(s);
    const codes = [
      "AAAA1111BBBB2222",
      "CCCC3333DDDD4444",
      "EEEE5555FFFF6666",
      "GGGG7777HHHH8888",
    ];
    // One at a time so that ids follow the list's order.
    for (const [i, code] of codes.entries()) {
      const r = await importJson(s.url, {
        orq: 1,
        tickets: [{
          code,
          status: i % 2 ? "ACTIVATED" : "",
          order_ref: i < 2 ? "ORD-A" : "ORD-B",
        }],
      }, { headers: ORG1_KEY });
      strictEqual(r.body.imported, 1);
    }
    await importJson(s.url, {
      orq: p.org2,
      tickets: [{ code: "AAAA1111BBBB9999" }],
    }, { token: p.root });

    const all = await get(s.url, "/api/tickets?orq=1", p.boss);
    strictEqual(all.status, 200, JSON.stringify(all.body));
    deepStrictEqual(
      all.body.items.map((t: { code: string }) => t.code),
      [
        ...codes,
      ].reverse(),
    );
    strictEqual(all.body.next_cursor, null);
    const first = all.body.items[3];
    strictEqual(first.status, "PENDING_PAYMENT");
    strictEqual(first.order_ref, "ORD-A");
    strictEqual(first.activated_at, null);
    strictEqual(first.reservation, null);
    ok(!Number.isNaN(Date.parse(first.created_at)));
    ok(!Number.isNaN(Date.parse(all.body.items[2].activated_at)));

    // Book one: the list shows its live reservation.
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "09:00",
      end: "10:00",
    });
    const booked = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(codes[1], slot),
    );
    strictEqual(booked.status, 201, JSON.stringify(booked.body));
    const reserved = await get(
      s.url,
      "/api/tickets?orq=1&status=RESERVED",
      p.boss,
    );
    deepStrictEqual(reserved.body.items.map((t: { code: string }) => t.code), [
      codes[1],
    ]);
    deepStrictEqual(reserved.body.items[0].reservation, {
      id: booked.body.reservation.id,
      slot_id: slot,
      date: "2026-11-27",
      start_time: "09:00",
    });

    const byRef = await get(
      s.url,
      "/api/tickets?orq=1&order_ref=ORD-B",
      p.admin,
    );
    deepStrictEqual(byRef.body.items.map((t: { code: string }) => t.code), [
      codes[3],
      codes[2],
    ]);

    // A fragment as a person types it: lower case, dashes, O for 0, I for 1.
    const found = await get(s.url, "/api/tickets?orq=1&q=a-iil", p.boss);
    deepStrictEqual(found.body.items.map((t: { code: string }) => t.code), [
      codes[0],
    ]);
    const none = await get(s.url, "/api/tickets?orq=1&q=a%40b.c", p.boss);
    deepStrictEqual(none.body, { items: [], next_cursor: null });
    const short = await get(s.url, "/api/tickets?orq=1&q=ab", p.boss);
    strictEqual(short.status, 400);
    ok(short.body.error.details.fields.q);

    // Pages of two, then the cursor refused on another query.
    const page1 = await get(s.url, "/api/tickets?orq=1&limit=2", p.boss);
    strictEqual(page1.body.items.length, 2);
    ok(page1.body.next_cursor);
    const page2 = await get(
      s.url,
      `/api/tickets?orq=1&limit=2&cursor=${page1.body.next_cursor}`,
      p.boss,
    );
    deepStrictEqual(
      [...page1.body.items, ...page2.body.items].map((t: { code: string }) =>
        t.code
      ),
      [...codes].reverse(),
    );
    strictEqual(page2.body.next_cursor, null);
    const foreign = await get(
      s.url,
      `/api/tickets?orq=1&status=ACTIVATED&cursor=${page1.body.next_cursor}`,
      p.boss,
    );
    strictEqual(foreign.status, 400);
    ok(foreign.body.error.details.fields.cursor);
    const junk = await get(s.url, "/api/tickets?orq=1&cursor=zz", p.boss);
    strictEqual(junk.status, 400);

    for (
      const bad of ["limit=0", "limit=201", "status=PAID", "extra=1"]
    ) {
      const r = await get(s.url, `/api/tickets?orq=1&${bad}`, p.boss);
      strictEqual(r.status, 400, bad);
    }
  },
);

testEachEngine("ticket list: managers of the organization only", async (s) => {
  const p = await managerRoutePrincipals(s);
  strictEqual(await statusOf(s.url, "/api/tickets?orq=1"), "401 UNAUTHORIZED");
  strictEqual(
    await statusOf(s.url, "/api/tickets?orq=1", p.door),
    "403 FORBIDDEN",
  );
  strictEqual(
    await statusOf(s.url, "/api/tickets?orq=1", p.otherBoss),
    "403 FORBIDDEN",
  );
  strictEqual(await statusOf(s.url, "/api/tickets?orq=1", p.boss), "200");
  strictEqual(await statusOf(s.url, "/api/tickets?orq=1", p.admin), "200");
  strictEqual(await statusOf(s.url, "/api/tickets?orq=1", p.root), "200");
  const key = await fetch(`${s.url}/api/tickets?orq=1`, { headers: ORG1_KEY });
  await key.body?.cancel();
  strictEqual(key.status, 403);
});
