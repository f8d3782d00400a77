import type { Sql } from "./client.ts";

/** Who made a change (API.md "Back office", audit). */
export interface AuditActor {
  kind: "staff" | "api_key" | "customer" | "system";
  id: number | null;
  name: string | null;
}

/** One audit entry: changed fields only, secrets as "changed". */
export interface AuditEntry {
  orq: number;
  actor: AuditActor;
  action: string;
  target: { type: string; id: string | number | null };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Defaults to the database's now(); pass the clock's instant in tests. */
  at?: Date;
}

/**
 * Records `e`. Call it with the transaction that made the change, so the
 * entry commits (or rolls back) with it.
 */
export async function recordAudit(sql: Sql, e: AuditEntry): Promise<void> {
  // JSON goes in as text: postgres.js would encode a string bound as jsonb
  // once more, storing a JSON string instead of the object.
  await sql.query(
    `INSERT INTO audit_log (orq, at, actor_kind, actor_id, actor_name, action,
                            target_type, target_id, before, after)
     VALUES ($1, coalesce($2::timestamptz, now()), $3, $4, $5, $6, $7, $8,
             $9::text::jsonb, $10::text::jsonb)`,
    [
      e.orq,
      e.at ? e.at.toISOString() : null,
      e.actor.kind,
      e.actor.id,
      e.actor.name,
      e.action,
      e.target.type,
      e.target.id === null ? null : String(e.target.id),
      e.before ? jsonText(e.before) : null,
      e.after ? jsonText(e.after) : null,
    ],
  );
}

/**
 * JSON text PostgreSQL's jsonb accepts: a lone surrogate (which JSON.stringify
 * writes as `\ud800`, and jsonb refuses) becomes U+FFFD, as it does when the
 * same string is stored as text.
 */
function jsonText(value: Record<string, unknown>): string {
  return JSON.stringify(
    value,
    (_k, v) => typeof v === "string" ? v.toWellFormed() : v,
  );
}
