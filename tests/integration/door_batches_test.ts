/**
 * The door's batch of moves (db/door_batches.ts) on its own: in one batch,
 * the first request of a ticket moves it; a repeat of the ticket, a spent
 * nonce and a guard that no longer holds change nothing and answer null, so
 * that their requests decide again on the single path.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import { OPEN_ALL_DAY, operator, reserved } from "../helpers/scan.ts";
import {
  checkIn,
  doorState,
  freshNonce,
  reservedBeside,
} from "../helpers/door.ts";
import { AMS, at } from "../helpers/venue_clock.ts";
import { applyMoves, type DecidedMove } from "../../db/door_batches.ts";
import { TICKET_SELECT, type TicketRow } from "../../db/tickets.ts";
import type { ScanDecision } from "../../domain/scan_decision.ts";

const GREEN = (reason: "VALID" | "REENTRY" | "EXIT"): ScanDecision => ({
  result: "GREEN",
  reason,
  title: reason,
  message: reason,
  can_verify: true,
});

async function ticketRow(s: TestServer, code: string): Promise<TicketRow> {
  const [row] = await s.db.query<TicketRow>(
    `${TICKET_SELECT} WHERE t.code = $1`,
    [code],
  );
  return row;
}

testEachEngine(
  "a batch moves the first request of each ticket; repeats, spent nonces and stale guards change nothing",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const a = await reserved(s, OPEN_ALL_DAY);
    const [b, c, d, e] = [
      await reservedBeside(s, a),
      await reservedBeside(s, a),
      await reservedBeside(s, a),
      await reservedBeside(s, a),
    ];
    at(s, "2026-11-14T09:30");
    const door = await operator(s, "door-a", { name: "North door" });
    // c is admitted with a nonce that b's request then reuses; e is inside.
    const spent = freshNonce();
    assertEquals(
      (await checkIn(s, door.token, c, { nonce: spent })).status,
      200,
    );
    assertEquals((await checkIn(s, door.token, e)).status, 200);
    const before = await doorState(s, a);
    const instant = s.clock();
    const move = async (
      code: string,
      reason: "VALID" | "REENTRY" | "EXIT",
      nonce = freshNonce(),
    ): Promise<DecidedMove> => ({
      ticket: await ticketRow(s, code),
      decision: GREEN(reason),
      who: { staffId: door.id, orq: 1, anyOrg: false },
      req: {
        code,
        nonce,
        gate: "North",
        direction: reason === "EXIT" ? "OUT" : "IN",
        userAgent: "batch-test",
        instant,
      },
    });
    const batch = [
      await move(a, "VALID"),
      await move(a, "VALID"), // the same ticket again: only the first moves
      await move(b, "VALID", spent), // a spent nonce: b must not move
      await move(d, "EXIT"), // decided as if inside, but d is not: stale
      await move(e, "EXIT"),
    ];
    const passes = await applyMoves(s.db, batch);
    assertEquals(passes.map((p) => p?.recorded ?? null), [
      "VERIFIED",
      null,
      null,
      null,
      "EXIT",
    ]);
    const first = passes[0]!;
    assertEquals(first.answer.checked_in, true);
    assertEquals(first.answer.verified_by, { id: door.id, name: "North door" });
    assertEquals(first.answer.verified_at, instant.toISOString());
    assertEquals(passes[4]!.answer.checked_out, true);

    const [sa, sb, sd, se] = await Promise.all(
      [a, b, d, e].map((code) => doorState(s, code)),
    );
    assertEquals([sa.status, sa.inside, sa.reservation_status, sa.kinds], [
      "VERIFIED",
      true,
      "VERIFIED",
      ["VERIFIED"],
    ]);
    assertEquals(sa.events[0].answer, first.answer);
    assertEquals([sb.status, sb.inside, sb.reservation_status, sb.kinds], [
      "RESERVED",
      false,
      "RESERVED",
      [],
    ]);
    assertEquals([sd.status, sd.kinds], ["RESERVED", []]);
    assertEquals([se.status, se.inside, se.kinds], [
      "VERIFIED",
      false,
      ["VERIFIED", "EXIT"],
    ]);
    // One slot: a's admission and e's exit, summed into one update.
    assertEquals(
      [se.verified_count, se.entries_count, se.exits_count],
      [
        before.verified_count + 1,
        before.entries_count + 1,
        before.exits_count + 1,
      ],
    );
  },
  AMS,
);
