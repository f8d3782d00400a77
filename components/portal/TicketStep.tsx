import { useT } from "../i18n.tsx";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import type { PortalState } from "./state.ts";
import { ticketMessage } from "./messages.ts";
import { longDate, timeRange } from "./format.ts";

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
        {s.booked.value.length > 0 ? "Your next ticket" : "Your ticket"}
      </h2>
      {kept && (
        <p class="note">
          We kept your contact details and{" "}
          <strong>
            {longDate(kept.date)}, {timeRange(kept.start_time, kept.end_time)}
          </strong>{" "}
          for the next ticket: enter its code and confirm.
        </p>
      )}
      <form
        method="get"
        action="/reserve"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          s.checkTicket(String(data.get("code") ?? ""));
        }}
      >
        <div class="field">
          <label for="ticket-code">Ticket code</label>
          <p class="hint" id="ticket-code-hint">
            20 letters and digits from your order email, for example
            7K3Q-W9M2-XC4T-PA8R-1VNE. Dashes and spaces are optional.
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
              {error}
            </p>
          )}
        </div>
        <button type="submit" class="button primary" disabled={s.busy.value}>
          {s.busy.value ? "Checking…" : "Check ticket"}
        </button>
      </form>
      <p class="hint">
        <a href="/reserve/group">Booking for several tickets?</a>{" "}
        Book one time for all of them at once.
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
                  Show my QR code
                </a>
              </li>
              <li>
                <a
                  class="button"
                  href={problem.links.png_url}
                  download="ticket-qr.png"
                >
                  Download QR code (PNG)
                </a>
              </li>
              <li>
                <a class="button" href={problem.links.calendar_url}>
                  Add to calendar
                </a>
              </li>
              <li>
                <a class="button" href="/reserve/manage">
                  Manage my booking
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
  return (
    <div class="booked">
      <h3>Booked during this visit</h3>
      <ul>
        {props.s.booked.value.map((b) => (
          <li key={b.reservation.id}>
            <span class="code">
              {formatTicketCode(b.reservation.ticket_code)}
            </span>{" "}
            {longDate(b.reservation.slot.date)}, {timeRange(
              b.reservation.slot.start_time,
              b.reservation.slot.end_time,
            )} <a href={b.qr.svg_url}>QR code</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
