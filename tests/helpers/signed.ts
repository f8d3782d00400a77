/** Helpers of the signed-QR tests: a reservation's stored signature and a forged payload. */
import type { Sql } from "../../db/client.ts";

/** The current signature columns of the ticket's live reservation. */
export async function signatureOf(sql: Sql, code: string) {
  const [row] = await sql.query<{
    id: number;
    version: number;
    status: string;
    signed_payload: string | null;
    signature_hash: string | null;
    signed_key: string | null;
  }>(
    `SELECT r.id, r.version, r.status, r.signed_payload, r.signature_hash,
            r.signed_key
       FROM ticket_reservations r JOIN tickets t ON t.id = r.ticket_id
      WHERE t.code = $1 AND r.status <> 'CANCELLED'`,
    [code],
  );
  return row;
}

/** The revoked hashes of `orq`, oldest first. */
export async function revokedHashes(sql: Sql, orq = 1): Promise<string[]> {
  const rows = await sql.query<{ h: string }>(
    "SELECT h FROM signature_revocations WHERE orq = $1 ORDER BY id",
    [orq],
  );
  return rows.map((r) => r.h);
}

/** `payload` with one base32 letter of its signature changed. */
export function alteredSignature(payload: string): string {
  const [prefix, body, sig] = payload.split(".");
  const i = 10;
  return `${prefix}.${body}.${sig.slice(0, i)}${sig[i] === "A" ? "B" : "A"}${
    sig.slice(i + 1)
  }`;
}
