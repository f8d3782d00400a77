/**
 * Signs reservations' QR payloads and revokes replaced signatures (API.md
 * "Offline scanning"). Callers run these inside the transaction that
 * creates, moves or cancels the reservation, after its ticket's lock, so a
 * payload always matches the row it is stored on.
 */
import type { Db, Sql } from "./client.ts";
import { activeSigners, signingKeyOf } from "./signing_keys.ts";
import type { Signed } from "../domain/ticket_signature.ts";
import { signClaimsNow } from "./payload_signer.ts";
import { SLOT_ENDS_AT, SLOT_STARTS_AT } from "./sql_fragments.ts";
import { together } from "./pipelined.ts";

/** What a reservation's payload says: its organization, code and slot instants. */
export interface SigningFacts {
  id: number;
  orq: number;
  code: string;
  /** The slot's start and end, Unix seconds. */
  s: number;
  e: number;
}

/** The SQL of {@link SigningFacts} for reservations `r` (with `t`, `s`, `o` joined). */
export const SIGNING_FACTS_SELECT = `r.id, r.orq, t.code,
  extract(epoch FROM ${SLOT_STARTS_AT})::bigint AS s,
  extract(epoch FROM ${SLOT_ENDS_AT})::bigint AS e`;

/** The joins {@link SIGNING_FACTS_SELECT} reads. */
export const SIGNING_FACTS_FROM = `ticket_reservations r
  JOIN tickets t ON t.id = r.ticket_id
  JOIN reservation_slots s ON s.id = r.slot_id
  JOIN organizations o ON o.orq = s.orq`;

/**
 * Signs reservations `ids` with their organization's active key (made if
 * it has none) and stores each payload. The caller holds their tickets'
 * locks (or, at startup, the reservation rows').
 */
export async function signReservation(
  tx: Sql,
  ids: number[],
): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const facts = await tx.query<SigningFacts>(
    `SELECT ${SIGNING_FACTS_SELECT} FROM ${SIGNING_FACTS_FROM}
      WHERE r.id = ANY($1::int[])`,
    [ids],
  );
  return await signRows(tx, facts);
}

/** Signs and stores the payloads of reservations whose facts are known; the texts by id. */
export async function signRows(
  tx: Sql,
  facts: SigningFacts[],
): Promise<Map<number, string>> {
  if (facts.length === 0) return new Map();
  const signers = await activeSigners(tx, [
    ...new Set(facts.map((f) => f.orq)),
  ]);
  const signed: (Signed & { k: string })[] = await Promise.all(
    facts.map(async (f) => {
      const signer = signers.get(f.orq)!;
      const key = await signingKeyOf(signer);
      const s = signClaimsNow(key, {
        v: 1,
        k: signer.k,
        o: f.orq,
        c: f.code,
        s: Number(f.s),
        e: Number(f.e),
      });
      return { ...s, k: signer.k };
    }),
  );
  await tx.query(
    `UPDATE ticket_reservations r
        SET signed_payload = x.p, signature_hash = x.h, signed_key = x.k,
            signed_until = to_timestamp(x.e)
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bigint[])
         AS x(id, p, h, k, e)
      WHERE r.id = x.id`,
    [
      facts.map((f) => f.id),
      signed.map((s) => s.text),
      signed.map((s) => s.h),
      signed.map((s) => s.k),
      facts.map((f) => Number(f.e)),
    ],
  );
  return new Map(facts.map((f, i) => [f.id, signed[i].text]));
}

/**
 * Revokes the current signatures of reservations `ids` (listed in the
 * offline kit until their payload's end) and clears them from the rows.
 */
export async function revokeSignatures(
  tx: Sql,
  ids: number[],
  instant: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(
    `WITH old AS (
       UPDATE ticket_reservations r
          SET signed_payload = NULL, signature_hash = NULL, signed_key = NULL,
              signed_until = NULL
         FROM (SELECT id, orq, signature_hash AS h, signed_until AS until
                 FROM ticket_reservations
                WHERE id = ANY($1::int[]) AND signature_hash IS NOT NULL) x
        WHERE r.id = x.id
       RETURNING x.orq, x.h, x.until)
     INSERT INTO signature_revocations (orq, h, until, created_at)
     SELECT orq, h, until, $2 FROM old WHERE until > $2`,
    [ids, instant],
  );
}

/** Revokes and signs again: a reservation that moved (or whose key went). */
export async function resignReservation(
  tx: Sql,
  ids: number[],
  instant: Date,
): Promise<void> {
  // Sent together: the revocation runs first and reads only the old
  // signature, which signing replaces after it.
  await together([
    revokeSignatures(tx, ids, instant),
    signReservation(tx, ids),
  ]);
}

/**
 * Signs every RESERVED reservation that has no payload (those made before
 * signing existed, or by the demo's direct inserts), in batches of `batch`.
 * Instances starting together share the work: each batch locks its rows
 * with SKIP LOCKED and rechecks that they are unsigned. Returns how many
 * this call signed.
 */
export async function signUnsigned(db: Db, batch = 500): Promise<number> {
  // Every organization gets its first key now, not at its first booking.
  await db.begin(async (tx) => {
    const orgs = await tx.query<{ orq: number }>(
      `SELECT orq FROM organizations o WHERE NOT EXISTS (
         SELECT 1 FROM signing_keys k WHERE k.orq = o.orq AND k.status = 'active')`,
    );
    if (orgs.length > 0) await activeSigners(tx, orgs.map((o) => o.orq));
  });
  let total = 0;
  for (;;) {
    const n = await db.begin(async (tx) => {
      const rows = await tx.query<{ id: number }>(
        `SELECT id FROM ticket_reservations
          WHERE signed_payload IS NULL AND live AND status = 'RESERVED'
          ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch],
      );
      await signReservation(tx, rows.map((r) => r.id));
      return rows.length;
    });
    total += n;
    if (n < batch) return total;
  }
}
