/**
 * Imported codes of any allowed length (12–64 characters) are codes like
 * ours everywhere: customers validate and book them, door staff scan them.
 */
import { strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { post, reservationBody, seedSlot, staffToken } from "../helpers/api.ts";
import { importCsv } from "../helpers/ticket_import.ts";

const SHORT = "7K3Q-W9M2-XC4T"; // 12 characters, the shortest allowed
const LONG = "7K3QW9M2XC4TPA8R".repeat(4); // 64 characters, the longest

testEachEngine(
  "imported 12- and 64-character codes validate, book and scan",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    const imported = await importCsv(
      s.url,
      `code,status\n${SHORT},ACTIVATED\n${LONG.toLowerCase()},ACTIVATED\n`,
      { orq: 1, token: admin },
    );
    strictEqual(imported.status, 200, JSON.stringify(imported.body));
    strictEqual(imported.body.imported, 2);
    const slotId = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "09:00",
      end: "18:00",
    });
    for (const typed of [SHORT.toLowerCase(), LONG]) {
      const valid = await post(s.url, "/api/tickets/validate", {
        ticket_code: typed,
      });
      strictEqual(valid.status, 200, JSON.stringify(valid.body));
      const booked = await post(
        s.url,
        "/api/reservations/create",
        reservationBody(typed, slotId),
      );
      strictEqual(booked.status, 201, JSON.stringify(booked.body));
      const scan = await post(
        s.url,
        "/api/operator/validate-ticket",
        { code: typed },
        admin,
      );
      strictEqual(scan.status, 200, JSON.stringify(scan.body));
      strictEqual(scan.body.result, "GREEN", JSON.stringify(scan.body));
    }
  },
);
