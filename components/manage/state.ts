/** The manage page's state (signals) and the actions its views call. */
import { type Signal, signal } from "@preact/signals";
import { zonedNow } from "../../domain/clock.ts";
import { normalizeTicketCode } from "../../domain/ticket_code.ts";
import { loadAvailability, type SlotChoice } from "../portal/api.ts";
import type { AvailabilityState } from "../portal/state.ts";
import { emailError } from "../portal/state.ts";
import {
  cancelManaged,
  type Credential,
  lookupManaged,
  type ManagedBooking,
  rescheduleManaged,
  resendMail,
} from "./api.ts";
import type { Problem } from "./messages.ts";

/** The island's JSON props, rendered by the server and hydrated as they are. */
export interface ManageProps {
  /** The server's clock (ISO): "today" in the venue's zone follows from it. */
  now: string;
  /** The booking the link's token opened, or null. */
  booking: ManagedBooking | null;
  /** Why the link's token opened nothing. */
  problem: Problem | null;
  /** A success the server just carried out (the forms without JavaScript). */
  notice?: Notice | null;
  /** The view the address asked for (`?view=`; the forms without JavaScript). */
  view?: View;
  /** The new time chosen in the address (`?slot=`), for "confirm-move". */
  slot?: SlotChoice | null;
  /** Times with room after a refused move (the forms without JavaScript). */
  alternatives?: SlotChoice[];
  /** Days and times as links, for the change view without JavaScript. */
  plain?: PlainChange | null;
}

/** The change view's month, days with room and the chosen day's times, as the server read them. */
export interface PlainChange {
  month: string;
  /** The neighbouring months with bookable days, if any. */
  prev: string | null;
  next: string | null;
  days: { date: string; level: string }[];
  /** The day chosen in the address, and its times. */
  date: string | null;
  slots: (SlotChoice & { level: string })[];
}

/** A success to announce, rendered in the page's language by the view. */
export type Notice =
  | { kind: "moved"; date: string; start: string; end: string }
  | { kind: "resent"; email: string };

/** What the page shows. */
export type View =
  | "login"
  | "booking"
  | "change"
  | "confirm-move"
  | "cancel"
  | "cancelled";

/** Each view's name in the document title (`manage.view.*`). */
export const VIEW_TITLES: Record<View, string> = {
  login: "manage.view.login",
  booking: "manage.view.booking",
  change: "manage.view.change",
  "confirm-move": "manage.view.confirmMove",
  cancel: "manage.view.cancel",
  cancelled: "manage.view.cancelled",
};

/** Everything the views read and do. */
export interface ManageState {
  view: Signal<View>;
  booking: Signal<ManagedBooking | null>;
  problem: Signal<Problem | null>;
  /** A success to announce ("Your visit has moved…"). */
  notice: Signal<Notice | null>;
  busy: Signal<boolean>;
  availability: Signal<AvailabilityState | null>;
  month: Signal<string | null>;
  date: Signal<string | null>;
  /** The new time chosen, before it is confirmed. */
  slot: Signal<SlotChoice | null>;
  /** Times with room, when the chosen one filled up. */
  alternatives: Signal<SlotChoice[]>;
  /** The server's days and times for the change view without JavaScript. */
  plain: PlainChange | null;
  /** Bumped to move focus to the message or heading just shown. */
  focus: Signal<number>;
  /** Catalogue keys of the login form's field errors. */
  codeError: Signal<string | null>;
  emailError: Signal<string | null>;
  today: (timeZone: string) => string;
  go: (view: View) => void;
  login: (code: string, email: string) => Promise<void>;
  chooseSlot: (slot: SlotChoice) => void;
  move: (slot?: SlotChoice) => Promise<void>;
  cancel: () => Promise<void>;
  resend: () => Promise<void>;
  ensureAvailability: () => void;
}

function problemOf(
  e: { code: string; details?: Record<string, unknown>; retryAfter?: number },
  extra: Partial<Problem> = {},
): Problem {
  return {
    code: e.code,
    details: e.details,
    retryAfter: e.retryAfter,
    ...extra,
  };
}

