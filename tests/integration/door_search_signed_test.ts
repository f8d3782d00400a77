/**
 * GET /api/operator/search with a scanned QR pasted: a TE1 signed payload
 * finds its reservation by the code it signs; a forged one finds nothing.
 */
import { deepStrictEqual as eq, ok as assert } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { get, post, seedSlot, seedTickets } from "../helpers/api.ts";
import { operator } from "../helpers/scan.ts";
import { at } from "../helpers/venue_clock.ts";
import { doorSearchAnswer } from "../../routes/openapi/door_search_operations.ts";

testEachEngine(
  "a pasted signed payload finds its reservation; a forged one nothing",
  async (s) => {
    at(s, "2026-11-14T10:00");
    const slot = await seedSlot(s.db, {
      date: "2026-11-14",
      start: "11:00",
      end: "12:00",
    });
    const [code] = await seedTickets(s.db, 1);
    const booked = await post(s.url, "/api/reservations/create", {
      ticket_code: code,
      slot_id: slot,
      customer_email: "ada@example.com",
      customer_phone: "+31 6 1234 5678",
    });
    eq(booked.status, 201, JSON.stringify(booked.body));
    const payload: string = booked.body.qr.payload;
    assert(payload.startsWith("TE1"), payload);
    const door = await operator(s, "door");
    const ids = async (q: string) => {
      const r = await get(
        s.url,
        `/api/operator/search?q=${encodeURIComponent(q)}`,
        door.token,
      );
      eq(r.status, 200, JSON.stringify(r.body));
      assert(doorSearchAnswer.safeParse(r.body).success);
      return r.body.items.map((i: { reservation_id: number }) =>
        i.reservation_id
      );
    };
    eq(await ids(payload), [booked.body.reservation.id]);
    eq(await ids(` ${payload} `), [booked.body.reservation.id]);
    // One character of the signature changed: it names no code.
    const i = payload.length - 10;
    const other = payload[i] === "A" ? "B" : "A";
    eq(await ids(payload.slice(0, i) + other + payload.slice(i + 1)), []);
    // Typed codes are searched as before.
    eq(await ids(code.slice(4, 12)), [booked.body.reservation.id]);
  },
);
