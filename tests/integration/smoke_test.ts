import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  get,
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";

testEachEngine("a reservation goes through end to end", async (s) => {
  const health = await get(s.url, "/api/health");
  assertEquals(health.body, { status: "ok", database: s.engine });
  const slot = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
  });
  const [code] = await seedTickets(s.db, 1);
  const r = await post(
    s.url,
    "/api/reservations/create",
    reservationBody(code, slot),
  );
  assertEquals(r.status, 201);
  assertEquals(r.body.reservation.slot.id, slot);
});

testEachEngine(
  "every kind of response carries the security headers (Referrer-Policy on pages)",
  async (s) => {
    const [code] = await seedTickets(s.db, 1);
    const replies = [
      await fetch(`${s.url}/api/health`), // JSON 200
      await fetch(`${s.url}/api/nothing-here`), // 404 from notFound
      await fetch(`${s.url}/api/tickets/validate`, { // 400 thrown in a handler
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{",
      }),
      await fetch(`${s.url}/api/tickets/validate`, { // 200 with a body read
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ticket_code: code }),
      }),
      await fetch(`${s.url}/reserve`), // page
    ];
    for (const r of replies) {
      await r.body?.cancel();
      const where = `${r.url} ${r.status}`;
      assertEquals(r.headers.get("x-content-type-options"), "nosniff", where);
      // Referrer-Policy governs what a document sends; JSON answers go without.
      const json = r.headers.get("content-type")?.startsWith(
        "application/json",
      );
      assertEquals(
        r.headers.get("referrer-policy"),
        json ? null : "no-referrer",
        where,
      );
    }
    assertEquals(
      replies.map((r) => r.headers.get("content-type")?.split(";")[0]),
      [
        "application/json",
        "application/json",
        "application/json",
        "application/json",
        "text/html",
      ],
    );
    assertEquals(replies.map((r) => r.status), [200, 404, 400, 200, 200]);
  },
);
