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
