/**
 * The expiry's list of holds (migration 0016): the door's update of a
 * reservation is in place (no index of ticket_reservations involves a column
 * it changes), so the expiry finds RESERVED reservations through
 * reservation_holds, which the door never writes. Whatever happens to a
 * reservation before its slot ends (admitted, admission undone, moved,
 * deleted), the pass after the end expires exactly the RESERVED ones and
 * empties the slot's list.
 */
import { deepStrictEqual as eq } from "node:assert/strict";
import type { Sql } from "../../db/client.ts";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import { operator, reserved } from "../helpers/scan.ts";
import { checkIn, freshNonce, reservedBeside, undo } from "../helpers/door.ts";
import { AMS, at } from "../helpers/venue_clock.ts";
import { seedSlot } from "../helpers/api.ts";
import { createExpiryJob } from "../../lib/expiry_job.ts";
import { applyMoves, type DecidedMove } from "../../db/door_batches.ts";
import { TICKET_SELECT, type TicketRow } from "../../db/tickets.ts";

/** Columns the door's first admission writes on the reservation. */
const DOOR_COLUMNS = ["status", "verified_at", "verified_by", "updated_at"];

const SLOT = { date: "2026-11-14", start: "09:00", end: "10:00" };

async function indexDefs(db: Sql, table: string): Promise<string[]> {
  const rows = await db.query<{ def: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE c.relname = $1 ORDER BY 1`,
    [table],
  );
  return rows.map((r) => r.def);
}

/** Each code's reservation status and the slots listing it as held. */
async function holds(s: TestServer, codes: string[]) {
  const rows = await s.db.query<{ code: string; state: string }>(
    `SELECT t.code, r.status || ':' || coalesce((
              SELECT string_agg(CASE WHEN h.slot_id = r.slot_id THEN 'own' ELSE 'old' END,
                                ',' ORDER BY h.slot_id)
                FROM reservation_holds h WHERE h.reservation_id = r.id), '-') AS state
       FROM tickets t JOIN ticket_reservations r ON r.ticket_id = t.id
      WHERE t.code = ANY($1::text[])`,
    [codes],
  );
  const byCode = new Map(rows.map((r) => [r.code, r.state]));
  return codes.map((c) => byCode.get(c));
}

testEachEngine(
  "no index of ticket_reservations involves a column the door changes",
  async (s) => {
    const defs = await indexDefs(s.db, "ticket_reservations");
    eq(defs.length > 5, true, defs.join("\n"));
    const word = new RegExp(`\\b(${DOOR_COLUMNS.join("|")})\\b`);
    eq(defs.filter((d) => word.test(d)), []);
  },
);

testEachEngine(
  "expiry: admitted, undone, moved and deleted reservations; the list of holds empties at the slot's end",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const kept = await reserved(s, SLOT);
    const [admitted, undone, moved, deleted] = [
      await reservedBeside(s, kept),
      await reservedBeside(s, kept),
      await reservedBeside(s, kept),
      await reservedBeside(s, kept),
    ];
    const later = await seedSlot(s.db, {
      date: "2026-11-14",
      start: "10:00",
      end: "11:00",
    });
    const all = [kept, admitted, undone, moved, deleted];
    eq(await holds(s, all), Array(5).fill("RESERVED:own"));

    at(s, "2026-11-14T09:10");
    const door = await operator(s, "door-h", { name: "Holds door" });
    for (const code of [admitted, undone]) {
      eq((await checkIn(s, door.token, code)).body.reason, "VALID");
    }
    eq((await undo(s, door.token, undone)).status, 200);
    // A move while RESERVED (as every move path writes it) lists the new
    // slot; deleting the ticket deletes its reservation.
    await s.db.query(
      `UPDATE ticket_reservations SET slot_id = $1
        WHERE ticket_id = (SELECT id FROM tickets WHERE code = $2)`,
      [later, moved],
    );
    const [gone] = await s.db.query<{ id: number }>(
      "SELECT r.id FROM ticket_reservations r JOIN tickets t ON t.id = r.ticket_id WHERE t.code = $1",
      [deleted],
    );
    await s.db.query("DELETE FROM tickets WHERE code = $1", [deleted]);
    eq(await holds(s, all.slice(0, 4)), [
      "RESERVED:own",
      "VERIFIED:own",
      "RESERVED:own",
      "RESERVED:old,own",
    ]);

    // Batches of 1: the job goes on while a pass took holds off the list.
    const job = createExpiryJob({ db: s.db, clock: s.clock, batch: 1 });
    at(s, "2026-11-14T09:59");
    eq(await job.runOnce(), { ran: true, reservations: 0, tickets: 0 });
    at(s, "2026-11-14T10:00");
    eq(await job.runOnce(), { ran: true, reservations: 2, tickets: 0 });
    eq(await holds(s, all.slice(0, 4)), [
      "EXPIRED:-",
      "VERIFIED:-",
      "EXPIRED:-",
      "RESERVED:own",
    ]);
    eq(
      await s.db.query(
        "SELECT slot_id FROM reservation_holds WHERE reservation_id = $1",
        [gone.id],
      ).then((r) => r.length),
      0,
    );
    at(s, "2026-11-14T11:00");
    eq(await job.runOnce(), { ran: true, reservations: 1, tickets: 0 });
    eq(await holds(s, [moved]), ["EXPIRED:-"]);
    eq(
      (await s.db.query("SELECT 1 FROM reservation_holds")).length,
      0,
    );
  },
  AMS,
);

testEachEngine(
  "the door's update of a reservation is in place (HOT), its hold untouched",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const code = await reserved(s, SLOT);
    at(s, "2026-11-14T09:10");
    const door = await operator(s, "door-p", { name: "Place door" });
    const [ticket] = await s.db.query<TicketRow>(
      `${TICKET_SELECT} WHERE t.code = $1`,
      [code],
    );
    const move: DecidedMove = {
      ticket,
      decision: {
        result: "GREEN",
        reason: "VALID",
        title: "VALID",
        message: "VALID",
        can_verify: true,
      },
      who: { staffId: door.id, orq: 1, anyOrg: false },
      req: {
        code,
        nonce: freshNonce(),
        gate: null,
        direction: "IN",
        userAgent: null,
        instant: s.clock(),
      },
    };
    // This transaction's own counts, read before it ends.
    const counts = await s.db.begin(async (tx) => {
      const [pass] = await applyMoves(tx, [move]);
      eq(pass?.recorded, "VERIFIED");
      const rows = await tx.query<{ upd: number; hot: number }>(
        `SELECT n_tup_upd::int AS upd, n_tup_hot_upd::int AS hot
           FROM pg_stat_xact_user_tables WHERE relname = 'ticket_reservations'`,
      );
      return { ...rows[0] };
    });
    eq(counts, { upd: 1, hot: 1 });
    eq(
      (await s.db.query(
        "SELECT 1 FROM reservation_holds h JOIN ticket_reservations r ON r.id = h.reservation_id AND r.slot_id = h.slot_id WHERE r.ticket_id = $1",
        [ticket.id],
      )).length,
      1,
    );
  },
  AMS,
);
