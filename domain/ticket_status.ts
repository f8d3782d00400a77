import { AppError } from "./errors.ts";

/** The lifecycle of a ticket (story: "Ticket Lifecycle"). */
export const TICKET_STATUSES = [
  "PENDING_PAYMENT",
  "ACTIVATED",
  "RESERVED",
  "VERIFIED",
  "EXPIRED",
] as const;

/** One ticket status. */
export type TicketStatus = typeof TICKET_STATUSES[number];

/** Facts about a ticket needed to decide whether it may be reserved. */
export interface TicketFacts {
  status: TicketStatus;
  /** Product-rule expiry, if any. */
  expires_at?: Date | null;
  /** The existing reservation's slot, for TICKET_ALREADY_RESERVED. */
  reservation?: { date: string; start_time: string; end_time: string } | null;
}

/**
 * Why a ticket may not be reserved, or null when it may. Order: expiry by
 * product rule, then the status table.
 */
export function reservationRefusal(
  ticket: TicketFacts,
  now: Date,
): AppError | null {
  if (
    ticket.expires_at && ticket.expires_at.getTime() <= now.getTime() &&
    (ticket.status === "ACTIVATED" || ticket.status === "PENDING_PAYMENT")
  ) {
    return new AppError("TICKET_EXPIRED");
  }
  switch (ticket.status) {
    case "ACTIVATED":
      return null;
    case "PENDING_PAYMENT":
      return new AppError("TICKET_NOT_ACTIVATED");
    case "RESERVED":
      return new AppError("TICKET_ALREADY_RESERVED", {
        details: ticket.reservation ? { reservation: ticket.reservation } : {},
      });
    case "VERIFIED":
      return new AppError("TICKET_ALREADY_VERIFIED");
    case "EXPIRED":
      return new AppError("TICKET_EXPIRED");
  }
}

/** The error a non-ACTIVATED ticket gives when an integration tries to activate it. */
export function activationRefusal(status: TicketStatus): AppError | null {
  if (status === "PENDING_PAYMENT" || status === "ACTIVATED") return null;
  return reservationRefusal({ status }, new Date(0));
}
