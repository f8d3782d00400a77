import { formatPhone, normalizePhoneIn } from "../../domain/phone.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import type { SlotChoice } from "./api.ts";
import { longDate, places, shortDate, timeRange } from "./format.ts";
import { slotMessage } from "./messages.ts";
import { type PortalState, venueCountry } from "./state.ts";
import { WaitlistJoin } from "./WaitlistJoin.tsx";

/** Step 4: the summary, "Confirm", and what to do when the slot filled up. */
export function ConfirmStep(props: { s: PortalState }) {
  const { s } = props;
  const ticket = s.ticket.value;
  const slot = s.slot.value;
  const problem = s.confirmProblem.value;
  const busy = s.busy.value;
  if (!ticket || !slot) return null;
  const message = problem
    ? slotMessage(problem.code, problem.retryAfter)
    : null;
  // The chosen slot cannot be booked any more: offer only the ways forward.
  const slotGone = !!problem?.code.startsWith("SLOT_");
  return (
    <section class="panel" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        Check and confirm
      </h2>
      <dl class="summary">
        <div>
          <dt>Ticket</dt>
          <dd class="code">{formatTicketCode(ticket.code)}</dd>
        </div>
        <div>
          <dt>Date</dt>
          <dd>
            {longDate(slot.date)}
            <Change label="date and time" onClick={() => s.go("date")} />
          </dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>{timeRange(slot.start_time, slot.end_time)}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>
            {s.email.value}
            <Change label="contact details" onClick={() => s.go("contact")} />
          </dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>
            {formatPhone(
              normalizePhoneIn(s.phone.value, venueCountry(s)) ?? s.phone.value,
            )}
          </dd>
        </div>
      </dl>
      {message && problem && (
        <div class="alert" role="alert" data-code={problem.code}>
          <h3>{message.title}</h3>
          <p>
            {problem.code === "SLOT_FULL" && problem.alternatives.length === 0
              ? "Someone else took the last place a moment ago, and there are no other times with room right now."
              : message.text}
          </p>
          {problem.alternatives.length > 0 && (
            <ul class="alternatives">
              {problem.alternatives.map((alt) => (
                <li key={alt.id}>
                  <Alternative
                    alt={alt}
                    busy={busy}
                    onBook={() => s.confirm(alt)}
                  />
                </li>
              ))}
            </ul>
          )}
          {problem.code === "SLOT_FULL" && (
            <WaitlistJoin
              code={ticket.code}
              email={s.email.value}
              slots={[slot]}
            />
          )}
          {slotGone && (
            <button
              type="button"
              class="button"
              onClick={() => s.go("date")}
            >
              Choose another date
            </button>
          )}
        </div>
      )}
      {!slotGone && (
        <div class="buttons">
          <button
            type="button"
            class="button primary"
            disabled={busy}
            onClick={() => s.confirm()}
          >
            {busy ? "Booking…" : "Confirm reservation"}
          </button>
          <button type="button" class="button" onClick={() => s.go("date")}>
            Back
          </button>
        </div>
      )}
      <p class="sr-only" role="status">
        {busy ? "Booking your visit…" : ""}
      </p>
    </section>
  );
}

function Change(props: { label: string; onClick: () => void }) {
  return (
    <button type="button" class="link" onClick={props.onClick}>
      Change<span class="sr-only">{` ${props.label}`}</span>
    </button>
  );
}

function Alternative(
  props: { alt: SlotChoice; busy: boolean; onBook: () => void },
) {
  const { alt } = props;
  return (
    <button
      type="button"
      class="button alternative"
      disabled={props.busy}
      onClick={props.onBook}
    >
      <span class="alt-when">
        Book {shortDate(alt.date)},{" "}
        <span class="nowrap">{timeRange(alt.start_time, alt.end_time)}</span>
      </span>
      {alt.available_count !== undefined && (
        <span class="alt-room">{places(alt.available_count)} left</span>
      )}
    </button>
  );
}
