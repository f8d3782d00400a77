/**
 * The signing-key routes' transactions (API.md "Offline scanning"): add a
 * signer, retire one, delete (distrust) one. Each locks the organization's
 * row first, so two administrators' changes take turns; deleting re-signs
 * the key's RESERVED tickets (their tickets locked in id order, as every
 * reservation change does) and queues each customer's confirmation again.
 */
import type { Sql } from "./client.ts";
import { AppError } from "../domain/errors.ts";
import { addSigningKey, deleteKey, lockSigningKey } from "./signing_keys.ts";
import { signReservation } from "./ticket_signing.ts";
import { CONFIRMATION_MAIL } from "./reservation_cancel.ts";

async function lockOrg(tx: Sql, orq: number): Promise<void> {
  const rows = await tx.query(
    `SELECT orq FROM organizations WHERE orq = $1 FOR UPDATE`,
    [orq],
  );
  if (rows.length === 0) throw new AppError("ORG_NOT_FOUND");
}

/** A new signer for `orq`; the previous one retires. Its key id. */
export async function rotateSigningKey(
  tx: Sql,
  orq: number,
  instant: Date,
): Promise<string> {
  await lockOrg(tx, orq);
  return await addSigningKey(tx, orq, instant);
}

/**
 * Stops key `k` signing: the active signer cannot (LAST_SIGNING_KEY: add a
 * new one first, which retires it); a retired key stays as it is.
 */
export async function retireSigningKey(
  tx: Sql,
  orq: number,
  k: string,
): Promise<void> {
  await lockOrg(tx, orq);
  const status = await lockSigningKey(tx, orq, k);
  if (status === null || status === "deleted") {
    throw new AppError("SIGNING_KEY_NOT_FOUND");
  }
  if (status === "active") throw new AppError("LAST_SIGNING_KEY");
  // Already retired: nothing to change.
}

/**
 * Distrusts key `k` at once (a compromise): the active signer cannot
 * (LAST_SIGNING_KEY); a retired one is deleted, its RESERVED tickets are
 * signed again by the active key, their version bumped (old QR links die)
 * and their confirmation queued again. How many were re-signed.
 */
export async function deleteSigningKey(
  tx: Sql,
  orq: number,
  k: string,
  instant: Date,
): Promise<number> {
  await lockOrg(tx, orq);
  const status = await lockSigningKey(tx, orq, k);
  if (status === null || status === "deleted") {
    throw new AppError("SIGNING_KEY_NOT_FOUND");
  }
  if (status === "active") throw new AppError("LAST_SIGNING_KEY");
  await deleteKey(tx, orq, k, instant);
  // Tickets before reservations (API.md lock order); the recheck after the
  // lock drops reservations that moved or were cancelled meanwhile.
  const locked = await tx.query<{ id: number }>(
    `SELECT t.id FROM tickets t
      WHERE t.id IN (SELECT ticket_id FROM ticket_reservations
                      WHERE orq = $1 AND signed_key = $2 AND status = 'RESERVED')
      ORDER BY t.id FOR UPDATE`,
    [orq, k],
  );
  if (locked.length === 0) return 0;
  const rows = await tx.query<{ id: number; customer_email: string }>(
    `UPDATE ticket_reservations
        SET version = version + 1, updated_at = $3
      WHERE ticket_id = ANY($4::int[]) AND orq = $1 AND signed_key = $2
        AND status = 'RESERVED'
     RETURNING id, customer_email`,
    [orq, k, instant, locked.map((t) => t.id)],
  );
  await signReservation(tx, rows.map((r) => r.id));
  await tx.query(
    `INSERT INTO mail_outbox (kind, reservation_id, to_address)
     SELECT $1, id, to_address
       FROM unnest($2::int[], $3::text[]) AS x(id, to_address)`,
    [
      CONFIRMATION_MAIL,
      rows.map((r) => r.id),
      rows.map((r) => r.customer_email),
    ],
  );
  return rows.length;
}
