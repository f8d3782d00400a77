/** Reading the audit log (API.md "Back office", `GET /api/audit`). */
import type { Sql } from "./client.ts";

/** One entry as the back office lists it. */
export interface AuditItem {
  id: number;
  at: string;
  actor: { kind: string; id: number | null; name: string | null };
  action: string;
  target: { type: string; id: string | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The sort key's instant with microseconds (for the cursor). */
  at_key: string;
}

/** Filters of the list; dates are the organization's wall-clock days. */
export interface AuditQuery {
  orq: number;
  /** First and last day, `YYYY-MM-DD`, in the organization's zone. */
  from?: string;
  to?: string;
  /** An exact action (`staff.updated`) or its prefix before the dot (`staff`). */
  action?: string;
  /** A staff id, or an actor kind (`api_key`, `customer`, `system`). */
  actor?: number | string;
  /** After this (at, id), newest first. */
  after?: [string, number];
  limit: number;
}

/** Entries of `q.orq`, newest first, at most `limit` + 1. */
export async function listAudit(sql: Sql, q: AuditQuery): Promise<AuditItem[]> {
  const where = ["a.orq = $1"];
  const params: unknown[] = [q.orq, q.limit + 1];
  const add = (value: unknown, clause: (p: string) => string) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (q.from) {
    add(
      q.from,
      (p) => `a.at >= (${p}::date::timestamp AT TIME ZONE o.timezone)`,
    );
  }
  if (q.to) {
    add(
      q.to,
      (p) => `a.at < ((${p}::date + 1)::timestamp AT TIME ZONE o.timezone)`,
    );
  }
  if (q.action) {
    add(q.action, (p) => `(a.action = ${p} OR a.action LIKE ${p} || '.%')`);
  }
  if (typeof q.actor === "number") {
    add(q.actor, (p) => `(a.actor_kind = 'staff' AND a.actor_id = ${p})`);
  } else if (q.actor) {
    add(q.actor, (p) => `a.actor_kind = ${p}`);
  }
  if (q.after) {
    params.push(q.after[0], q.after[1]);
    where.push(
      `(a.at, a.id) < ($${params.length - 1}::timestamptz, $${params.length})`,
    );
  }
  const rows = await sql.query<{
    id: string | number;
    at: Date | string;
    at_key: string;
    actor_kind: string;
    actor_id: number | null;
    actor_name: string | null;
    action: string;
    target_type: string;
    target_id: string | null;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }>(
    `SELECT a.id, a.at,
            to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key,
            a.actor_kind, a.actor_id, a.actor_name, a.action, a.target_type,
            a.target_id, a.before, a.after
       FROM audit_log a JOIN organizations o ON o.orq = a.orq
      WHERE ${where.join(" AND ")}
      ORDER BY a.at DESC, a.id DESC
      LIMIT $2`,
    params,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
    action: r.action,
    target: { type: r.target_type, id: r.target_id },
    before: r.before,
    after: r.after,
    at_key: r.at_key,
  }));
}
