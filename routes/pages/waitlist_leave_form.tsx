/**
 * `POST /reserve/waitlist/leave`: "Leave the waitlist" without JavaScript.
 * The form posts the entry's id and one of its ticket codes (typed: the
 * joined page's address holds nothing that opens the entry); it is checked
 * as `DELETE /api/waitlist/:id` checks it, with the same change limit and
 * refusals, and answers 303 to `/reserve/waitlist/left`, or the form again
 * with why.
 */
import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { AppError } from "../../domain/errors.ts";
import type { Translator } from "../../domain/translator.ts";
import { normalizeTicketCode } from "../../domain/ticket_code.ts";
import { bodyText, clientKey, parseWith } from "../../lib/http.ts";
import { waitlistMessage } from "../../components/portal/waitlist_api.ts";
import {
  leaveWithCode,
  waitlistIdParam,
  waitlistLeaveBody,
} from "../api/waitlist.ts";
import { waitlistPage } from "./waitlist_page.tsx";

/** An id and a ticket code: far below this. */
const MAX_FORM_BYTES = 4096;

/** Why the form came back: the refusal's code and what the visitor reads. */
interface LeaveProblem {
  code: string;
  /** A catalogue key. */
  message: string;
}

export function waitlistLeaveFormRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post("/leave", async (c) => {
    let id = 0;
    let typed = "";
    try {
      const form = new URLSearchParams(
        await bodyText(c.req.raw, MAX_FORM_BYTES),
      );
      typed = (form.get("ticket_code") ?? "").slice(0, 200);
      await deps.limits.reserve.consume(
        `reserve:${clientKey(c, deps.trustProxy)}`,
      );
      id = parseWith(waitlistIdParam, form.get("waitlist_id") ?? "");
      const body = parseWith(waitlistLeaveBody, { code: typed });
      c.set("orq", await leaveWithCode(deps, id, body.code));
      return c.redirect("/reserve/waitlist/left", 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return waitlistPage(c, (t) =>
        id > 0
          ? (
            <LeaveForm
              t={t}
              id={id}
              code={typed}
              problem={leaveProblem(err, typed)}
            />
          )
          : (
            <Refusal
              t={t}
              problem={{ code: err.code, message: waitlistMessage(err.code) }}
            />
          ));
    }
  });
  app.get("/left", (c) => waitlistPage(c, leftText));
  return app;
}

function leftText(t: Translator) {
  return <p role="status" data-waitlist-left>{t("waitlist.join.left")}</p>;
}

/** What the visitor reads for a refusal of the leave form. */
function leaveProblem(err: AppError, typed: string): LeaveProblem {
  const code = err.code;
  if (code === "VALIDATION_FAILED" && !typed.trim()) {
    return { code, message: "problems.code.empty" };
  }
  if (code === "WAITLIST_NOT_FOUND" && !normalizeTicketCode(typed)) {
    return { code, message: "problems.code.format" };
  }
  if (code === "WAITLIST_NOT_FOUND") {
    return { code, message: "waitlist.leavePage.notFound" };
  }
  return { code, message: waitlistMessage(code) };
}

function Refusal(
  props: { t: Translator; problem: LeaveProblem; id?: string },
) {
  return (
    <p
      class="alert"
      role="alert"
      id={props.id}
      data-code={props.problem.code}
    >
      {props.t(props.problem.message)}
    </p>
  );
}

/**
 * "Leave the waitlist" for entry `id`: the ticket code it was joined with
 * is asked for (the page's address holds only the id).
 */
export function LeaveForm(
  props: { t: Translator; id: number; code?: string; problem?: LeaveProblem },
) {
  const { t, problem } = props;
  return (
    <form method="post" action="/reserve/waitlist/leave" noValidate>
      <h2>{t("waitlist.leavePage.title")}</h2>
      {problem && <Refusal t={t} problem={problem} id="leave-code-error" />}
      <input type="hidden" name="waitlist_id" value={String(props.id)} />
      <div class="field">
        <label for="leave-code">{t("waitlist.leavePage.code")}</label>
        <p class="hint" id="leave-code-hint">{t("waitlist.leavePage.hint")}</p>
        <input
          id="leave-code"
          name="ticket_code"
          class="code-input"
          value={props.code ?? ""}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          aria-describedby={problem
            ? "leave-code-hint leave-code-error"
            : "leave-code-hint"}
          aria-invalid={problem ? "true" : undefined}
        />
      </div>
      <button type="submit" class="button">{t("waitlist.join.leave")}</button>
    </form>
  );
}
