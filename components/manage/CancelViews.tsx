import { formatTicketCode } from "../../domain/ticket_code.ts";
import { longDate, timeRange } from "../portal/format.ts";
import { ProblemAlert } from "./ProblemAlert.tsx";
import type { ManageState } from "./state.ts";

/** "Cancel booking": what it means, and a deliberate second click. */
export function CancelView(props: { s: ManageState }) {
  const { s } = props;
  const b = s.booking.value;
  if (!b) return null;
  const slot = b.reservation.slot;
  return (
    <section class="panel" aria-labelledby="manage-title">
      <h2 id="manage-title" tabIndex={-1} data-step-heading>
        Cancel your booking?
      </h2>
      <p>
        Your visit on{" "}
        <strong>
          {longDate(slot.date)}, {timeRange(slot.start_time, slot.end_time)}
        </strong>{" "}
        will be cancelled and its place given to someone else. Your ticket stays
        valid: you can book another time with it later.
      </p>
      <ProblemAlert s={s} />
      <div class="buttons">
        {b.manage.changeable && (
          <button
            type="button"
            class="button primary"
            disabled={s.busy.value}
            onClick={() => s.cancel()}
          >
            {s.busy.value ? "Cancelling…" : "Yes, cancel my booking"}
          </button>
        )}
        <button type="button" class="button" onClick={() => s.go("booking")}>
          Keep my booking
        </button>
      </div>
      <p class="sr-only" role="status">
        {s.busy.value ? "Cancelling your booking…" : ""}
      </p>
    </section>
  );
}

/** After the cancel: the ticket is valid again. */
export function CancelledView(props: { s: ManageState }) {
  const b = props.s.booking.value;
  return (
    <section class="panel" aria-labelledby="manage-title">
      <h2 id="manage-title" tabIndex={-1} data-step-heading>
        Your booking is cancelled
      </h2>
      <p>
        We've sent you an email to confirm it. {b && (
          <>
            Ticket{" "}
            <span class="code">
              {formatTicketCode(b.reservation.ticket_code)}
            </span>{" "}
            is valid again: you can use it to book another time.
          </>
        )}
      </p>
      <p>
        <a class="button primary" href="/reserve">Book another time</a>
      </p>
    </section>
  );
}
