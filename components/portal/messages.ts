/** One table of plain-language messages for the error codes a customer can meet. */
import { longDate, timeRange } from "./format.ts";

/** Why a ticket cannot be booked, as the ticket step shows it. */
export interface TicketProblem {
  code: string;
  /** Seconds to wait, for RATE_LIMITED. */
  retryAfter?: number;
  /** The existing booking, for TICKET_ALREADY_RESERVED. */
  reservation?: { date: string; start_time: string; end_time: string };
  /** Links to the existing booking's QR code and calendar file. */
  links?: { svg_url: string; png_url: string; calendar_url: string };
}

/** A heading and a sentence or two. */
export interface Message {
  title: string;
  text: string;
}

function wait(seconds: number | undefined): string {
  if (!seconds) return "Please wait a minute and try again.";
  return seconds === 1
    ? "Please wait a second and try again."
    : `Please wait ${seconds} seconds and try again.`;
}

/** The message for a ticket problem (unknown codes get a general one). */
export function ticketMessage(p: TicketProblem): Message {
  switch (p.code) {
    case "TICKET_NOT_FOUND":
      return {
        title: "We can't find a ticket with this code",
        text:
          "Please check the code in your order email and try again. It has 20 letters and digits, for example 7K3Q-W9M2-XC4T-PA8R-1VNE.",
      };
    case "TICKET_NOT_ACTIVATED":
      return {
        title: "This ticket hasn't been paid for yet",
        text:
          "You can choose a time as soon as the payment has gone through. If you have just paid, please try again in a few minutes.",
      };
    case "TICKET_ALREADY_RESERVED": {
      const r = p.reservation;
      return {
        title: "This ticket is already booked",
        text: r
          ? `Your visit is booked for ${longDate(r.date)}, ${
            timeRange(r.start_time, r.end_time)
          }. To change or cancel it, use "Manage my booking".`
          : 'This ticket already has a time slot. To change or cancel it, use "Manage my booking".',
      };
    }
    case "TICKET_ALREADY_VERIFIED":
      return {
        title: "This ticket has already been used",
        text:
          "It was scanned at the entrance, so it can't be booked again. Each ticket is valid for one visit.",
      };
    case "TICKET_EXPIRED":
      return {
        title: "This ticket has expired",
        text:
          "It can no longer be used to book a visit. If you think this is a mistake, please contact the venue.",
      };
    case "RATE_LIMITED":
      return {
        title: "Too many attempts",
        text: `We received a lot of requests from your connection. ${
          wait(p.retryAfter)
        }`,
      };
    case "NETWORK":
      return {
        title: "We couldn't reach the server",
        text: "Please check your internet connection and try again.",
      };
    default:
      return {
        title: "Something went wrong",
        text: "Please try again in a moment.",
      };
  }
}

/** The message when booking a chosen slot failed for a reason of the slot. */
export function slotMessage(code: string, retryAfter?: number): Message {
  switch (code) {
    case "SLOT_FULL":
      return {
        title: "Sorry, this time just filled up",
        text:
          "Someone else took the last place a moment ago. These times nearby still have room: one click books it.",
      };
    case "SLOT_CLOSED":
    case "SLOT_NOT_FOUND":
      return {
        title: "This time is no longer offered",
        text: "Please choose another date or time.",
      };
    case "SLOT_IN_PAST":
      return {
        title: "This time has already ended",
        text: "Please choose a later date or time.",
      };
    default:
      return ticketMessage({ code, retryAfter });
  }
}
