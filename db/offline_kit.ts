/**
 * The offline kit's reads (API.md "Offline scanning"): revoked signatures
 * still listed, and today's admissions by signature hash `h`. Incremental
 * reads overlap the previous kit by {@link OVERLAP_MS}: a row whose id was
 * taken before the previous kit but committed after it is still sent, and
 * sending a row twice is harmless (the lists are sets, the states current).
 */
import type { Sql } from "./client.ts";

/** How far an incremental read reaches back before the previous kit. */
export const OVERLAP_MS = 60_000;

/** The highest ids now, for the next cursor. */
export async function kitHighWater(
  sql: Sql,
): Promise<{ rev: number; ev: number }> {
  const [row] = await sql.query<{ rev: string; ev: string }>(
    `SELECT (SELECT coalesce(max(id), 0) FROM signature_revocations)::text AS rev,
            (SELECT coalesce(max(id), 0) FROM verification_events)::text AS ev`,
  );
  return { rev: Number(row.rev), ev: Number(row.ev) };
}

/** Revocations of `orq` to list: all still in force, or those added since. */
export async function revokedAdded(
  sql: Sql,
  orq: number,
  now: Date,
  since: { rev: number; at: Date } | null,
): Promise<string[]> {
  const rows = await sql.query<{ h: string }>(
    since
      ? `SELECT DISTINCT h FROM signature_revocations
          WHERE orq = $1 AND until > $2 AND (id > $3 OR created_at >= $4)`
      : `SELECT DISTINCT h FROM signature_revocations
          WHERE orq = $1 AND until > $2`,
    since
      ? [orq, now, since.rev, new Date(since.at.getTime() - OVERLAP_MS)]
      : [orq, now],
  );
  return rows.map((r) => r.h);
}

/** Revocations of `orq` whose payload ended since the previous kit. */
export async function revokedEnded(
  sql: Sql,
  orq: number,
  now: Date,
  sinceAt: Date,
): Promise<string[]> {
  const rows = await sql.query<{ h: string }>(
    `SELECT DISTINCT h FROM signature_revocations
      WHERE orq = $1 AND until <= $2 AND until > $3`,
    [orq, now, new Date(sinceAt.getTime() - OVERLAP_MS)],
  );
  return rows.map((r) => r.h);
}

/** One signed reservation of today's slots and whether its guest is in. */
export interface DoorState {
  h: string;
  verified: boolean;
  inside: boolean;
}

/**
 * Today's (`date`, the venue's) admitted reservations of `orq`, and those
 * inside now: two arrays in one row (20,000 rows would cost the driver
 * far more than the query).
 */
export async function verifiedToday(
  sql: Sql,
  orq: number,
  date: string,
): Promise<{ add: string[]; inside: string[] }> {
  const [row] = await sql.query<
    { add: string[] | null; inside: string[] | null }
  >(
    `SELECT array_agg(r.signature_hash) AS add,
            array_agg(r.signature_hash) FILTER (WHERE t.inside) AS inside
       FROM reservation_slots s
       JOIN ticket_reservations r ON r.slot_id = s.id AND r.status = 'VERIFIED'
       JOIN tickets t ON t.id = r.ticket_id
      WHERE s.orq = $1 AND s.date = $2 AND r.signature_hash IS NOT NULL`,
    [orq, date],
  );
  return { add: row?.add ?? [], inside: row?.inside ?? [] };
}

/**
 * The current door state of today's reservations whose tickets had a door
 * event (admission, re-entry, exit, undo) since the previous kit.
 */
export async function doorChangesSince(
  sql: Sql,
  orq: number,
  date: string,
  since: { ev: number; at: Date },
): Promise<DoorState[]> {
  return await sql.query<DoorState>(
    `WITH changed AS (
       SELECT DISTINCT ticket_id FROM verification_events
        WHERE orq = $1 AND (id > $3 OR created_at >= $4)
          AND kind IN ('VERIFIED', 'REENTRY', 'EXIT', 'UNDO'))
     SELECT r.signature_hash AS h, r.status = 'VERIFIED' AS verified, t.inside
       FROM changed c
       JOIN ticket_reservations r ON r.ticket_id = c.ticket_id
        AND r.status IN ('RESERVED', 'VERIFIED')
       JOIN tickets t ON t.id = r.ticket_id
       JOIN reservation_slots s ON s.id = r.slot_id
      WHERE s.orq = $1 AND s.date = $2 AND r.signature_hash IS NOT NULL`,
    [orq, date, since.ev, new Date(since.at.getTime() - OVERLAP_MS)],
  );
}
