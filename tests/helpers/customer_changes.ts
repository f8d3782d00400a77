/** Helpers of the customer's reschedule / cancel / resend tests. */
import type { Sql } from "../../db/client.ts";
import type { TestServer } from "./server.ts";
import { post, type Reply } from "./api.ts";

/** `POST /api/reservations/reschedule`. */
export function reschedule(
  s: { url: string },
  code: string,
  email: string,
  slotId: number,
): Promise<Reply> {
  return post(s.url, "/api/reservations/reschedule", {
    ticket_code: code,
    customer_email: email,
    slot_id: slotId,
  });
}

/** `POST /api/reservations/cancel`. */
export function cancel(
  s: { url: string },
  code: string,
  email: string,
): Promise<Reply> {
  return post(s.url, "/api/reservations/cancel", {
    ticket_code: code,
    customer_email: email,
  });
}

/** `POST /api/reservations/resend`. */
export function resend(s: { url: string }, code: string): Promise<Reply> {
  return post(s.url, "/api/reservations/resend", { ticket_code: code });
}

/** Merges `patch` into organization 1's settings, as the settings PATCH would. */
export async function setSettings(
  s: Pick<TestServer, "db" | "deps">,
  patch: Record<string, unknown>,
): Promise<void> {
  await s.db.query(
    "UPDATE organizations SET settings = settings || $1::text::jsonb WHERE orq = 1",
    [JSON.stringify(patch)],
  );
  s.deps.orgs.forget(1);
}

/** Marks reservation `id` and its ticket with `status` (VERIFIED, EXPIRED). */
export async function markReservation(
  db: Sql,
  id: number,
  status: "VERIFIED" | "EXPIRED",
): Promise<void> {
  await db.query(
    `UPDATE ticket_reservations SET status = $2,
            verified_at = CASE WHEN $2 = 'VERIFIED' THEN now() END
      WHERE id = $1`,
    [id, status],
  );
  await db.query(
    `UPDATE tickets SET status = $2
      WHERE id = (SELECT ticket_id FROM ticket_reservations WHERE id = $1)`,
    [id, status],
  );
}

/** The latest audit entry. */
export async function lastAudit(db: Sql) {
  const [row] = await db.query<
    { action: string; actor_kind: string; target_id: string; after: string }
  >(
    `SELECT action, actor_kind, target_id, after::text AS after
       FROM audit_log ORDER BY id DESC LIMIT 1`,
  );
  return { ...row, after: JSON.parse(row.after) };
}
