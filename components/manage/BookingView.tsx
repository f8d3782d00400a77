import { useT } from "../i18n.tsx";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { timeRange } from "../portal/format.ts";
import { TicketQr, VisitLead } from "../portal/TicketQr.tsx";
import { problemMessage, venueTime } from "./messages.ts";
import { ProblemAlert } from "./ProblemAlert.tsx";
import type { ManagedBooking } from "./api.ts";
import type { ManageState } from "./state.ts";

const STATUS_TEXT: Record<string, string> = {
  RESERVED: "Booked",
  VERIFIED: "Used at the entrance",
  EXPIRED: "Visit over",
};

/** The booking: venue, time, QR code, calendar file, and what may be done. */
export function BookingView(props: { s: ManageState }) {
  const { s } = props;
  const b = s.booking.value;
  if (!b) return null;
  const r = b.reservation;
  const code = formatTicketCode(r.ticket_code);
  const file = `ticket-${r.ticket_code.slice(0, 4)}`;
  const changeable = b.manage.changeable;
  return (
    <section class="panel done" aria-labelledby="manage-title">
      <h2 id="manage-title" tabIndex={-1} data-step-heading>
        Your booking
      </h2>
      {s.notice.value && (
        <p class="note" role="status" tabIndex={-1} data-notice>
          {s.notice.value}
        </p>
      )}
      <ProblemAlert s={s} />
      <VisitLead slot={r.slot} />
      <div class="done-layout">
        <TicketQr svgUrl={b.qr.svg_url} code={code} />
        <div>
          <dl class="summary">
            <div>
              <dt>Venue</dt>
              <dd>
                {b.organization.name}
                {b.organization.address && (
                  <span class="address">, {b.organization.address}</span>
                )}
              </dd>
            </div>
            <div>
              <dt>Time</dt>
              <dd>
                {timeRange(r.slot.start_time, r.slot.end_time)}{" "}
                ({b.manage.timezone.replace(/_/g, " ")})
              </dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd data-status={r.status}>
                {STATUS_TEXT[r.status] ?? r.status}
              </dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd>{r.customer_email}</dd>
            </div>
          </dl>
          <ChangeWindow b={b} />
          <ul class="actions">
            {changeable && (
              <li>
                <button
                  type="button"
                  class="button primary"
                  onClick={() => s.go("change")}
                >
                  Change time
                </button>
              </li>
            )}
            {changeable && (
              <li>
                <button
                  type="button"
                  class="button"
                  onClick={() => s.go("cancel")}
                >
                  Cancel booking
                </button>
              </li>
            )}
            <li>
              <a class="button" href={b.calendar_url}>Add to calendar</a>
            </li>
            <li>
              <a class="button" href={b.qr.png_url} download={`${file}.png`}>
                Download QR code (PNG)
              </a>
            </li>
            {r.status === "RESERVED" && (
              <li>
                <button
                  type="button"
                  class="button"
                  disabled={s.busy.value}
                  onClick={() => s.resend()}
                >
                  Send the email again
                </button>
              </li>
            )}
          </ul>
        </div>
      </div>
    </section>
  );
}

/** Until when the booking may be changed online, or why it may not. */
function ChangeWindow(props: { b: ManagedBooking }) {
  const t = useT();
  const m = props.b.manage;
  if (m.changeable && m.change_cutoff) {
    return (
      <p class="note" data-cutoff>
        Changes possible until{" "}
        <strong>{venueTime(m.change_cutoff, m.timezone)}</strong> (venue time).
      </p>
    );
  }
  const why = problemMessage(
    t,
    {
      code: m.refusal ?? "CHANGE_CUTOFF_PASSED",
      details: { cutoff: m.change_cutoff },
    },
    { timezone: m.timezone },
  );
  return (
    <p class="note" data-cutoff>
      <strong>{why.title}.</strong> {why.text}
    </p>
  );
}
