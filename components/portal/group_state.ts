/**
 * The group booking page's state: the portal's (components/portal/state.ts,
 * so that its contact and date steps serve here as they are) plus the list
 * of codes, each checked as it is added, and the one booking for them all.
 */
import { type Signal, signal } from "@preact/signals";
import { normalizeTicketCode } from "../../domain/ticket_code.ts";
import { splitTicketCodes } from "../../domain/code_list.ts";
import {
  type GroupBooking,
  loadAvailability,
  postJson,
  type SlotChoice,
  validateTicket,
} from "./api.ts";
import type { Locale } from "../../domain/locale.ts";
import type { TicketProblem } from "./messages.ts";
import {
  createPortalState,
  type PortalProps,
  type PortalState,
} from "./state.ts";

/** Most tickets one group books (API.md). */
export const MAX_GROUP = 20;

/** One code of the list and what its check found. */
export interface CodeEntry {
  /** As typed. */
  typed: string;
  /** The stored form, or null when it cannot be a code. */
  code: string | null;
  status: "checking" | "ok" | "problem";
  /** A ticket refusal, or DUPLICATE / OTHER_VENUE / NOT_A_CODE. */
  problem?: TicketProblem;
  orq?: number;
}

/**
 * Where a group page starts when the server rendered it after a form post
 * (without JavaScript): each step's answers so far. Messages are keys.
 */
export interface GroupStart {
  step: "ticket" | "contact" | "date" | "confirm";
  entries: CodeEntry[];
  email: string;
  phone: string;
  slot: SlotChoice | null;
  listError: string | null;
  /** The contact fields' problems (catalogue keys). */
  contactErrors?: { email: string | null; phone: string | null };
  /** The times with room for the whole group (the date step's choice). */
  slots?: SlotChoice[];
  /** Why booking failed (an error code, for slotMessage). */
  problem?: string | null;
  /** A full slot's nearby times with room for the group (SLOT_FULL's). */
  alternatives?: SlotChoice[];
}

/** The group island's props: the portal's, and a start after a post. */
export interface GroupProps extends PortalProps {
  groupStart?: GroupStart | null;
}

/** The portal's state plus the group's. */
export interface GroupState extends PortalState {
  draft: Signal<string>;
  entries: Signal<CodeEntry[]>;
  /** The list's message as a catalogue key (too few, too many, problems left). */
  listError: Signal<string | null>;
  group: Signal<GroupBooking | null>;
  addCodes: (text: string) => Promise<void>;
  removeCode: (index: number) => void;
  /** Continue to contact details when the list can be booked. */
  submitCodes: () => boolean;
  /** The codes that will be booked (checked, in order). */
  ready: () => CodeEntry[];
  /** Set when the page came from a form post: the steps are plain forms. */
  start: GroupStart | null;
}

/**
 * The group page's state (create it once per island); `locale` is the
 * page's language, sent with the booking for its mails.
 */
