/**
 * db/ticket_keys.ts: tickets read by code and by id at once share one
 * query, and each key gets its own ticket (or null).
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { ticketKey, ticketKeyLoader } from "../../db/ticket_keys.ts";
import { seedTickets } from "../helpers/api.ts";
import { onPostgres } from "../helpers/change_races.ts";

Deno.test("ticket keys: codes and ids asked together, each answered by its own ticket", () =>
  onPostgres(async (s) => {
    const codes = await seedTickets(s.db, 3);
    const rows = await s.db.query<{ id: number; code: string; orq: number }>(
      "SELECT id, code, orq FROM tickets WHERE code = ANY($1::text[]) ORDER BY id",
      [codes],
    );
    const loader = ticketKeyLoader(s.db);
    const asked = [
      ticketKey({ code: rows[0].code }),
      ticketKey({ ticketId: rows[1].id }),
      ticketKey({ code: rows[2].code }),
      ticketKey({ ticketId: rows[2].id }),
      ticketKey({ code: "NOSUCHCODE0000000000" }),
      ticketKey({ ticketId: 2_147_483_647 }),
    ];
    const found = await Promise.all(asked.map((k) => loader.load(k)));
    assertEquals(found, [rows[0], rows[1], rows[2], rows[2], null, null]);
  }));
