import { normalizePhone } from "../../../domain/contact.ts";
import { formatTicketCode } from "../../../domain/ticket_code.ts";
import { longDate, places, shortDate, timeRange } from "../format.ts";
import { slotMessage } from "../messages.ts";
import type { GroupState } from "../group_state.ts";

/** Check and confirm a group: every ticket, one time, the contact. */
export function GroupConfirmStep(props: { s: GroupState }) {
  const { s } = props;
  const slot = s.slot.value;
  const problem = s.confirmProblem.value;
  const busy = s.busy.value;
  const tickets = s.ready();
  if (!slot) return null;
  const message = problem
    ? slotMessage(problem.code, problem.retryAfter)
    : null;
  const slotGone = !!problem?.code.startsWith("SLOT_");
  return (
    <section class="panel" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        Check and confirm
      </h2>
      <dl class="summary">
        <div>
          <dt>Tickets</dt>
          <dd>
            <ul class="code-summary">
              {tickets.map((t) => (
                <li key={t.code} class="code">{formatTicketCode(t.code!)}</li>
              ))}
            </ul>
            <button type="button" class="link" onClick={() => s.go("ticket")}>
              Change<span class="sr-only">{` tickets`}</span>
            </button>
          </dd>
        </div>
        <div>
          <dt>Date</dt>
          <dd>
            {longDate(slot.date)}
            <button type="button" class="link" onClick={() => s.go("date")}>
              Change<span class="sr-only">{` date and time`}</span>
            </button>
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
            <button
              type="button"
              class="link"
              onClick={() => s.go("contact")}
            >
              Change<span class="sr-only">{` contact details`}</span>
            </button>
          </dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{normalizePhone(s.phone.value) ?? s.phone.value}</dd>
        </div>
      </dl>
      {message && problem && (
        <div class="alert" role="alert" data-code={problem.code}>
          <h3>
            {problem.code === "SLOT_FULL"
              ? `Not enough places left for ${tickets.length} tickets`
              : message.title}
          </h3>
          <p>
            {problem.code === "SLOT_FULL"
              ? problem.alternatives.length > 0
                ? "These times nearby have room for your whole group: one click books it."
                : "No other time has room for your whole group right now."
              : message.text}
          </p>
          {problem.alternatives.length > 0 && (
            <ul class="alternatives">
              {problem.alternatives.map((alt) => (
                <li key={alt.id}>
                  <button
                    type="button"
                    class="button alternative"
                    disabled={busy}
                    onClick={() => s.confirm(alt)}
                  >
                    <span class="alt-when">
                      Book {shortDate(alt.date)},{" "}
                      <span class="nowrap">
                        {timeRange(alt.start_time, alt.end_time)}
                      </span>
                    </span>
                    {alt.available_count !== undefined && (
                      <span class="alt-room">
                        {places(alt.available_count)} left
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
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
            {busy ? "Booking…" : `Book ${tickets.length} tickets`}
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
