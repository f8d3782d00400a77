/** The manage page's refusals and notices in people's words. */
import type { Translator } from "../../domain/translator.ts";
import { zonedNow } from "../../domain/clock.ts";
import { longDate, shortDate } from "../portal/format.ts";
import { type Message, slotMessage } from "../portal/messages.ts";

/** `Fri 11 Dec, 14:00`: an instant on the venue's clock. */
export function venueTime(iso: string, timeZone: string): string {
  const at = zonedNow(new Date(iso), timeZone);
  return `${shortDate(at.date)}, ${at.time}`;
}

/** A failed request as the page shows it. */
export interface Problem {
  code: string;
  details?: Record<string, unknown>;
  retryAfter?: number;
  /** The booking was opened with code and email (not a link). */
  byCode?: boolean;
}

/** The booking's facts a message may quote. */
export interface MessageContext {
  timezone?: string;
  horizonDate?: string;
  horizonDays?: number;
}

/** The message for a refusal of the lookup, a reschedule or a cancel. */
export function problemMessage(
  t: Translator,
  p: Problem,
  ctx: MessageContext = {},
): Message {
  switch (p.code) {
    case "RESERVATION_NOT_FOUND":
      return notFound(p);
    case "TICKET_NOT_RESERVED":
      return {
        title: "This ticket has no booking",
        text:
          "It may have been cancelled. You can choose a new time with it on the booking page.",
      };
    case "CHANGE_CUTOFF_PASSED": {
      const cutoff = p.details?.cutoff;
      return {
        title: "This booking can no longer be changed online",
        text: typeof cutoff === "string" && ctx.timezone
          ? `Changes were possible until ${
            venueTime(cutoff, ctx.timezone)
          }. Please contact the venue if you need help.`
          : "This venue does not take changes online. Please contact the venue if you need help.",
      };
    }
    case "SLOT_BEYOND_HORIZON":
      return {
        title: "This date can't be booked yet",
        text: ctx.horizonDate
          ? `You can choose dates up to ${
            longDate(ctx.horizonDate)
          }. Please choose an earlier date.`
          : "Please choose an earlier date.",
      };
    case "SLOT_FULL":
      return {
        title: "Sorry, this time just filled up",
        text:
          "Someone else took the last place a moment ago. Your booking has not changed. These times nearby still have room:",
      };
    case "TICKET_ALREADY_VERIFIED":
      return {
        title: "This ticket has already been used",
        text:
          "It was scanned at the entrance, so the booking can no longer be changed.",
      };
    case "TICKET_EXPIRED":
      return {
        title: "This visit is over",
        text: "The booking can no longer be changed.",
      };
    case "RATE_LIMITED":
      if (p.details?.resend) {
        return {
          title: "We've sent this email several times already",
          text:
            "Please check your spam folder. You can ask for it again in an hour.",
        };
      }
      return slotMessage(t, p.code, p.retryAfter);
    case "VALIDATION_FAILED":
      return {
        title: "Please check what you entered",
        text:
          "Enter the ticket code from your order email and the email address you booked with.",
      };
    default:
      return slotMessage(t, p.code, p.retryAfter);
  }
}

function notFound(p: Problem): Message {
  const reason = p.details?.reason;
  if (reason === "LINK_EXPIRED") {
    return {
      title: "This link has expired",
      text: "The visit is over, so the booking can no longer be managed.",
    };
  }
  if (reason === "LINK_INVALID") {
    return {
      title: "This link doesn't work",
      text:
        "It may be incomplete. Open the link from your email again, or enter your ticket code and email below.",
    };
  }
  return p.byCode
    ? {
      title: "We can't find a booking for this code and email",
      text:
        "Please check the email address: it must be the one you booked with.",
    }
    : {
      title: "We can't find this booking",
      text:
        "It may have been cancelled. You can choose a new time with your ticket on the booking page.",
    };
}
