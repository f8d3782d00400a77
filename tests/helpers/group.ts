/** What the group booking tests share: a request body and the counts they check. */
import type { Sql } from "../../db/client.ts";
import { post } from "./api.ts";

/** A valid create-group body for `codes` in `slotId`. */
export function groupBody(codes: string[], slotId: number) {
  return {
    ticket_codes: codes,
    slot_id: slotId,
    customer_email: "group@example.com",
    customer_phone: "+31 6 1234 5678",
  };
}

/** POST /api/reservations/create-group with {@link groupBody}. */
export function createGroup(base: string, codes: string[], slotId: number) {
  return post(base, "/api/reservations/create-group", groupBody(codes, slotId));
}

/** A slot's booked count. */
export async function booked(db: Sql, slotId: number): Promise<number> {
  const [row] = await db.query<{ booked_count: number }>(
    "SELECT booked_count FROM reservation_slots WHERE id = $1",
    [slotId],
  );
  return row.booked_count;
}

/** How many of `codes` are RESERVED. */
export async function reservedTickets(
  db: Sql,
  codes: string[],
): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tickets
      WHERE code = ANY($1::text[]) AND status = 'RESERVED'`,
    [codes],
  );
  return n;
}
