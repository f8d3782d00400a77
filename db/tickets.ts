import type { Sql } from "./client.ts";
import type { TicketStatus } from "../domain/ticket_status.ts";
import { generateTicketCode } from "../domain/ticket_code.ts";
import { batchedSql, BatchLoader } from "./batch_loader.ts";

/** A ticket with its reservation's slot, as the customer and scanner routes need it. */
export interface TicketRow {
  id: number;
  orq: number;
  code: string;
  status: TicketStatus;
  order_ref: string | null;
  expires_at: Date | null;
  verified_at: Date | null;
  verified_by: number | null;
  verified_by_name: string | null;
  /** A VERIFIED ticket's guest is inside (admitted, not scanned out since). */
  inside: boolean;
  customer_email: string | null;
  customer_phone: string | null;
  reservation_id: number | null;
  slot_id: number | null;
  slot_date: string | null;
  slot_start: string | null;
  slot_end: string | null;
}

/** The select of {@link TicketRow} (aliases t, r, s, st); add the WHERE. */
export const TICKET_SELECT =
  `SELECT t.id, t.orq, t.code, t.status, t.order_ref, t.expires_at,
            t.verified_at, t.verified_by, st.name AS verified_by_name,
            t.inside, t.customer_email, t.customer_phone,
            r.id AS reservation_id, s.id AS slot_id, s.date AS slot_date,
            to_char(s.start_time, 'HH24:MI') AS slot_start,
            to_char(s.end_time, 'HH24:MI') AS slot_end
       FROM tickets t
       LEFT JOIN ticket_reservations r
         ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
       LEFT JOIN reservation_slots s ON s.id = r.slot_id
       LEFT JOIN staff st ON st.id = t.verified_by`;

/**
 * Reads tickets by normalised code, joined to their reservation, slot and
 * verifier; concurrent lookups share one query. One per database, built by
 * `createStore` (db/store.ts).
 */
export function ticketLoader(sql: Sql): BatchLoader<string, TicketRow> {
  return new BatchLoader(async (codes: string[]) => {
    const rows = await batchedSql(sql).query<TicketRow>(
      `${TICKET_SELECT} WHERE t.code = ANY($1::text[])`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r]));
  });
}

/** The existing reservation's slot of a ticket row, if any. */
export function reservationOf(
  t: Pick<TicketRow, "slot_date" | "slot_start" | "slot_end">,
): { date: string; start_time: string; end_time: string } | null {
  return t.slot_date
    ? { date: t.slot_date, start_time: t.slot_start!, end_time: t.slot_end! }
    : null;
}

/** A ticket as the API shows it. */
export interface IssuedTicket {
  code: string;
  status: TicketStatus;
  orq: number;
  order_ref: string | null;
}

/** Issues `count` new tickets with fresh random codes. */
export async function issueTickets(
  sql: Sql,
  req: {
    orq: number;
    count: number;
    status: "PENDING_PAYMENT" | "ACTIVATED";
    order_ref: string | null;
  },
): Promise<IssuedTicket[]> {
  const codes = Array.from({ length: req.count }, generateTicketCode);
  return await sql.query<IssuedTicket>(
    `INSERT INTO tickets (orq, code, status, order_ref, activated_at)
     SELECT $1, code, $2, $3, CASE WHEN $2 = 'ACTIVATED' THEN now() END
       FROM unnest($4::text[]) AS code
     RETURNING code, status, orq, order_ref`,
    [req.orq, req.status, req.order_ref, codes],
  );
}

/**
 * PENDING_PAYMENT → ACTIVATED for the ticket `code` of `orq` (any organization
 * when null). Returns the ticket as it is afterwards (`changed` when this
 * call activated it), or null if unknown.
 */
export async function activateTicket(
  sql: Sql,
  code: string,
  orq: number | null,
): Promise<
  | {
    id: number;
    code: string;
    status: TicketStatus;
    orq: number;
    changed: boolean;
  }
  | null
> {
  const rows = await sql.query<
    {
      id: number;
      code: string;
      status: TicketStatus;
      orq: number;
      changed: boolean;
    }
  >(
    `WITH upd AS (
       UPDATE tickets SET status = 'ACTIVATED', activated_at = now(), updated_at = now()
        WHERE code = $1 AND status = 'PENDING_PAYMENT' AND ($2::int IS NULL OR orq = $2)
        RETURNING id, code, status, orq)
     SELECT id, code, status, orq, true AS changed FROM upd
     UNION ALL
     SELECT id, code, status, orq, false AS changed FROM tickets
      WHERE code = $1 AND ($2::int IS NULL OR orq = $2) AND NOT EXISTS (SELECT 1 FROM upd)`,
    [code, orq],
  );
  return rows[0] ?? null;
}
