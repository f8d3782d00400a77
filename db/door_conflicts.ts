/** The offline conflicts of a day, as the manager's dashboard lists them. */
import type { Sql } from "./client.ts";
import type { ConflictKind } from "../domain/sync_rules.ts";

/** One side of a conflict: an admission. */
export interface ConflictSide {
  at: string;
  gate: string | null;
  device: string | null;
  by: { id: number; name: string | null } | null;
}

/** A conflict as the dashboard shows it. */
export interface ConflictItem {
  id: number;
  kind: ConflictKind;
  code: string;
  /** The first 8 characters of the code (what the live event carries). */
  code_prefix: string;
  reason: string | null;
  counted_inside: boolean;
  first: ConflictSide | null;
  second: ConflictSide;
  recorded_at: string;
}

/** Conflicts shown at most for one day. */
export const CONFLICTS_PER_DAY = 200;

/** The first characters of a code: enough to find it, not enough to use it. */
export function codePrefix(code: string): string {
  return code.slice(0, 8);
}

/** The conflicts of `orq` on venue date `date`, newest first. */
export async function conflictsOfDay(
  sql: Sql,
  orq: number,
  date: string,
): Promise<ConflictItem[]> {
  const rows = await sql.query<{
    id: string | number;
    kind: ConflictKind;
    code: string;
    reason: string | null;
    counted_inside: boolean;
    first_at: Date | null;
    first_gate: string | null;
    first_device: string | null;
    first_staff_id: number | null;
    first_name: string | null;
    second_at: Date;
    second_gate: string | null;
    second_device: string | null;
    second_staff_id: number | null;
    second_name: string | null;
    created_at: Date;
  }>(
    `SELECT c.id, c.kind, t.code, c.reason, c.counted_inside,
            c.first_at, c.first_gate, c.first_device, c.first_staff_id,
            f.name AS first_name, c.second_at, c.second_gate, c.second_device,
            c.second_staff_id, s.name AS second_name, c.created_at
       FROM door_conflicts c
       JOIN tickets t ON t.id = c.ticket_id
       LEFT JOIN staff f ON f.id = c.first_staff_id
       LEFT JOIN staff s ON s.id = c.second_staff_id
      WHERE c.orq = $1 AND c.date = $2::date
      ORDER BY c.id DESC
      LIMIT ${CONFLICTS_PER_DAY}`,
    [orq, date],
  );
  const iso = (d: Date) => new Date(d).toISOString();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    code: r.code,
    code_prefix: codePrefix(r.code),
    reason: r.reason,
    counted_inside: r.counted_inside,
    first: r.first_at
      ? {
        at: iso(r.first_at),
        gate: r.first_gate,
        device: r.first_device,
        by: r.first_staff_id === null
          ? null
          : { id: r.first_staff_id, name: r.first_name },
      }
      : null,
    second: {
      at: iso(r.second_at),
      gate: r.second_gate,
      device: r.second_device,
      by: r.second_staff_id === null
        ? null
        : { id: r.second_staff_id, name: r.second_name },
    },
    recorded_at: iso(r.created_at),
  }));
}
