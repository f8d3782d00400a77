/** The portal's state (signals) and the actions the steps call. */
import { type Signal, signal } from "@preact/signals";
import { normalizeEmail } from "../../domain/contact.ts";
import { isNationalInput, normalizePhoneIn } from "../../domain/phone.ts";
import { normalizeTicketCode } from "../../domain/ticket_code.ts";
import { zonedNow } from "../../domain/clock.ts";
import {
  type ApiError,
  type Availability,
  type Booking,
  createBooking,
  loadAvailability,
  lookupBooking,
  type SlotChoice,
  type Ticket,
  validateTicket,
  type Venue,
} from "./api.ts";
import type { TicketProblem } from "./messages.ts";
import { forgetBooking, rememberBooking } from "./remember.ts";

/** The five steps, in order; `label` is a catalogue key (`t(label)`). */
export const STEPS = [
  { id: "ticket", label: "portal.step.ticket" },
  { id: "contact", label: "portal.step.contact" },
  { id: "date", label: "portal.step.date" },
  { id: "confirm", label: "portal.step.confirm" },
  { id: "done", label: "portal.step.done" },
] as const;

/** One step's id. */
export type Step = typeof STEPS[number]["id"];

/** The island's JSON props, rendered by the server and hydrated as they are. */
export interface PortalProps {
  /** The server's clock (ISO), from which "today" in the venue's zone follows. */
  now: string;
  /** The code from `?code=`, or "". */
  code: string;
  /** The ticket when the server already found it bookable. */
  ticket: Ticket | null;
  /** Why the server found `?code=` not bookable. */
  problem: TicketProblem | null;
  /** The venue, when the server knows it (the ticket's, or the only one). */
  venue?: Venue | null;
  /**
   * Where the page opens and what was answered before it: the server's
   * answer to a step posted without JavaScript (routes/pages/reserve_form.tsx).
   */
  start?: PortalStart;
}

/** A step to open at, with the earlier answers (see {@link PortalProps.start}). */
export interface PortalStart {
  step: Step;
  /** Why the typed code is not one (`problems.code.*`). */
  codeError?: MessageKey | null;
  email?: string;
  phone?: string;
  errors?: ContactErrors;
  /** The venue's dates, loaded by the server. */
  availability?: Availability | null;
  date?: string | null;
  month?: string | null;
  slot?: SlotChoice | null;
  confirmProblem?: ConfirmProblem | null;
}

/** Availability of one organization, loading or loaded. */
export interface AvailabilityState {
  orq: number;
  status: "loading" | "ready" | "error";
  data: Availability | null;
  /** False once a booking may have changed the counts. */
  fresh: boolean;
}

/** A failed booking attempt as the confirm step shows it. */
export interface ConfirmProblem {
  code: string;
  retryAfter?: number;
  alternatives: SlotChoice[];
}

/** Contact field messages. */
export interface ContactErrors {
  email: string | null;
  phone: string | null;
}

/** Everything the steps read and do. */
export interface PortalState {
  step: Signal<Step>;
  code: Signal<string>;
  ticket: Signal<Ticket | null>;
  problem: Signal<TicketProblem | null>;
  /** A catalogue key (`problems.code.*`), or null. */
  codeError: Signal<MessageKey | null>;
  busy: Signal<boolean>;
  email: Signal<string>;
  phone: Signal<string>;
  errors: Signal<ContactErrors>;
  availability: Signal<AvailabilityState | null>;
  month: Signal<string | null>;
  date: Signal<string | null>;
  slot: Signal<SlotChoice | null>;
  confirmProblem: Signal<ConfirmProblem | null>;
  booking: Signal<Booking | null>;
  booked: Signal<Booking[]>;
  /** The venue being booked (header, accent, phone country). */
  venue: Signal<Venue | null>;
  today: (timeZone: string) => string;
  go: (step: Step) => void;
  checkTicket: (typed: string) => Promise<void>;
  submitContact: (email: string, phone: string) => boolean;
  chooseSlot: (slot: SlotChoice) => void;
  confirm: (slot?: SlotChoice) => Promise<void>;
  reserveAnother: () => void;
  ensureAvailability: () => void;
}

