/**
 * The signing-key routes (API.md "Offline scanning"): list, add (retires the
 * signer), retire, delete (re-signs and re-mails), LAST_SIGNING_KEY, roles;
 * a payload under a deleted key is decided online by its code; the
 * customer's reschedule revokes and re-signs.
 */
import {
  deepStrictEqual as assertEquals,
  notStrictEqual,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  call,
  get,
  login,
  post,
  reserveOnNewSlot,
  seedSlot,
  staffToken,
} from "../helpers/api.ts";
import { OPEN_ALL_DAY, operator, validate } from "../helpers/scan.ts";
import { AMS, at } from "../helpers/venue_clock.ts";
import { reschedule } from "../helpers/customer_changes.ts";
import {
  alteredSignature,
  revokedHashes,
  signatureOf,
} from "../helpers/signed.ts";
import { parseSignedPayload } from "../../domain/signed_payload.ts";
import { signingKey } from "../../routes/openapi/offline_operations.ts";

const KEYS = "/api/organizations/1/signing-keys";

testEachEngine(
  "admins list, add, retire and delete keys; the signer cannot go (LAST_SIGNING_KEY)",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const admin = await staffToken(s, "chief", "ADMIN");
    const { code } = await reserveOnNewSlot(s, OPEN_ALL_DAY);
    const list = await get(s.url, KEYS, admin);
    assertEquals(list.status, 200);
    assertEquals(list.body.keys.length, 1);
    const first = list.body.keys[0];
    // The documented shape (routes/openapi/offline_operations.ts).
    signingKey.parse(first);
    assertEquals([first.alg, first.status], ["Ed25519", "active"]);
    assertEquals(first.k, (await signatureOf(s.db, code)).signed_key);
    // base64url of 32 raw bytes, no padding: 43 characters.
    assert(/^[A-Za-z0-9_-]{43}$/.test(first.public_key), first.public_key);
    assertEquals("private_key_enc" in first, false);

    const retireActive = await post(
      s.url,
      `${KEYS}/${first.k}/retire`,
      {},
      admin,
    );
    assertEquals([retireActive.status, retireActive.body.error.code], [
      409,
      "LAST_SIGNING_KEY",
    ]);
    const deleteActive = await call(s.url, "DELETE", `${KEYS}/${first.k}`, {
      token: admin,
    });
    assertEquals([deleteActive.status, deleteActive.body.error.code], [
      409,
      "LAST_SIGNING_KEY",
    ]);

    at(s, "2026-11-14T08:10");
    const added = await post(s.url, KEYS, {}, admin);
    assertEquals([added.status, added.body.status], [201, "active"]);
    signingKey.parse(added.body);
    notStrictEqual(added.body.k, first.k);
    const after = (await get(s.url, KEYS, admin)).body.keys;
    assertEquals(
      after.map((k: { k: string; status: string }) => [k.k, k.status]),
      [
        [added.body.k, "active"],
        [first.k, "retired"],
      ],
    );
    // Trusted until the end of the last payload it signed (17:00 Amsterdam).
    assertEquals(after[1].trusted_until, "2026-11-14T16:00:00.000Z");
    const again = await post(s.url, `${KEYS}/${first.k}/retire`, {}, admin);
    assertEquals([again.status, again.body.status], [200, "retired"]);
    // New reservations are signed by the new key.
    const next = await reserveOnNewSlot(s, { ...OPEN_ALL_DAY, start: "10:00" });
    assertEquals((await signatureOf(s.db, next.code)).signed_key, added.body.k);

    const unknown = await call(s.url, "DELETE", `${KEYS}/NOSUCH`, {
      token: admin,
    });
    assertEquals([unknown.status, unknown.body.error.code], [
      404,
      "SIGNING_KEY_NOT_FOUND",
    ]);
    assertEquals((await post(s.url, KEYS, { extra: 1 }, admin)).status, 400);
  },
  AMS,
);

