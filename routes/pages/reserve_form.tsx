/**
 * `POST /reserve`: the booking portal without JavaScript. Each step's form
 * posts its answers and the earlier ones (hidden fields, so nothing personal
 * lands in a URL); the answer is the portal again, opened at the next step or
 * at the same one with what is wrong. The checks are the API's own (the
 * ticket check, the contact rules, the create transaction and its rate
 * limits); a booking answers 303 to its manage page, addressed by token.
 */
import type { Context } from "hono";
import type { AppDeps } from "../deps.ts";
import { AppError } from "../../domain/errors.ts";
import { addDays } from "../../domain/clock.ts";
import { horizonDate } from "../../domain/customer_change.ts";
import { normalizeTicketCode } from "../../domain/ticket_code.ts";
import { listSlots } from "../../db/slots.ts";
import { bodyText, clientKey } from "../../lib/http.ts";
import { publicOrganization } from "../../lib/public_organization.ts";
import { requestLocale } from "../../lib/request_locale.ts";
import { managePageUrl } from "../../lib/mail/manage_link.ts";
import { availabilityBody } from "../api/slots.ts";
import { bookReservation } from "../api/reservations.ts";
import type { Availability, SlotChoice } from "../../components/portal/api.ts";
import { monthOf } from "../../components/portal/format.ts";
import {
  type ContactErrors,
  emailError,
  phoneError,
  type PortalProps,
  type PortalStart,
} from "../../components/portal/state.ts";
import { checkTicket, portalVenue, renderPortal } from "./reserve_page.tsx";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** One posted step: the portal at the step that follows (or 303 when booked). */
export async function postReserveStep(deps: AppDeps, c: Context) {
  const form = new URLSearchParams(await bodyText(c.req.raw));
  const field = (name: string, max: number) =>
    (form.get(name) ?? "").trim().slice(0, max);
  const step = field("step", 16);
  const typed = field("code", 200);
  // "Did you mean …?" posted without JavaScript: that address, to review.
  const suggested = field("suggested", 254);
  const email = suggested || field("email", 254);
  const phone = field("phone", 40);
  const props: PortalProps = {
    now: deps.clock().toISOString(),
    code: typed,
    ticket: null,
    problem: null,
  };
  const at = async (start: PortalStart) => {
    props.start = start;
    props.venue ??= await portalVenue(deps, props.ticket?.orq ?? null);
    return renderPortal(c, props);
  };

  // Every step starts from the ticket: checked again, with the API's limit.
  if (!typed) return at({ step: "ticket", codeError: "problems.code.empty" });
  if (!normalizeTicketCode(typed)) {
    return at({ step: "ticket", codeError: "problems.code.format" });
  }
  Object.assign(props, await checkTicket(deps, c, typed));
  const ticket = props.ticket;
  if (!ticket) return at({ step: "ticket" });
  props.code = ticket.code;
  const venue = await portalVenue(deps, ticket.orq);
  props.venue = venue;
  if (step === "ticket") return at({ step: "contact" });

  const contact = { email, phone };
  const errors: ContactErrors = {
    email: emailError(email),
    phone: phoneError(phone, venue ? venue.country : null),
  };
  if (
    errors.email || errors.phone || suggested ||
    field("to", 16) === "contact"
  ) {
    return at({
      step: "contact",
      ...contact,
      errors: step === "contact" || errors.email || errors.phone
        ? errors
        : undefined,
    });
  }
  const availability = await loadAvailability(deps, ticket.orq);
  const dateStep = (date: string | null, month?: string | null) =>
    at({
      step: "date",
      ...contact,
      availability,
      date,
      month: month ?? (date ? monthOf(date) : null),
    });
  if (step === "contact") return dateStep(null);

  const chosen = slotOf(availability, Number(field("slot", 12)));
  if (step === "date") {
    if (chosen && chosen.level !== "FULL") {
      return at({ step: "confirm", ...contact, availability, slot: chosen });
    }
    const date = field("date", 10);
    const month = field("month", 7);
    if (DATE.test(date)) return dateStep(date);
    return dateStep(
      chosen?.date ?? null,
      MONTH.test(month)
        ? month
        : MONTH.test(field("month_shown", 7))
        ? field("month_shown", 7)
        : null,
    );
  }
  if (step !== "confirm" || !chosen) return dateStep(null);
  if (field("to", 16) === "date") return dateStep(chosen.date);

  // "Confirm", or one of the nearby times offered when the slot filled up.
  const alternative = Number(field("alternative", 12));
  const slotId = alternative > 0 ? alternative : chosen.id;
  try {
    const token = await reserve(deps, c, {
      ticket_code: ticket.code,
      slot_id: slotId,
      customer_email: email,
      customer_phone: phone,
      locale: requestLocale(c, venue?.locale),
    });
    return c.redirect(managePageUrl("", token), 303);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === "VALIDATION_FAILED") {
      const fields = (err.details?.fields ?? {}) as Record<string, string>;
      return at({
        step: "contact",
        ...contact,
        errors: {
          email: fields.customer_email ? "problems.email.invalid" : null,
          phone: fields.customer_phone ? "problems.phone.international" : null,
        },
      });
    }
    const fresh = await loadAvailability(deps, ticket.orq);
    const tried = slotOf(fresh, slotId) ?? chosen;
    return at({
      step: "confirm",
      ...contact,
      availability: fresh,
      slot: tried,
      confirmProblem: {
        code: err.code,
        retryAfter: Number(err.details?.retry_after_seconds) || undefined,
        alternatives: (err.details?.alternatives ?? []) as SlotChoice[],
      },
    });
  }
}

/** A slot of the availability answer with what the portal keeps of it. */
function slotOf(
  a: Availability,
  id: number,
): (SlotChoice & { level: string }) | null {
  if (!(id > 0)) return null;
  for (const d of a.dates) {
    const s = d.slots.find((x) => x.id === id);
    if (s) {
      return {
        id: s.id,
        date: s.date,
        start_time: s.start_time,
        end_time: s.end_time,
        available_count: s.available_count,
        level: s.level,
      };
    }
  }
  return null;
}

/** The venue's next 90 days, as `GET /api/reservation-slots/available` answers. */
async function loadAvailability(
  deps: AppDeps,
  orq: number,
): Promise<Availability> {
  const now = await deps.zonedNow(orq);
  const org = await deps.orgs.get(orq);
  if (!org) throw new AppError("ORG_NOT_FOUND");
  const from = now.date;
  const to = addDays(from, 89);
  const body = await deps.caches.availability.get(
    orq,
    from,
    to,
    now,
    async () =>
      JSON.stringify(
        availabilityBody(
          orq,
          now.timezone,
          await listSlots(deps.db, { orq, from, to, now }),
          {
            organization: publicOrganization(org),
            horizon_date: horizonDate(
              now.date,
              org.settings.booking_horizon_days,
            ),
          },
        ),
      ),
  );
  return JSON.parse(body);
}

/** Books as `POST /api/reservations/create` does; the new booking's manage token. */
async function reserve(
  deps: AppDeps,
  c: Context,
  raw: Record<string, unknown>,
): Promise<string> {
  const { r, instant } = await bookReservation(
    deps,
    clientKey(c, deps.trustProxy),
    raw,
  );
  return await deps.links.manage.sign(
    { reservationId: r.id, ticketId: r.ticket_id },
    instant,
  );
}
