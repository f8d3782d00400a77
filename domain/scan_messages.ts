/**
 * The sentences of the door's answers (API.md "validate-ticket": titles and
 * messages), in English; dates and times are the venue's wall clock.
 */
import { daysBetween, isoWeekday, type ZonedNow } from "./clock.ts";
import { slotHasEnded } from "./slot_end.ts";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

/** A slot's times as a reservation shows them. */
export interface SlotTimes {
  date: string;
  start_time: string;
  end_time: string;
}

/** `2026-12-12` → `Sat 12 Dec 2026`. */
export function longDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${WEEKDAYS[isoWeekday(date) - 1]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** `Reserved for Sat 12 Dec 2026, 14:00–15:00`. */
export function reservedFor(slot: SlotTimes): string {
  return `Reserved for ${
    longDate(slot.date)
  }, ${slot.start_time}–${slot.end_time}`;
}

/** How far a slot's date is from `today`: "in 6 days", "tomorrow", "2 days ago". */
export function howFar(date: string, today: string): string {
  const days = daysBetween(today, date);
  if (days === 1) return "tomorrow";
  if (days === -1) return "yesterday";
  if (days > 1) return `in ${days} days`;
  if (days < -1) return `${-days} days ago`;
  return "today";
}

/** The WRONG DATE message: the reserved date and how far off it is. */
export function wrongDateMessage(slot: SlotTimes, today: string): string {
  return `${reservedFor(slot)}: ${howFar(slot.date, today)}`;
}

/**
 * The EXPIRED message: the reserved date and time and when it ended, or
 * only "expired" for a ticket expired before its slot ended.
 */
export function expiredMessage(slot: SlotTimes | null, now: ZonedNow): string {
  if (!slot) return "This ticket has expired.";
  if (!slotHasEnded(slot, now)) return `${reservedFor(slot)}: ticket expired`;
  if (slot.date === now.date) {
    return `${reservedFor(slot)}: ended at ${slot.end_time} today`;
  }
  return `${reservedFor(slot)}: ${howFar(slot.date, now.date)}`;
}
