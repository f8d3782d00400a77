/** The manage page's refusals and notices in people's words. */
import type { Translator } from "../../domain/translator.ts";
import { zonedNow } from "../../domain/clock.ts";
import { type Message, slotMessage } from "../portal/messages.ts";

/** `Fri 11 Dec, 14:00`: an instant on the venue's clock. */
export function venueTime(
  t: Translator,
  iso: string,
  timeZone: string,
): string {
  const at = zonedNow(new Date(iso), timeZone);
  return t("manage.when", { date: t.shortDate(at.date), time: at.time });
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

function message(t: Translator, key: string): Message {
  return {
    title: t(`manage.problem.${key}.title`),
    text: t(`manage.problem.${key}.text`),
  };
}

/** The message for a refusal of the lookup, a reschedule or a cancel. */
export function problemMessage(
  t: Translator,
  p: Problem,
  ctx: MessageContext = {},
): Message {
  switch (p.code) {
    case "RESERVATION_NOT_FOUND":
      return notFound(t, p);
    case "TICKET_NOT_RESERVED":
      return message(t, "notReserved");
    case "CHANGE_CUTOFF_PASSED": {
      const cutoff = p.details?.cutoff;
      return {
        title: t("manage.problem.cutoff.title"),
        text: typeof cutoff === "string" && ctx.timezone
          ? t("manage.problem.cutoff.textUntil", {
            time: venueTime(t, cutoff, ctx.timezone),
          })
          : t("manage.problem.cutoff.text"),
      };
    }
    case "SLOT_BEYOND_HORIZON":
      return {
        title: t("manage.problem.horizon.title"),
        text: ctx.horizonDate
          ? t("manage.problem.horizon.textUntil", {
            date: t.longDate(ctx.horizonDate),
          })
          : t("manage.problem.horizon.text"),
      };
    case "SLOT_FULL":
      return message(t, "full");
    case "TICKET_ALREADY_VERIFIED":
      return message(t, "verified");
    case "TICKET_EXPIRED":
      return message(t, "expired");
    case "RATE_LIMITED":
      if (p.details?.resend) return message(t, "resendLimit");
      return slotMessage(t, p.code, p.retryAfter);
    case "VALIDATION_FAILED":
      return message(t, "validation");
    default:
      return slotMessage(t, p.code, p.retryAfter);
  }
}

function notFound(t: Translator, p: Problem): Message {
  const reason = p.details?.reason;
  if (reason === "LINK_EXPIRED") return message(t, "linkExpired");
  if (reason === "LINK_INVALID") return message(t, "linkInvalid");
  return message(t, p.byCode ? "notFoundByCode" : "notFound");
}
