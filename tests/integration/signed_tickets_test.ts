/**
 * Signed QR payloads online (API.md "Offline scanning", "validate-ticket"):
 * every reservation is signed when made, moved or cancelled in the same
 * transaction; the QR carries the TE1 text; scans verify it.
 */
import {
  deepStrictEqual as assertEquals,
  notStrictEqual,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  post,
  reserveOnNewSlot,
  seedSlot,
  staffToken,
} from "../helpers/api.ts";
import { OPEN_ALL_DAY, operator, validate, verify } from "../helpers/scan.ts";
import { checkIn, freshNonce } from "../helpers/door.ts";
import { AMS, at } from "../helpers/venue_clock.ts";
import { qrTextOfPng } from "../helpers/png.ts";
import {
  alteredSignature,
  revokedHashes,
  signatureOf,
} from "../helpers/signed.ts";
import { parseSignedPayload } from "../../domain/signed_payload.ts";

testEachEngine(
  "a new reservation is signed; its QR (PNG) and answer carry the TE1 text",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const { code, body } = await reserveOnNewSlot(s, OPEN_ALL_DAY);
    const row = await signatureOf(s.db, code);
    assert(row.signed_payload?.startsWith("TE1."), row.signed_payload ?? "");
    assertEquals(body.qr.payload, row.signed_payload);
    const claims = parseSignedPayload(row.signed_payload!)!.claims;
    // 09:00–17:00 in Amsterdam (UTC+1) on 14 Nov 2026.
    assertEquals(claims, {
      v: 1,
      k: row.signed_key,
      o: 1,
      c: code,
      s: Date.parse("2026-11-14T08:00:00Z") / 1000,
      e: Date.parse("2026-11-14T16:00:00Z") / 1000,
    });
    assertEquals(row.signature_hash!.length, 8);
    const png = await fetch(s.url + body.qr.png_url);
    assertEquals(png.status, 200);
    assertEquals(
      qrTextOfPng(new Uint8Array(await png.arrayBuffer())),
      row.signed_payload,
    );
  },
  AMS,
);

testEachEngine(
  "validate, verify and check-in take the TE1 payload; an altered one is INVALID_TICKET",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const jane = await operator(s, "jane");
    const a = await reserveOnNewSlot(s, OPEN_ALL_DAY);
    const b = await reserveOnNewSlot(s, { ...OPEN_ALL_DAY, start: "09:30" });
    const payloadA = (await signatureOf(s.db, a.code)).signed_payload!;
    const payloadB = (await signatureOf(s.db, b.code)).signed_payload!;
    at(s, "2026-11-14T10:00");
    const ok = await validate(s, jane.token, payloadA);
    assertEquals([ok.status, ok.body.result, ok.body.reason], [
      200,
      "GREEN",
      "VALID",
    ]);
    assertEquals(ok.body.ticket.code, a.code);
    // Lower case (a scanner folding case) still verifies.
    assertEquals(
      (await validate(s, jane.token, payloadA.toLowerCase())).body.result,
      "GREEN",
    );
    const forged = await validate(s, jane.token, alteredSignature(payloadA));
    assertEquals([forged.body.result, forged.body.reason], [
      "RED",
      "INVALID_TICKET",
    ]);
    // A's claims under B's signature.
    const [pA, bodyA] = payloadA.split(".");
    const swapped = `${pA}.${bodyA}.${payloadB.split(".")[2]}`;
    assertEquals(
      (await validate(s, jane.token, swapped)).body.reason,
      "INVALID_TICKET",
    );
    assertEquals(
      (await validate(s, jane.token, "TE1.NOTBASE32!.XX")).body.reason,
      "INVALID_TICKET",
    );
    const v = await verify(s, jane.token, payloadA, freshNonce());
    assertEquals([v.status, v.body.result], [200, "VERIFIED"]);
    const refused = await verify(s, jane.token, alteredSignature(payloadB));
    assertEquals([refused.status, refused.body.error.code], [
      409,
      "INVALID_TICKET",
    ]);
    const c = await checkIn(s, jane.token, payloadB);
    assertEquals([c.body.result, c.body.checked_in], ["GREEN", true]);
    // The typed code keeps working.
    assertEquals(
      (await validate(s, jane.token, b.code)).body.reason,
      "ALREADY_VERIFIED",
    );
  },
  AMS,
);

testEachEngine(
  "a move revokes the old signature and signs anew; a cancellation revokes",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const boss = await staffToken(s, "boss", "MANAGER");
    const jane = await operator(s, "jane");
    const a = await reserveOnNewSlot(s, OPEN_ALL_DAY);
    const before = await signatureOf(s.db, a.code);
    const tomorrow = await seedSlot(s.db, {
      date: "2026-11-15",
      start: "10:00",
      end: "11:00",
    });
    const moved = await post(
      s.url,
      `/api/reservations/${before.id}/move`,
      { slot_id: tomorrow },
      boss,
    );
    assertEquals(moved.status, 200);
    const after = await signatureOf(s.db, a.code);
    notStrictEqual(after.signed_payload, before.signed_payload);
    assertEquals(
      parseSignedPayload(after.signed_payload!)!.claims.s,
      Date.parse("2026-11-15T09:00:00Z") / 1000,
    );
    assertEquals(moved.body.qr.payload, after.signed_payload);
    assertEquals(await revokedHashes(s.db), [before.signature_hash]);
    // Online the old payload still verifies and is decided by the code's
    // state: the visit is now tomorrow.
    const old = await validate(s, jane.token, before.signed_payload!);
    assertEquals([old.body.result, old.body.reason], ["RED", "WRONG_DATE"]);
    assert(old.body.message.includes("15 Nov 2026"), old.body.message);

    const cancelled = await post(
      s.url,
      `/api/reservations/${before.id}/cancel`,
      {},
      boss,
    );
    assertEquals(cancelled.status, 200);
    assertEquals(await revokedHashes(s.db), [
      before.signature_hash,
      after.signature_hash,
    ]);
    assertEquals(
      (await validate(s, jane.token, after.signed_payload!)).body.reason,
      "NO_RESERVATION",
    );
  },
  AMS,
);
