/** A reservation as an iCalendar event. Pure. */
import { createEvent } from "ics";
import { formatTicketCode } from "../domain/ticket_code.ts";

/**
 * The reservation as an iCalendar event (its slot's instants in UTC). The
 * route reads the instants with `slotInstants`, the confirmation mail gets
 * them with its claimed outbox row. `link` is the reservation's signed QR
 * URL (absolute), never one that carries the ticket code.
 */
export function calendarFile(v: {
  reservationId: number;
  ticketCode: string;
  starts: Date | string;
  ends: Date | string;
  orgName: string;
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
    title: `Visit: ${v.orgName}`,
    description: `Ticket ${
      formatTicketCode(v.ticketCode)
    }. Show the QR code at the entrance.\n${v.link}`,
    url: v.link,
    status: "CONFIRMED",
    productId: "timed-entry",
    sequence: v.sequence ?? 0,
  });
  if (error || !value) throw error ?? new Error("Cannot build calendar file");
  return value;
}
