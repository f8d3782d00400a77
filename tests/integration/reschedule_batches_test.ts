/**
 * db/reschedule_batches.ts applyMoves on PostgreSQL: a batch moves what it
 * may (a target's free places before the batch, in request order) with its
 * mails, audit entries, revocations and new signatures, and leaves
 * everything else (null) unchanged for the single path.
 */
import {
  deepStrictEqual as assertEquals,
  notDeepStrictEqual as assertNotEquals,
  ok as assert,
} from "node:assert/strict";
import { applyMoves, type MoveRequest } from "../../db/reschedule_batches.ts";
import { bookAtOnce, onPostgres } from "../helpers/change_races.ts";
import { mailKinds, slotState, tomorrow } from "../helpers/staff_changes.ts";
import { revokedHashes, signatureOf } from "../helpers/signed.ts";
import { brokenInvariants } from "../helpers/invariants.ts";
import { join } from "../helpers/waitlist.ts";
import type { TestServer } from "../helpers/server.ts";
import { seedTickets } from "../helpers/api.ts";

const EMAIL = "visitor@example.com";

/** A customer's move of ticket `code` to `slotId` as the route would ask it. */
async function moveOf(
  s: TestServer,
  code: string,
  slotId: number,
  extra: Partial<MoveRequest> = {},
): Promise<MoveRequest> {
  const [t] = await s.db.query<{ id: number; orq: number }>(
    "SELECT id, orq FROM tickets WHERE code = $1",
    [code],
  );
  return {
    cred: { code, email: EMAIL },
    ticketId: t.id,
    code,
    orq: t.orq,
    slotId,
    instant: s.clock(),
    wall: { date: "2026-11-26", time: "10:00" },
    cutoffHours: 1,
    lastDate: "2027-02-23",
    ...extra,
  };
}

Deno.test("a reschedule batch grants a target its free places in request order, with mails, audit and new signatures", () =>
  onPostgres(async (s) => {
    const a = await tomorrow(s, "12:00", 10);
    const b = await tomorrow(s, "15:00", 2);
    const { codes, ids } = await bookAtOnce(s, a, 4);
    const before = await Promise.all(codes.map((c) => signatureOf(s.db, c)));
    const audits = await s.db.query("SELECT 1 FROM audit_log");
    const moved = await applyMoves(
      s.db,
      await Promise.all(codes.map((c) => moveOf(s, c, b))),
    );
    assertEquals(moved.map((m) => m !== null), [true, true, false, false]);
    for (const [i, m] of moved.slice(0, 2).entries()) {
      assertEquals(m!.from, a);
      assertEquals(m!.reservation.id, ids[i]);
      assertEquals(m!.reservation.ticket_code, codes[i]);
      assertEquals(m!.reservation.slot.id, b);
      assertEquals(m!.reservation.version, 2);
      const now = await signatureOf(s.db, codes[i]);
      assert(now.signed_payload, "signed again");
      assertEquals(m!.reservation.signed_payload, now.signed_payload);
      assertNotEquals(now.signature_hash, before[i].signature_hash);
      assertEquals(
        (await mailKinds(s.db, ids[i])).includes("reservation.moved"),
        true,
      );
    }
    // The two left behind are untouched.
    for (const i of [2, 3]) {
      assertEquals(await signatureOf(s.db, codes[i]), before[i]);
    }
    const revoked = await revokedHashes(s.db);
    for (const i of [0, 1]) assert(revoked.includes(before[i].signature_hash!));
    assertEquals((await slotState(s.db, a)).booked_count, 2);
    assertEquals((await slotState(s.db, b)).booked_count, 2);
    assertEquals((await slotState(s.db, b)).status, "FULL");
    const [{ n }] = await s.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log
        WHERE action = 'reservation.moved' AND actor_kind = 'customer'
          AND (after->>'slot_id')::int = $1 AND (after->>'version')::int = 2`,
      [b],
    );
    assertEquals(n, 2);
    assertEquals(
      (await s.db.query("SELECT 1 FROM audit_log")).length,
      audits.length + 2,
    );
    assertEquals(await brokenInvariants(s.db), []);
  }));

Deno.test("a reschedule batch moves nothing it should refuse: another email, past the cut-off, the same slot, beyond the horizon, a closed target, a waitlist to serve", () =>
  onPostgres(async (s) => {
    const a = await tomorrow(s, "12:00", 10);
    const b = await tomorrow(s, "15:00", 10);
    const closed = await tomorrow(s, "17:00", 10, { status: "CLOSED" });
    const full = await tomorrow(s, "18:00", 1);
    const { codes } = await bookAtOnce(s, a, 6);
    const [inFull] = (await bookAtOnce(s, full, 1)).codes;
    const [waiting] = await seedTickets(s.db, 1);
    // `full` now has someone waiting: a place freed there goes to them.
    assertEquals((await join(s, [waiting], full)).status, 201);
    const asked = [
      await moveOf(s, codes[0], b, {
        cred: { code: codes[0], email: "other@example.com" },
      }),
      // Tomorrow 12:00 is 26 hours away: a 30-hour cut-off has passed.
      await moveOf(s, codes[1], b, { cutoffHours: 30 }),
      await moveOf(s, codes[2], a),
      await moveOf(s, codes[3], b, { lastDate: "2026-11-26" }),
      await moveOf(s, codes[4], closed),
      await moveOf(s, inFull, b),
      // A token naming another reservation of the ticket.
      await moveOf(s, codes[5], b, {
        cred: { reservationId: 999_999, ticketId: 1 },
      }),
    ];
    const rows = () =>
      s.db.query(
        "SELECT id, slot_id, version FROM ticket_reservations ORDER BY id",
      );
    const before = await rows();
    const moved = await applyMoves(s.db, asked);
    assertEquals(moved, asked.map(() => null));
    assertEquals(await rows(), before);
    assertEquals((await slotState(s.db, b)).booked_count, 0);
    assertEquals(await brokenInvariants(s.db), []);
  }));