export function createGroupState(
  props: GroupProps,
  locale: Locale,
): GroupState {
  const base = createPortalState(props);
  const g = base as GroupState;
  const start = props.groupStart ?? null;
  g.start = start;
  g.draft = signal("");
  g.entries = signal<CodeEntry[]>(start?.entries ?? []);
  g.listError = signal<string | null>(start?.listError ?? null);
  g.group = signal<GroupBooking | null>(null);
  if (start) {
    g.step.value = start.step;
    g.email.value = start.email;
    g.phone.value = start.phone;
    g.slot.value = start.slot;
  }

  const orq = () => g.entries.value.find((e) => e.status === "ok")?.orq;
  g.ready = () => g.entries.value.filter((e) => e.status === "ok");

  const update = (typed: string, change: Partial<CodeEntry>) => {
    g.entries.value = g.entries.value.map((e) =>
      e.typed === typed && e.status === "checking" ? { ...e, ...change } : e
    );
  };

  g.addCodes = async (text) => {
    const typed = splitTicketCodes(text);
    if (typed.length === 0) {
      g.listError.value = "group.list.empty";
      return;
    }
    g.listError.value = null;
    g.draft.value = "";
    const known = new Set(g.entries.value.map((e) => e.code ?? e.typed));
    const added: CodeEntry[] = typed.map((t) => {
      const code = normalizeTicketCode(t);
      if (!code) {
        return {
          typed: t,
          code,
          status: "problem",
          problem: { code: "NOT_A_CODE" },
        };
      }
      if (known.has(code)) {
        return {
          typed: t,
          code,
          status: "problem",
          problem: { code: "DUPLICATE" },
        };
      }
      known.add(code);
      return { typed: t, code, status: "checking" };
    });
    g.entries.value = [...g.entries.value, ...added];
    if (g.entries.value.length > MAX_GROUP) {
      g.listError.value = "group.list.tooMany";
    }
    // Checked one after another: each spends the address's validation budget.
    for (const e of added) {
      if (e.status !== "checking") continue;
      const r = await validateTicket(e.code!);
      if (!r.ok) {
        const problem: TicketProblem = { code: r.error.code };
        if (r.error.retryAfter) problem.retryAfter = r.error.retryAfter;
        const res = r.error.details
          ?.reservation as TicketProblem["reservation"];
        if (res) problem.reservation = res;
        update(e.typed, { status: "problem", problem });
        continue;
      }
      const venue = orq();
      if (venue !== undefined && venue !== r.data.ticket.orq) {
        update(e.typed, {
          status: "problem",
          problem: { code: "OTHER_VENUE" },
        });
        continue;
      }
      update(e.typed, { status: "ok", orq: r.data.ticket.orq });
    }
  };

  g.removeCode = (index) => {
    g.entries.value = g.entries.value.filter((_, i) => i !== index);
    g.listError.value = null;
  };

  g.submitCodes = () => {
    const entries = g.entries.value;
    const ready = g.ready();
    let error: string | null = null;
    if (entries.some((e) => e.status === "checking")) {
      error = "group.list.wait";
    } else if (entries.some((e) => e.status === "problem")) {
      error = "group.list.problems";
    } else if (ready.length < 2) {
      error = "group.list.tooFew";
    } else if (ready.length > MAX_GROUP) {
      error = "group.list.tooMany";
    }
    g.listError.value = error;
    if (error) return false;
    g.availability.value = g.availability.value
      ? { ...g.availability.value, fresh: false }
      : null;
    g.go(g.slot.value && g.email.value ? "confirm" : "contact");
    return true;
  };

  // The calendar asks for the whole party: too few places read FULL.
  g.ensureAvailability = () => {
    const venue = orq();
    const a = g.availability.value;
    if (venue === undefined) return;
    if (a && a.orq === venue && a.fresh && a.status !== "error") return;
    const party = g.ready().length;
    g.availability.value = {
      orq: venue,
      status: "loading",
      data: a?.orq === venue ? a.data : null,
      fresh: true,
    };
    loadAvailability(venue, party).then((r) => {
      if (g.availability.value?.orq !== venue) return;
      g.availability.value = r.ok
        ? { orq: venue, status: "ready", data: r.data, fresh: true }
        : { orq: venue, status: "error", data: null, fresh: false };
    });
  };

  // "Use another ticket" on the contact step: back to the list.
  g.reserveAnother = () => g.go("ticket");

  g.confirm = async (slot?: SlotChoice) => {
    if (slot) g.slot.value = slot;
    const chosen = g.slot.value;
    if (!chosen || g.busy.value) return;
    const ready = g.ready();
    g.busy.value = true;
    const r = await postJson<GroupBooking>("/api/reservations/create-group", {
      ticket_codes: ready.map((e) => e.code!),
      slot_id: chosen.id,
      customer_email: g.email.value,
      customer_phone: g.phone.value,
      locale,
    });
    g.busy.value = false;
    if (g.availability.value) {
      g.availability.value = { ...g.availability.value, fresh: false };
    }
    if (r.ok) {
      g.group.value = r.data;
      g.confirmProblem.value = null;
      g.go("done");
      return;
    }
    const e = r.error;
    const named = e.details?.ticket_code as string | undefined;
    if (named !== undefined && e.code.startsWith("TICKET_")) {
      // A ticket changed since its check: mark it and go back to the list.
      const problem: TicketProblem = { code: e.code };
      const res = e.details?.reservation as TicketProblem["reservation"];
      if (res) problem.reservation = res;
      g.entries.value = g.entries.value.map((x) =>
        x.code === named ? { ...x, status: "problem", problem } : x
      );
      g.listError.value = "group.list.problems";
      g.go("ticket");
      return;
    }
    if (e.code === "VALIDATION_FAILED") {
      g.go("contact");
      return;
    }
    g.confirmProblem.value = {
      code: e.code,
      retryAfter: e.retryAfter,
      alternatives: (e.details?.alternatives ?? []) as SlotChoice[],
    };
  };
  return g;
}
