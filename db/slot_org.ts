import type { Sql } from "./client.ts";

/** The organization of slot `slotId`, or null when there is no such slot. */
export async function orgOfSlot(
  sql: Sql,
  slotId: number,
): Promise<number | null> {
  const rows = await sql.query<{ orq: number }>(
    "SELECT orq FROM reservation_slots WHERE id = $1",
    [slotId],
  );
  return rows[0]?.orq ?? null;
}