/**
 * Validation results are catalogue keys (`problems.*`), translated where
 * they are shown, so state built outside a component needs no translator.
 */
export type MessageKey = string;

/** The message key for an email as typed, or null when it is fine. */
export function emailError(email: string): MessageKey | null {
  if (!email.trim()) return "problems.email.empty";
  return normalizeEmail(email) ? null : "problems.email.invalid";
}

/**
 * The message key for a phone number as typed, or null when it is fine. A
 * number without `+` is read in the venue's `country`; while that is not
 * known yet, a plausible one is left for the server to read.
 */
export function phoneError(
  phone: string,
  country?: string | null,
): MessageKey | null {
  if (!phone.trim()) return "problems.phone.empty";
  if (country === undefined && isNationalInput(phone)) {
    const digits = phone.replace(/\D/g, "").length;
    return /^[\d\s\-.()\/]+$/.test(phone.trim()) && digits >= 6 &&
        digits <= 15
      ? null
      : "problems.phone.international";
  }
  return normalizePhoneIn(phone, country)
    ? null
    : country
    ? "problems.phone.venueCountry"
    : "problems.phone.international";
}

/** The venue's country for reading phones: undefined while unknown. */
export function venueCountry(s: PortalState): string | null | undefined {
  const v = s.venue.value;
  return v && v.orq === s.ticket.value?.orq ? v.country : undefined;
}

function problemOf(e: ApiError): TicketProblem {
  const p: TicketProblem = { code: e.code };
  if (e.retryAfter) p.retryAfter = e.retryAfter;
  const r = (e.details?.reservation ?? null) as TicketProblem["reservation"];
  if (r) p.reservation = r;
  return p;
}

/**
 * The portal's state, initialised from the server's props (create it once per
 * island); `locale` is the page's language, sent with the booking for its mails.
 */
