import { useT } from "../i18n.tsx";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import type { PortalState } from "./state.ts";
import { ticketMessage } from "./messages.ts";
import { rich } from "./rich.tsx";

/** Step 1: the ticket code, typed or from `?code=`, and why it cannot be booked. */
export function TicketStep(props: { s: PortalState }) {
  const t = useT();
  const { s } = props;
  const problem = s.problem.value;
  const message = problem ? ticketMessage(t, problem) : null;
  const error = s.codeError.value;
  const kept = s.slot.value && s.booked.value.length > 0 ? s.slot.value : null;
  return (
    <section class="panel" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        {t(
          s.booked.value.length > 0
            ? "portal.ticket.titleNext"
            : "portal.ticket.title",
        )}
      </h2>
      {kept && (
        <p class="note">
          {rich(t, "portal.ticket.kept", {
            when: (
              <strong>
                {t("portal.visit.when", {
                  date: t.longDate(kept.date),
                  time: t.timeRange(kept.start_time, kept.end_time),
                })}
              </strong>
            ),
          })}
        </p>
      )}
      <form
        method="post"
        action="/reserve"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          s.checkTicket(String(data.get("code") ?? ""));
        }}
      >
        <input type="hidden" name="step" value="ticket" />
        <div class="field">
          <label for="ticket-code">{t("portal.ticket.codeLabel")}</label>
          <p class="hint" id="ticket-code-hint">
            {t("portal.ticket.codeHint")}
          </p>
          <input
            id="ticket-code"
            name="code"
            type="text"
            class="code-input"
            value={s.code.value}
            onInput={(e) => (s.code.value = e.currentTarget.value)}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-describedby={error
              ? "ticket-code-hint ticket-code-error"
              : "ticket-code-hint"}
            aria-invalid={error ? "true" : undefined}
          />
          {error && (
            <p class="field-error" id="ticket-code-error">
              {t(error)}
            </p>
          )}
        </div>
        <button type="submit" class="button primary" disabled={s.busy.value}>
          {t(s.busy.value ? "portal.ticket.checking" : "portal.ticket.check")}
        </button>
      </form>
      <p class="hint">
        <a href="/reserve/group">{t("portal.ticket.groupLink")}</a>{" "}
        {t("portal.ticket.groupText")}
      </p>
      {message && problem && (
        <div
          class={problem.code === "TICKET_ALREADY_RESERVED"
            ? "alert info"
            : "alert"}
          role="alert"
          data-code={problem.code}
        >
          <h3>{message.title}</h3>
          <p>{message.text}</p>
          {problem.links && (
            <ul class="actions">
              <li>
                <a class="button" href={problem.links.svg_url}>
                  {t("portal.ticket.showQr")}
                </a>
              </li>
              <li>
                <a
                  class="button"
                  href={problem.links.png_url}
                  download="ticket-qr.png"
                >
                  {t("portal.ticket.downloadQrPng")}
                </a>
              </li>
              <li>
                <a class="button" href={problem.links.calendar_url}>
                  {t("portal.addToCalendar")}
                </a>
              </li>
              <li>
                <a class="button" href="/reserve/manage">
                  {t("portal.manageBooking")}
                </a>
              </li>
            </ul>
          )}
        </div>
      )}
      {s.booked.value.length > 0 && <BookedList s={s} />}
    </section>
  );
}

function BookedList(props: { s: PortalState }) {
  const t = useT();
  return (
    <div class="booked">
      <h3>{t("portal.ticket.booked")}</h3>
      <ul>
        {props.s.booked.value.map((b) => (
          <li key={b.reservation.id}>
            <span class="code">
              {formatTicketCode(b.reservation.ticket_code)}
            </span>{" "}
            {t("portal.visit.when", {
              date: t.longDate(b.reservation.slot.date),
              time: t.timeRange(
                b.reservation.slot.start_time,
                b.reservation.slot.end_time,
              ),
            })} <a href={b.qr.svg_url}>{t("portal.ticket.qrLink")}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
