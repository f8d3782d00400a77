/**
 * The slot rules that queries test in SQL, written once. Aliases: `s` is the
 * slot (reservation_slots), `o` its organization (organizations).
 */

/**
 * When a slot starts and ends, as instants (timestamptz): its wall-clock date
 * and times read in its organization's zone.
 */
export const SLOT_STARTS_AT = "(s.date + s.start_time) AT TIME ZONE o.timezone";
/** See {@link SLOT_STARTS_AT}. */
export const SLOT_ENDS_AT = "(s.date + s.end_time) AT TIME ZONE o.timezone";

/**
 * Organization `o`'s wall clock (a timestamp) at `instant`, an SQL
 * timestamptz expression; to the minute, as `zonedNow` reads it.
 */
export function orgWallClock(instant: string): string {
  return `date_trunc('minute', ${instant} AT TIME ZONE o.timezone)`;
}

/**
 * A wall clock given as a `ZonedNow`'s two parameters (`date`, `time`: SQL
 * parameter references such as `$4`), as a timestamp.
 */
export function wallClockOf(date: string, time: string): string {
  return `(${date}::date + ${time}::time)`;
}

/**
 * Whether slot `s` has ended when its organization's wall clock reads
 * `wallClock` (from {@link orgWallClock} or {@link wallClockOf}): the SQL of
 * `slotHasEnded` in domain/slot_end.ts. An end of 24:00 is the next
 * midnight. A filter, not an index condition: queries that need the index to
 * skip past days bound `s.date` as well.
 */
export function slotEnded(wallClock: string): string {
  return `((s.date + s.end_time) <= ${wallClock})`;
}

/**
 * The SQL of a slot status derived after a count change, inside an UPDATE
 * of reservation_slots (its columns unqualified): `derivedStatus` of
 * domain/slot_rules.ts (API.md: FULL is derived, never sticky). `booked` and
 * `held` are the new counts' SQL.
 */
export function derivedStatus(booked: string, held = "held_count"): string {
  return `CASE WHEN status = 'CLOSED' THEN 'CLOSED'
               WHEN ${booked} + ${held} >= total_capacity THEN 'FULL'
               ELSE 'ACTIVE' END`;
}
