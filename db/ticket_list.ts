import type { Sql } from "./client.ts";
import type { TicketStatus } from "../domain/ticket_status.ts";

/** One ticket of the back office's list. */
export interface TicketListItem {
  id: number;
  code: string;
  status: TicketStatus;
  order_ref: string | null;
  created_at: Date;
  activated_at: Date | null;
  reservation: {
    id: number;
    slot_id: number;
    date: string;
    start_time: string;
  } | null;
}

/**
 * Up to `limit` tickets of `orq`, newest first (by id), after the ticket
 * `afterId` when given. `fragment` (already normalised, 3+ characters of
 * the code alphabet) matches anywhere in the code, through the trigram index.
 */
export async function listTickets(
  sql: Sql,
  q: {
    orq: number;
    fragment?: string;
    status?: TicketStatus;
    orderRef?: string;
    afterId?: number;
    limit: number;
  },
): Promise<TicketListItem[]> {
  // Only the filters given, so that each shape gets a plan that uses its
  // index (a generic `$2 IS NULL OR ...` plan would not).
  const params: unknown[] = [q.orq];
  const where = ["t.orq = $1"];
  const add = (cond: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(cond(`$${params.length}`));
  };
  if (q.fragment) {
    add((n) => `t.code LIKE '%' || ${n}::text || '%'`, q.fragment);
  }
  if (q.status) add((n) => `t.status = ${n}::text`, q.status);
  if (q.orderRef) add((n) => `t.order_ref = ${n}::text`, q.orderRef);
  if (q.afterId !== undefined) add((n) => `t.id < ${n}::int`, q.afterId);
  params.push(q.limit);
  const rows = await sql.query<
    Omit<TicketListItem, "reservation"> & {
      reservation_id: number | null;
      slot_id: number | null;
      slot_date: string | null;
      slot_start: string | null;
    }
  >(
    `SELECT t.id, t.code, t.status, t.order_ref, t.created_at, t.activated_at,
            r.id AS reservation_id, r.slot_id, s.date AS slot_date,
            to_char(s.start_time, 'HH24:MI') AS slot_start
       FROM tickets t
       LEFT JOIN ticket_reservations r
         ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
       LEFT JOIN reservation_slots s ON s.id = r.slot_id
      WHERE ${where.join(" AND ")}
      ORDER BY t.id DESC
      LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    status: r.status,
    order_ref: r.order_ref,
    created_at: r.created_at,
    activated_at: r.activated_at,
    reservation: r.reservation_id === null ? null : {
      id: r.reservation_id,
      slot_id: r.slot_id!,
      date: r.slot_date!,
      start_time: r.slot_start!,
    },
  }));
}