/** The state of one island, from the server's props. */
export function createManageState(props: ManageProps): ManageState {
  const loadedAt = Date.now();
  const s: ManageState = {
    view: signal<View>(props.view ?? (props.booking ? "booking" : "login")),
    booking: signal(props.booking),
    problem: signal(props.problem),
    notice: signal<Notice | null>(props.notice ?? null),
    busy: signal(false),
    availability: signal<AvailabilityState | null>(null),
    month: signal<string | null>(props.plain?.month ?? null),
    date: signal<string | null>(props.plain?.date ?? null),
    slot: signal<SlotChoice | null>(props.slot ?? null),
    alternatives: signal<SlotChoice[]>(props.alternatives ?? []),
    plain: props.plain ?? null,
    focus: signal(0),
    codeError: signal<string | null>(null),
    emailError: signal<string | null>(null),
    today: (timeZone) => {
      const skew = Date.parse(props.now) - loadedAt;
      return zonedNow(new Date(Date.now() + skew), timeZone).date;
    },
    go: (view) => {
      s.view.value = view;
      s.problem.value = null;
      if (view !== "booking") s.notice.value = null;
      if (view === "change") s.ensureAvailability();
      s.focus.value++;
    },
    ensureAvailability: () => {
      const b = s.booking.value;
      const a = s.availability.value;
      if (!b || (a && a.fresh && a.status !== "error")) return;
      const orq = b.organization.orq;
      s.availability.value = {
        orq,
        status: "loading",
        data: a?.data ?? null,
        fresh: true,
      };
      loadAvailability(orq).then((r) => {
        s.availability.value = r.ok
          ? { orq, status: "ready", data: r.data, fresh: true }
          : { orq, status: "error", data: null, fresh: false };
      });
    },
    login: async (code, email) => {
      const typed = normalizeTicketCode(code);
      s.codeError.value = code.trim()
        ? typed ? null : "manage.login.codeInvalid"
        : "manage.login.codeEmpty";
      s.emailError.value = emailError(email);
      if (s.codeError.value || s.emailError.value || !typed) return;
      s.busy.value = true;
      const cred: Credential = { ticket_code: typed, customer_email: email };
      const r = await lookupManaged(cred);
      s.busy.value = false;
      if (!r.ok) {
        s.problem.value = problemOf(r.error, { byCode: true });
        s.focus.value++;
        return;
      }
      show(r.data);
    },
    chooseSlot: (slot) => {
      s.slot.value = slot;
      s.alternatives.value = [];
      s.go("confirm-move");
    },
    move: async (slot) => {
      const b = s.booking.value;
      if (slot) s.slot.value = slot;
      const target = s.slot.value;
      if (!b || !target || s.busy.value) return;
      s.busy.value = true;
      const r = await rescheduleManaged(b.manage_token, target.id);
      if (s.availability.value) {
        s.availability.value = { ...s.availability.value, fresh: false };
      }
      if (!r.ok) {
        await refresh(b.manage_token);
        s.busy.value = false;
        s.alternatives.value =
          (r.error.details?.alternatives ?? []) as SlotChoice[];
        s.problem.value = problemOf(r.error);
        s.focus.value++;
        return;
      }
      const fresh = await lookupManaged({ manage_token: b.manage_token });
      s.busy.value = false;
      const slotNow = r.data.reservation.slot;
      show(fresh.ok ? fresh.data : { ...b, ...r.data });
      s.notice.value = {
        kind: "moved",
        date: slotNow.date,
        start: slotNow.start_time,
        end: slotNow.end_time,
      };
      s.focus.value++;
    },
    cancel: async () => {
      const b = s.booking.value;
      if (!b || s.busy.value) return;
      s.busy.value = true;
      const r = await cancelManaged(b.manage_token);
      if (!r.ok) {
        await refresh(b.manage_token);
        s.busy.value = false;
        s.problem.value = problemOf(r.error);
        s.focus.value++;
        return;
      }
      s.busy.value = false;
      s.go("cancelled");
    },
    resend: async () => {
      const b = s.booking.value;
      if (!b || s.busy.value) return;
      s.busy.value = true;
      const r = await resendMail(b.reservation.ticket_code);
      s.busy.value = false;
      if (r.ok) {
        s.problem.value = null;
        s.notice.value = {
          kind: "resent",
          email: b.reservation.customer_email,
        };
      } else {
        s.notice.value = null;
        s.problem.value = problemOf(r.error, {
          details: { ...r.error.details, resend: true },
        });
      }
      s.focus.value++;
    },
  };

  /**
   * Reads the booking again after a refusal: the venue's rules may have
   * changed since the page loaded (the horizon, the cut-off), and the
   * message and the offered actions follow the booking as it is now.
   */
  async function refresh(token: string) {
    const again = await lookupManaged({ manage_token: token });
    if (again.ok) s.booking.value = again.data;
  }

  /** Shows booking `b`, its token in the address so that a reload keeps it. */
  function show(b: ManagedBooking) {
    s.booking.value = b;
    s.problem.value = null;
    s.slot.value = null;
    s.alternatives.value = [];
    if (typeof history !== "undefined") {
      history.replaceState(
        null,
        "",
        `${location.pathname}?token=${encodeURIComponent(b.manage_token)}`,
      );
    }
    s.go("booking");
  }
  return s;
}
