import { Hono } from "hono";
import type { Context } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { bodyText, clientKey } from "../../lib/http.ts";
import { AppError } from "../../domain/errors.ts";
import { addDays } from "../../domain/clock.ts";
import { normalizeTicketCode } from "../../domain/ticket_code.ts";
import { splitTicketCodes } from "../../domain/code_list.ts";
import { horizonDate } from "../../domain/customer_change.ts";
import { listSlots } from "../../db/slots.ts";
import { validateTicket } from "../../lib/ticket_check.ts";
import { managePageUrl } from "../../lib/mail/manage_link.ts";
import { requestLocale } from "../../lib/request_locale.ts";
import { bookGroup } from "../api/reservation_group.ts";
import { emailError, phoneError } from "../../components/portal/state.ts";
import type { SlotChoice } from "../../components/portal/api.ts";
import {
  type CodeEntry,
  type GroupStart,
  MAX_GROUP,
} from "../../components/portal/group_state.ts";
import type { TicketProblem } from "../../components/portal/messages.ts";
import { groupPage } from "./reserve_group.tsx";

/** Codes, a contact and a slot id: far below this. */
const MAX_FORM_BYTES = 16_384;

/**
 * `POST /reserve/group`: the group page's steps without JavaScript. Each
 * step's form posts its answer with the earlier ones (hidden fields); the
 * page comes back at the next step (or the same, with why). The codes are
 * checked as the validate API checks them (same rate limit); the last step
 * books with the API's own function and answers 303 to the first booking's
 * manage page, whose URL holds nothing personal.
 */
export function reserveGroupFormRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post("/", async (c) => {
    const now = deps.clock().toISOString();
    const base = { now, code: "", ticket: null, problem: null };
    let form: URLSearchParams;
    try {
      form = new URLSearchParams(await bodyText(c.req.raw, MAX_FORM_BYTES));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return groupPage(c, {
        ...base,
        groupStart: ticketStart([], "group.list.empty"),
      });
    }
    const field = (name: string, max = 254) =>
      (form.get(name) ?? "").slice(0, max);
    const step = field("step", 20);
    const go = field("go", 20);
    const listed = form.getAll("code").slice(0, MAX_GROUP + 5)
      .map((x) => x.slice(0, 200));

    // The codes: re-checked on every post of the first step.
    if (step === "ticket" || step === "") {
      const remove = form.get("remove");
      const kept = remove === null
        ? listed
        : listed.filter((_, i) => String(i) !== remove);
      const typed = [...kept, ...splitTicketCodes(field("codes", 4000))];
      const entries = await checkCodes(deps, c, typed);
      let error: string | null = null;
      if (typed.length === 0) error = "group.list.empty";
      else if (entries.length > MAX_GROUP) error = "group.list.tooMany";
      else if (go === "continue") error = listError(entries);
      if (go !== "continue" || error || remove !== null) {
        return groupPage(c, {
          ...base,
          groupStart: ticketStart(entries, error),
        });
      }
      return groupPage(c, {
        ...base,
        groupStart: { ...ticketStart(entries, null), step: "contact" },
      });
    }

    // Later steps carry the checked codes; the booking checks them again.
    const entries: CodeEntry[] = listed.map((x) => ({
      typed: x,
      code: normalizeTicketCode(x),
      status: "ok",
    }));
    if (entries.some((e) => !e.code) || listError(entries)) {
      return groupPage(c, {
        ...base,
        groupStart: ticketStart(entries, "group.list.tooFew"),
      });
    }
    const email = field("customer_email");
    const phone = field("customer_phone", 40);
    const start: GroupStart = {
      step: "contact",
      entries,
      email,
      phone,
      slot: null,
      listError: null,
    };
    const orq = await orqOfCode(deps, entries[0].code!);
    const org = orq === null ? null : await deps.orgs.get(orq);
    const errors = {
      email: emailError(email),
      phone: phoneError(phone, org?.country ?? null),
    };
    if (errors.email || errors.phone || !org) {
      return groupPage(c, {
        ...base,
        groupStart: { ...start, contactErrors: errors },
      });
    }
    const slots = await roomFor(deps, org.orq, entries.length);
    // One of a full slot's alternatives, booked with one click, or the slot.
    const picked = field("alternative", 12) || field("slot_id", 12);
    const chosen = slots.find((x) => String(x.id) === picked);
    // "Book" tries even a time gone from the list: the booking's refusal
    // says why (and offers SLOT_FULL's alternatives).
    const book = step === "confirm" && go === "book" &&
      /^[1-9]\d{0,8}$/.test(picked);
    if (step === "contact" || go === "date" || (!chosen && !book)) {
      return groupPage(c, {
        ...base,
        groupStart: { ...start, step: "date", slots, slot: chosen ?? null },
      });
    }
    if (!book && chosen) {
      return groupPage(c, {
        ...base,
        groupStart: { ...start, step: "confirm", slot: chosen },
      });
    }
    try {
      const { group, instant } = await bookGroup(
        deps,
        clientKey(c, deps.trustProxy),
        {
          ticket_codes: entries.map((e) => e.code),
          slot_id: Number(picked),
          customer_email: email,
          customer_phone: phone,
          locale: requestLocale(c),
        },
      );
      c.set("orq", group.orq);
      const first = group.reservations[0];
      const token = await deps.links.manage.sign(
        { reservationId: first.id, ticketId: first.ticket_id },
        instant,
      );
      return c.redirect(managePageUrl("", token), 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const named = err.details?.ticket_code as string | undefined;
      if (named !== undefined && err.code.startsWith("TICKET_")) {
        // A ticket changed since its check: back to the list, marked.
        const marked = entries.map((e): CodeEntry =>
          e.code === normalizeTicketCode(named)
            ? { ...e, status: "problem", problem: { code: err.code } }
            : e
        );
        return groupPage(c, {
          ...base,
          groupStart: ticketStart(marked, "group.list.problems"),
        });
      }
      if (err.code === "VALIDATION_FAILED") {
        return groupPage(c, { ...base, groupStart: start });
      }
      // The slot went (or too many tries): choose again, with why.
      return groupPage(c, {
        ...base,
        groupStart: {
          ...start,
          step: err.code.startsWith("SLOT_") || !chosen ? "date" : "confirm",
          slots: await roomFor(deps, org.orq, entries.length),
          slot: chosen ?? null,
          problem: err.code,
          alternatives: err.code === "SLOT_FULL"
            ? (err.details?.alternatives ?? []) as SlotChoice[]
            : undefined,
        },
      });
    }
  });
  return app;
}

