/** A reservation as an iCalendar event. Pure. */
import { createEvent } from "ics";
import { formatTicketCode } from "../domain/ticket_code.ts";
import type { Translator } from "../domain/translator.ts";

/**
 * The reservation as an iCalendar event (its slot's instants in UTC). The
 * route reads the instants with `slotInstants`, the confirmation mail gets
 * them with its claimed outbox row. `link` is the reservation's signed QR
 * URL (absolute), never one that carries the ticket code. Its title,
 * description and alarm are in `t`'s language (the reservation's).
 */
export function calendarFile(t: Translator, v: {
  reservationId: number;
  ticketCode: string;
  starts: Date | string;
  ends: Date | string;
  orgName: string;
  /** The venue's postal address (may hold newlines): LOCATION with the name. */
  address?: string | null;
  /**
   * The venue's reminder setting: the alarm rings that many hours before
   * the start; without one (or 0, no reminder mails) 2 hours before.
   */
  reminderHoursBefore?: number | null;
  link: string;
  /** Revision of the event: the reservation's version − 1 (RFC 5545 SEQUENCE). */
  sequence?: number;
}): string {
  const { error, value } = createEvent({
    uid: `reservation-${v.reservationId}@timed-entry`,
    start: new Date(v.starts).getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: new Date(v.ends).getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    title: t("calendar.summary", { venue: v.orgName }),
    description: `${
      t("calendar.description", { code: formatTicketCode(v.ticketCode) })
    }\n${v.link}`,
    url: v.link,
    location: [v.orgName, ...(v.address ?? "").split("\n")]
      .map((l) => l.trim()).filter(Boolean).join(", "),
    alarms: [{
      action: "display",
      description: t("calendar.alarm", { venue: v.orgName }),
      trigger: { hours: alarmHours(v.reminderHoursBefore), before: true },
    }],
    status: "CONFIRMED",
    productId: "timed-entry",
    sequence: v.sequence ?? 0,
  });
  if (error || !value) throw error ?? new Error("Cannot build calendar file");
  return value;
}

/** Hours before the start at which the calendar's alarm rings. */
export function alarmHours(setting: number | null | undefined): number {
  return setting && setting > 0 ? setting : 2;
}
