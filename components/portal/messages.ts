/** One table of plain-language messages for the error codes a customer can meet. */
import type { Translator } from "../../domain/translator.ts";

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

function wait(t: Translator, seconds: number | undefined): string {
  return seconds
    ? t("problems.wait.seconds", { seconds })
    : t("problems.wait.unknown");
}

function message(t: Translator, key: string): Message {
  return { title: t(`problems.${key}.title`), text: t(`problems.${key}.text`) };
}

/** The message for a ticket problem (unknown codes get a general one). */
export function ticketMessage(t: Translator, p: TicketProblem): Message {
  switch (p.code) {
    case "TICKET_NOT_FOUND":
      return message(t, "ticketNotFound");
    case "TICKET_NOT_ACTIVATED":
      return message(t, "ticketNotActivated");
    case "TICKET_ALREADY_RESERVED": {
      const r = p.reservation;
      return {
        title: t("problems.ticketReserved.title"),
        text: r
          ? t("problems.ticketReserved.textWhen", {
            date: t.longDate(r.date),
            time: t.timeRange(r.start_time, r.end_time),
          })
          : t("problems.ticketReserved.text"),
      };
    }
    case "TICKET_ALREADY_VERIFIED":
      return message(t, "ticketVerified");
    case "TICKET_EXPIRED":
      return message(t, "ticketExpired");
    case "RATE_LIMITED":
      return {
        title: t("problems.rateLimited.title"),
        text: t("problems.rateLimited.text", { wait: wait(t, p.retryAfter) }),
      };
    case "NETWORK":
      return message(t, "network");
    default:
      return message(t, "general");
  }
}

/** The message when booking a chosen slot failed for a reason of the slot. */
export function slotMessage(
  t: Translator,
  code: string,
  retryAfter?: number,
): Message {
  switch (code) {
    case "SLOT_FULL":
      return message(t, "slotFull");
    case "SLOT_CLOSED":
    case "SLOT_NOT_FOUND":
      return message(t, "slotGone");
    case "SLOT_IN_PAST":
      return message(t, "slotPast");
    default:
      return ticketMessage(t, { code, retryAfter });
  }
}