export function createPortalState(
  props: PortalProps,
  locale?: string,
): PortalState {
  const loadedAt = Date.now();
  const start = props.start;
  const orq = props.ticket?.orq;
  const s: PortalState = {
    step: signal<Step>(start?.step ?? (props.ticket ? "contact" : "ticket")),
    code: signal(props.code),
    ticket: signal(props.ticket),
    problem: signal(props.problem),
    codeError: signal<MessageKey | null>(start?.codeError ?? null),
    busy: signal(false),
    email: signal(start?.email ?? ""),
    phone: signal(start?.phone ?? ""),
    errors: signal<ContactErrors>(
      start?.errors ?? { email: null, phone: null },
    ),
    availability: signal<AvailabilityState | null>(
      start?.availability && orq !== undefined
        ? { orq, status: "ready", data: start.availability, fresh: true }
        : null,
    ),
    month: signal<string | null>(start?.month ?? null),
    date: signal<string | null>(start?.date ?? null),
    slot: signal<SlotChoice | null>(start?.slot ?? null),
    confirmProblem: signal<ConfirmProblem | null>(
      start?.confirmProblem ?? null,
    ),
    booking: signal<Booking | null>(null),
    booked: signal<Booking[]>([]),
    venue: signal<Venue | null>(props.venue ?? null),
    today: (timeZone) => {
      const skew = Date.parse(props.now) - loadedAt;
      return zonedNow(new Date(Date.now() + skew), timeZone).date;
    },
    go: (step) => {
      s.step.value = step;
      if (step === "date") s.ensureAvailability();
    },
    ensureAvailability: () => {
      const t = s.ticket.value;
      const a = s.availability.value;
      if (!t || (a && a.orq === t.orq && a.fresh && a.status !== "error")) {
        return;
      }
      const orq = t.orq;
      s.availability.value = {
        orq,
        status: "loading",
        data: a?.orq === orq ? a.data : null,
        fresh: true,
      };
      loadAvailability(orq).then((r) => {
        if (s.availability.value?.orq !== orq) return;
        s.availability.value = r.ok
          ? { orq, status: "ready", data: r.data, fresh: true }
          : { orq, status: "error", data: null, fresh: false };
        if (r.ok && r.data.organization) s.venue.value = r.data.organization;
      });
    },
    checkTicket: async (typed) => {
      s.code.value = typed;
      s.problem.value = null;
      if (!typed.trim()) {
        s.codeError.value = "problems.code.empty";
        return;
      }
      const code = normalizeTicketCode(typed);
      if (!code) {
        s.codeError.value = "problems.code.format";
        return;
      }
      s.codeError.value = null;
      s.busy.value = true;
      const r = await validateTicket(code);
      s.busy.value = false;
      if (!r.ok) {
        const problem = problemOf(r.error);
        s.problem.value = problem;
        if (problem.code === "TICKET_ALREADY_RESERVED") {
          const found = await lookupBooking(code);
          if (found.ok && s.problem.value === problem) {
            s.problem.value = {
              ...problem,
              reservation: problem.reservation ?? found.data.reservation.slot,
              links: {
                svg_url: found.data.qr.svg_url,
                png_url: found.data.qr.png_url,
                calendar_url: found.data.calendar_url,
              },
            };
          }
        }
        return;
      }
      const ticket = { code: r.data.ticket.code, orq: r.data.ticket.orq };
      if (s.availability.value && s.availability.value.orq !== ticket.orq) {
        s.slot.value = null; // another venue's slot cannot be booked
        s.date.value = null;
        s.month.value = null;
      }
      s.ticket.value = ticket;
      if (s.venue.value && s.venue.value.orq !== ticket.orq) {
        s.venue.value = null; // another venue's: known once availability loads
      }
      s.ensureAvailability();
      // A group's next ticket: contact and slot kept → straight to confirm.
      const quick = s.slot.value && !emailError(s.email.value) &&
        !phoneError(s.phone.value, venueCountry(s));
      s.confirmProblem.value = null;
      s.go(quick ? "confirm" : "contact");
    },
    submitContact: (email, phone) => {
      s.email.value = email;
      s.phone.value = phone;
      const errors = {
        email: emailError(email),
        phone: phoneError(phone, venueCountry(s)),
      };
      s.errors.value = errors;
      if (errors.email || errors.phone) return false;
      s.go(s.slot.value ? "confirm" : "date");
      return true;
    },
    chooseSlot: (slot) => {
      s.slot.value = slot;
      s.date.value = slot.date;
      s.confirmProblem.value = null;
      s.go("confirm");
    },
    confirm: async (slot) => {
      const ticket = s.ticket.value;
      if (slot) s.slot.value = slot;
      const chosen = s.slot.value;
      if (!ticket || !chosen || s.busy.value) return;
      s.busy.value = true;
      const r = await createBooking({
        ticket_code: ticket.code,
        slot_id: chosen.id,
        customer_email: s.email.value,
        customer_phone: s.phone.value,
        ...(locale ? { locale } : {}),
      });
      s.busy.value = false;
      if (s.availability.value) {
        s.availability.value = { ...s.availability.value, fresh: false };
      }
      if (r.ok) {
        s.booking.value = r.data;
        s.booked.value = [...s.booked.value, r.data];
        rememberBooking(r.data.manage_token);
        s.confirmProblem.value = null;
        s.go("done");
        return;
      }
      const e = r.error;
      if (e.code === "VALIDATION_FAILED") {
        const fields = (e.details?.fields ?? {}) as Record<string, string>;
        s.errors.value = {
          email: fields.customer_email ? emailError("x") : null,
          phone: fields.customer_phone ? phoneError("x", null) : null,
        };
        s.go("contact");
        return;
      }
      s.confirmProblem.value = {
        code: e.code,
        retryAfter: e.retryAfter,
        alternatives: (e.details?.alternatives ?? []) as SlotChoice[],
      };
    },
    reserveAnother: () => {
      forgetBooking();
      s.code.value = "";
      s.ticket.value = null;
      s.problem.value = null;
      s.booking.value = null;
      s.confirmProblem.value = null;
      s.go("ticket");
    },
  };
  return s;
}