testEachEngine(
  "deleting a key re-signs its tickets, bumps their version and mails them; its payloads are decided by code",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const admin = await staffToken(s, "chief", "ADMIN");
    const jane = await operator(s, "jane");
    const { code } = await reserveOnNewSlot(s, OPEN_ALL_DAY);
    const before = await signatureOf(s.db, code);
    const oldKey = before.signed_key!;
    const added = await post(s.url, KEYS, {}, admin);
    const mailsBefore = await s.db.query(
      "SELECT id FROM mail_outbox WHERE reservation_id = $1",
      [before.id],
    );
    const del = await call(s.url, "DELETE", `${KEYS}/${oldKey}`, {
      token: admin,
    });
    assertEquals([del.status, del.body], [200, {
      k: oldKey,
      status: "deleted",
      resigned: 1,
    }]);
    const after = await signatureOf(s.db, code);
    assertEquals(after.signed_key, added.body.k);
    assertEquals(after.version, before.version + 1);
    assertEquals(
      parseSignedPayload(after.signed_payload!)!.claims.k,
      added.body.k,
    );
    const mails = await s.db.query<{ kind: string }>(
      "SELECT kind FROM mail_outbox WHERE reservation_id = $1 ORDER BY id",
      [before.id],
    );
    assertEquals(mails.length, mailsBefore.length + 1);
    assertEquals(mails.at(-1)!.kind, "reservation.confirmation");
    // Deleted keys are no longer listed; deleting again is 404.
    assertEquals(
      (await get(s.url, KEYS, admin)).body.keys.map((k: { k: string }) => k.k),
      [added.body.k],
    );
    assertEquals(
      (await call(s.url, "DELETE", `${KEYS}/${oldKey}`, { token: admin }))
        .status,
      404,
    );

    at(s, "2026-11-14T10:00");
    // Online a payload under the deleted key is decided by its code, even
    // with a signature that would not verify; the new one verifies.
    for (
      const payload of [
        before.signed_payload!,
        alteredSignature(before.signed_payload!),
      ]
    ) {
      const r = await validate(s, jane.token, payload);
      assertEquals([r.body.result, r.body.reason], ["GREEN", "VALID"]);
    }
    assertEquals(
      (await validate(s, jane.token, after.signed_payload!)).body.result,
      "GREEN",
    );
    assertEquals(
      (await validate(s, jane.token, alteredSignature(after.signed_payload!)))
        .body.reason,
      "INVALID_TICKET",
    );
  },
  AMS,
);

testEachEngine(
  "the customer's reschedule revokes the old signature and signs the new slot",
  async (s) => {
    at(s, "2026-11-14T08:00");
    const { code } = await reserveOnNewSlot(s, {
      date: "2026-11-20",
      start: "10:00",
      end: "11:00",
    });
    const before = await signatureOf(s.db, code);
    const target = await seedSlot(s.db, {
      date: "2026-11-21",
      start: "10:00",
      end: "11:00",
    });
    const [{ customer_email }] = await s.db.query<{ customer_email: string }>(
      "SELECT customer_email FROM ticket_reservations WHERE id = $1",
      [before.id],
    );
    const r = await reschedule(s, code, customer_email, target);
    assertEquals(r.status, 200);
    const after = await signatureOf(s.db, code);
    assertEquals(await revokedHashes(s.db), [before.signature_hash]);
    assertEquals(
      parseSignedPayload(after.signed_payload!)!.claims.s,
      Date.parse("2026-11-21T09:00:00Z") / 1000,
    );
  },
  AMS,
);

testEachEngine(
  "only an organization's admins (and the platform admin) manage its keys",
  async (s) => {
    const [{ orq: org2 }] = await s.db.query<{ orq: number }>(
      "INSERT INTO organizations (name, timezone) VALUES ('Other', 'UTC') RETURNING orq",
    );
    const boss = await staffToken(s, "boss", "MANAGER");
    const door = await staffToken(s, "door", "OPERATOR");
    const otherAdmin = await staffToken(s, "other", "ADMIN", org2);
    const root = await login(s.url, "root", { password: "root-password-1" });
    assertEquals((await get(s.url, KEYS)).status, 401);
    assertEquals((await get(s.url, KEYS, door)).status, 403);
    assertEquals((await get(s.url, KEYS, boss)).status, 403);
    assertEquals((await get(s.url, KEYS, otherAdmin)).status, 403);
    assertEquals((await post(s.url, KEYS, {}, otherAdmin)).status, 403);
    // Organization 2 was made after startup: its first key comes when first
    // needed (a listing, a booking), or with an administrator's POST.
    const listed = await get(
      s.url,
      `/api/organizations/${org2}/signing-keys`,
      root,
    );
    assertEquals([listed.status, listed.body.keys.length], [200, 1]);
    const made = await post(
      s.url,
      `/api/organizations/${org2}/signing-keys`,
      {},
      root,
    );
    assertEquals(made.status, 201);
    // Organization 1 got its key at startup.
    assertEquals((await get(s.url, KEYS, root)).body.keys.length, 1);
    assertEquals(
      (await get(s.url, "/api/organizations/999/signing-keys", root)).status,
      404,
    );
  },
);
