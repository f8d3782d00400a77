/**
 * What keeps a first admission cheap (migration 0009): the ticket's row is
 * updated in place (no index of tickets involves a column the door changes),
 * and no trigram index sits on ticket_reservations (its row gets a new
 * version at the door); the search text's indexed copy in
 * reservation_search follows its reservation.
 */
import { deepStrictEqual as eq } from "node:assert/strict";
import type { Sql } from "../../db/client.ts";
import { testEachEngine } from "../helpers/server.ts";
import { seedSlot } from "../helpers/api.ts";
import { insertReservation } from "../helpers/reservation_rows.ts";

/** Columns a first admission writes on the ticket (db/door_batches.ts). */
const DOOR_COLUMNS = [
  "status",
  "verified_at",
  "verified_by",
  "inside",
  "updated_at",
];

async function indexDefs(db: Sql, table: string): Promise<string[]> {
  const rows = await db.query<{ def: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE c.relname = $1 ORDER BY 1`,
    [table],
  );
  return rows.map((r) => r.def);
}

testEachEngine(
  "no index of tickets involves a column the door changes; ticket_reservations has no trigram index",
  async (s) => {
    const tickets = await indexDefs(s.db, "tickets");
    eq(tickets.length > 3, true, tickets.join("\n"));
    const word = new RegExp(`\\b(${DOOR_COLUMNS.join("|")})\\b`);
    eq(tickets.filter((d) => word.test(d)), []);
    const reservations = await indexDefs(s.db, "ticket_reservations");
    eq(reservations.filter((d) => /gin|trgm/i.test(d)), []);
    eq(
      (await indexDefs(s.db, "reservation_search")).filter((d) =>
        /USING gin \(search_text gin_trgm_ops\)/.test(d)
      ).length,
      1,
    );
  },
);

testEachEngine(
  "the indexed search text follows its reservation: booked, contact changed, deleted",
  async (s) => {
    const slotId = await seedSlot(s.db, {
      date: "2026-12-24",
      start: "10:00",
      end: "11:00",
    });
    const { id, code } = await insertReservation(s.db, {
      slotId,
      email: "Zoë@Example.com",
      phone: "+31 6 1234 5678",
    });
    // Spread: postgres.js answers a subclass of Array.
    const copy = async () => [
      ...await s.db.query<{ row: string; copy: string | null }>(
        `SELECT r.search_text AS row,
                (SELECT search_text FROM reservation_search WHERE reservation_id = $1) AS copy
           FROM ticket_reservations r WHERE r.id = $1`,
        [id],
      ),
    ];
    eq(await copy(), [{
      row: `${code} zoe@example.com 31612345678`,
      copy: `${code} zoe@example.com 31612345678`,
    }]);

    await s.db.query(
      `UPDATE ticket_reservations SET customer_email = 'ann@example.org' WHERE id = $1`,
      [id],
    );
    eq(await copy(), [{
      row: `${code} ann@example.org 31612345678`,
      copy: `${code} ann@example.org 31612345678`,
    }]);
    // The door's update leaves the copy alone.
    await s.db.query(
      `UPDATE ticket_reservations SET status = 'VERIFIED', verified_at = now() WHERE id = $1`,
      [id],
    );
    eq((await copy())[0].copy, `${code} ann@example.org 31612345678`);

    await s.db.query(`DELETE FROM ticket_reservations WHERE id = $1`, [id]);
    eq(
      (await s.db.query(
        "SELECT reservation_id FROM reservation_search WHERE reservation_id = $1",
        [id],
      )).length,
      0,
    );
  },
);
