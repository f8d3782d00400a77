/**
 * The manage page's views as addresses, for the page without JavaScript:
 * `?view=change` (with `&month=` or `&date=`), `?view=confirm-move&date=&slot=`,
 * `?view=cancel`, and `?done=moved|resent|cancelled` after a form's 303.
 * Only dates and a slot id travel in the address, never personal data.
 */
import type { AppDeps } from "../deps.ts";
import { listSlots } from "../../db/slots.ts";
import { daysInMonth, monthOf } from "../../components/portal/format.ts";
import { availabilityBody } from "../api/slots.ts";
import type {
  ManageProps,
  PlainChange,
} from "../../components/manage/state.ts";
import type { ManagedBooking } from "../../components/manage/api.ts";
import type { SlotChoice } from "../../components/portal/api.ts";

/** What the address asks of the page. */
export interface ViewQuery {
  view?: string;
  month?: string;
  date?: string;
  slot?: string;
  done?: string;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function validDate(d: string | undefined): string | null {
  return d && DATE.test(d) ? d : null;
}

/** The props the address adds to a booking that opened. */
export async function viewProps(
  deps: AppDeps,
  b: ManagedBooking,
  q: ViewQuery,
): Promise<Partial<ManageProps>> {
  const out: Partial<ManageProps> = {};
  const slot = b.reservation.slot;
  if (q.done === "moved") {
    out.notice = {
      kind: "moved",
      date: slot.date,
      start: slot.start_time,
      end: slot.end_time,
    };
  } else if (q.done === "resent") {
    out.notice = { kind: "resent", email: b.reservation.customer_email };
  }
  if (!b.manage.changeable) return out;
  if (q.view === "cancel") return { ...out, view: "cancel" };
  const date = validDate(q.date);
  if (q.view === "confirm-move" && date && /^\d{1,10}$/.test(q.slot ?? "")) {
    const day = await plainChange(deps, b, date.slice(0, 7), date);
    // Full ones too: a refused move shows the time it asked for.
    const chosen = day.all.find((s) => s.id === Number(q.slot));
    if (chosen) {
      return { ...out, view: "confirm-move", slot: chosen, plain: day.plain };
    }
  }
  if (q.view === "change" || q.view === "confirm-move") {
    const month = q.month && MONTH.test(q.month)
      ? q.month
      : monthOf(date ?? slot.date);
    return {
      ...out,
      view: "change",
      plain: (await plainChange(deps, b, month, date)).plain,
    };
  }
  return out;
}

/**
 * The bookable days of `month` (today to the horizon) and the times of
 * `date` with room; `all`: every time of `date`, full ones too.
 */
export async function plainChange(
  deps: AppDeps,
  b: ManagedBooking,
  month: string,
  date: string | null,
): Promise<{ plain: PlainChange; all: SlotChoice[] }> {
  const orq = b.organization.orq;
  const now = await deps.zonedNow(orq);
  const horizon = b.manage.horizon_date;
  const first = `${month}-01`;
  const last = `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
  const from = first < now.date ? now.date : first;
  const to = last > horizon ? horizon : last;
  const dates = from <= to
    ? availabilityBody(
      orq,
      now.timezone,
      await listSlots(deps.db, { orq, from, to, now }),
    ).dates
    : [];
  const chosen = date && date.startsWith(month)
    ? dates.find((d) => d.date === date)
    : undefined;
  const all = (chosen?.slots ?? []).flatMap((s) =>
    s.id === null ? [] : [{
      id: s.id,
      date: s.date,
      start_time: s.start_time,
      end_time: s.end_time,
      available_count: s.available_count,
      level: s.level,
    }]
  );
  const plain: PlainChange = {
    month,
    prev: monthOf(month, -1) >= monthOf(now.date) ? monthOf(month, -1) : null,
    next: `${monthOf(month, 1)}-01` <= horizon ? monthOf(month, 1) : null,
    days: dates.filter((d) => d.level !== "FULL").map((d) => ({
      date: d.date,
      level: d.level,
    })),
    date: date && date >= now.date && date <= horizon ? date : null,
    slots: all.filter((s) => s.level !== "FULL"),
  };
  return {
    plain,
    all: all.map(({ level: _, ...choice }) => choice),
  };
}
