import { Hono } from "hono";
import type { Context } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { bodyText, clientKey } from "../../lib/http.ts";
import { AppError } from "../../domain/errors.ts";
import { requestLocale } from "../../lib/request_locale.ts";
import { waitlistMessage } from "../../components/portal/waitlist_api.ts";
import { joinWithCodes } from "../api/waitlist.ts";
import { waitlistPage } from "./waitlist_page.tsx";
import { LeaveForm } from "./waitlist_leave_form.tsx";

/** A join form is a code, an email and a slot id: far below this. */
const MAX_FORM_BYTES = 4096;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;
/** A waitlist entry's id (it opens nothing without a ticket code). */
const ENTRY = /^[1-9]\d{0,8}$/;

/**
 * `/reserve/waitlist`: "Join the waitlist" without JavaScript. The form
 * posts the ticket code, email and slot here; joined → 303 to this page
 * with the time, position and entry id only (nothing personal in the URL,
 * and the id leaves nothing without a ticket code: waitlist_leave_form.tsx),
 * refused → the reason, as the island would show it.
 */
export function waitlistJoinFormRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", (c) => {
    const q = (k: string) => c.req.query(k) ?? "";
    const position = Number(q("position"));
    const ok = DATE.test(q("date")) && TIME.test(q("start")) &&
      TIME.test(q("end")) && Number.isInteger(position) && position > 0;
    const entry = ENTRY.test(q("entry")) ? Number(q("entry")) : 0;
    return resultPage(
      c,
      ok ? { ...slotOf(c), position, entry } : { problem: "" },
    );
  });
  app.post("/", async (c) => {
    try {
      const form = new URLSearchParams(
        await bodyText(c.req.raw, MAX_FORM_BYTES),
      );
      const client = clientKey(c, deps.trustProxy);
      await deps.limits.reserve.consume(`reserve:${client}`);
      const entry = await joinWithCodes(deps, client, {
        ticket_codes: [(form.get("ticket_code") ?? "").slice(0, 200)],
        slot_id: Number(form.get("slot_id") ?? "") || 0,
        customer_email: (form.get("customer_email") ?? "").slice(0, 254),
        locale: requestLocale(c),
      });
      c.set("orq", entry.orq);
      const to = new URLSearchParams({
        date: entry.slot.date,
        start: entry.slot.start_time.slice(0, 5),
        end: entry.slot.end_time.slice(0, 5),
        position: String(entry.position),
        entry: String(entry.id),
      });
      return c.redirect(`/reserve/waitlist?${to}`, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return resultPage(c, { problem: waitlistMessage(err.code) });
    }
  });
  return app;
}

function slotOf(c: Context<ApiEnv>) {
  return {
    date: c.req.query("date")!,
    start: c.req.query("start")!,
    end: c.req.query("end")!,
  };
}

/** The joined time and position (and a way to leave), or why not (a catalogue key; "" unknown). */
function resultPage(
  c: Context<ApiEnv>,
  r: {
    date: string;
    start: string;
    end: string;
    position: number;
    entry: number;
  } | {
    problem: string;
  },
): Response {
  return waitlistPage(c, (t) =>
    "problem" in r
      ? (
        <p class="alert" role="alert">
          {t(r.problem || waitlistMessage("WAITLIST_NOT_FOUND"))}
        </p>
      )
      : (
        <>
          <p role="status" data-waitlist-position={r.position}>
            {t("waitlist.join.joined", {
              time: `${t.longDate(r.date)}, ${t.timeRange(r.start, r.end)}`,
              position: r.position,
            })}
          </p>
          {r.entry > 0 && <LeaveForm t={t} id={r.entry} />}
        </>
      ));
}
