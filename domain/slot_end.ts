/**
 * When a slot has ended, apart from the other slot rules so that the
 * browser's dashboard can use it without the error table.
 */
import type { ZonedNow } from "./clock.ts";

/**
 * Whether a slot has ended at the organization's wall clock `now`: the wall
 * clock reads its end or later (an end of 24:00 is the next midnight). The
 * same rule in SQL is `slotEnded` of db/sql_fragments.ts.
 */
export function slotHasEnded(
  slot: { date: string; end_time: string },
  now: ZonedNow,
): boolean {
  if (slot.date !== now.date) return slot.date < now.date;
  return slot.end_time <= now.time;
}
