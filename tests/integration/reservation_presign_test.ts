/**
 * A reservation batch's payloads are signed before its statement (no slot
 * locked meanwhile) and stored only while they still hold: a slot whose
 * times changed or a key rotated since gets its payload signed after.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { seedSlot, seedTickets } from "../helpers/api.ts";
import { recordingDb } from "../helpers/db.ts";
import { type Placed, placeRequests } from "../../db/reservation_batches.ts";
import { Presigner } from "../../db/reservation_presign.ts";
import { addSigningKey } from "../../db/signing_keys.ts";
import { parseSignedPayload } from "../../domain/signed_payload.ts";
import { signatureOf } from "../helpers/signed.ts";

const instant = new Date("2026-11-26T10:00:00Z");
const req = (code: string, slotId: number) => ({
  code,
  slotId,
  email: "a@b.co",
  phone: "+31612345678",
  instant,
});

testEachEngine(
  "presigned payloads are stored by the one statement; stale ones are signed after",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
    });
    const codes = await seedTickets(s.db, 4);
    const presigner = new Presigner(s.db);

    // Fresh: one statement, nothing after it.
    const fresh = [req(codes[0], slot), req(codes[1], slot)];
    const pre = await presigner.sign(fresh);
    const rec = recordingDb(s.db);
    const placed = await placeRequests(rec.db, fresh, pre) as Placed[];
    assertEquals(rec.plain.length, 1);
    for (const [i, p] of placed.entries()) {
      assertEquals(p.signed_payload, pre[i]!.payload);
      assertEquals(
        (await signatureOf(s.db, codes[i])).signed_payload,
        pre[i]!.payload,
      );
    }

    // The slot moved an hour and the key rotated after signing: the stored
    // payloads are signed again, for the slot and key as they are now.
    const stale = [req(codes[2], slot), req(codes[3], slot)];
    const old = await new Presigner(s.db).sign(stale);
    await s.db.query(
      "UPDATE reservation_slots SET start_time = '13:00', end_time = '14:00' WHERE id = $1",
      [slot],
    );
    const k = await s.db.begin((tx) => addSigningKey(tx, 1, instant));
    const rec2 = recordingDb(s.db);
    await placeRequests(rec2.db, stale, old);
    assertEquals(rec2.plain.length > 1, true);
    for (const code of [codes[2], codes[3]]) {
      const claims = parseSignedPayload(
        (await signatureOf(s.db, code)).signed_payload!,
      )!.claims;
      assertEquals([claims.k, claims.s, claims.c], [
        k,
        Date.parse("2026-11-27T13:00:00Z") / 1000,
        code,
      ]);
    }
  },
);