function ticketStart(entries: CodeEntry[], error: string | null): GroupStart {
  return {
    step: "ticket",
    entries,
    email: "",
    phone: "",
    slot: null,
    listError: error,
  };
}

/** The list's message key when it cannot be booked as it is (as the island). */
function listError(entries: CodeEntry[]): string | null {
  const ready = entries.filter((e) => e.status === "ok");
  if (entries.some((e) => e.status === "problem")) return "group.list.problems";
  if (ready.length < 2) return "group.list.tooFew";
  if (ready.length > MAX_GROUP) return "group.list.tooMany";
  return null;
}

/** Each typed code checked as `POST /api/tickets/validate` checks it. */
async function checkCodes(
  deps: AppDeps,
  c: Context<ApiEnv>,
  typed: string[],
): Promise<CodeEntry[]> {
  const known = new Set<string>();
  const entries: CodeEntry[] = [];
  let venue: number | undefined;
  for (const t of typed.slice(0, MAX_GROUP + 1)) {
    const code = normalizeTicketCode(t);
    if (!code) {
      entries.push({
        typed: t,
        code,
        status: "problem",
        problem: { code: "NOT_A_CODE" },
      });
      continue;
    }
    if (known.has(code)) {
      entries.push({
        typed: t,
        code,
        status: "problem",
        problem: { code: "DUPLICATE" },
      });
      continue;
    }
    known.add(code);
    try {
      await deps.limits.validate.consume(
        `validate:${clientKey(c, deps.trustProxy)}`,
      );
      const ticket = await validateTicket(deps, t, "page");
      venue ??= ticket.orq;
      entries.push(
        ticket.orq === venue
          ? { typed: t, code, status: "ok", orq: ticket.orq }
          : {
            typed: t,
            code,
            status: "problem",
            problem: { code: "OTHER_VENUE" },
          },
      );
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const problem: TicketProblem = { code: err.code };
      const reservation = err.details?.reservation as
        | TicketProblem["reservation"]
        | undefined;
      if (reservation) problem.reservation = reservation;
      entries.push({ typed: t, code, status: "problem", problem });
    }
  }
  return entries;
}

/** The venue of a ticket code, or null. */
async function orqOfCode(deps: AppDeps, code: string): Promise<number | null> {
  const ticket = await deps.store.tickets.load(code);
  return ticket?.orq ?? null;
}

/** The bookable times with room for `party`, up to the booking horizon. */
async function roomFor(
  deps: AppDeps,
  orq: number,
  party: number,
): Promise<SlotChoice[]> {
  const now = await deps.zonedNow(orq);
  const org = await deps.orgs.get(orq);
  if (!org) return [];
  const horizon = horizonDate(now.date, org.settings.booking_horizon_days);
  const to = horizon < addDays(now.date, 89) ? horizon : addDays(now.date, 89);
  const rows = await listSlots(deps.db, { orq, from: now.date, to, now });
  return rows
    .filter((s) => s.status !== "CLOSED" && s.available_count >= party)
    .map((s) => ({
      id: s.id,
      date: s.date,
      start_time: s.start_time,
      end_time: s.end_time,
      available_count: s.available_count,
    }));
}
