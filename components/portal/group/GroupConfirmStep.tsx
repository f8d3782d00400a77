import { useT } from "../../i18n.tsx";
import { normalizePhone } from "../../../domain/contact.ts";
import { formatTicketCode } from "../../../domain/ticket_code.ts";
import {
  Alternatives,
  Change,
  ChooseAnotherDate,
  ConfirmButtons,
  ContactRows,
  SlotRows,
} from "../confirm_parts.tsx";
import { slotMessage } from "../messages.ts";
import type { GroupState } from "../group_state.ts";

/** Check and confirm a group: every ticket, one time, the contact. */
export function GroupConfirmStep(props: { s: GroupState }) {
  const t = useT();
  const { s } = props;
  const slot = s.slot.value;
  const problem = s.confirmProblem.value;
  const busy = s.busy.value;
  const tickets = s.ready();
  if (!slot) return null;
  const message = problem
    ? slotMessage(t, problem.code, problem.retryAfter)
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
            <Change label="tickets" onClick={() => s.go("ticket")} />
          </dd>
        </div>
        <SlotRows slot={slot} onChange={() => s.go("date")} />
        <ContactRows
          email={s.email.value}
          phone={normalizePhone(s.phone.value) ?? s.phone.value}
          onChange={() => s.go("contact")}
        />
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
          <Alternatives
            alternatives={problem.alternatives}
            busy={busy}
            onBook={(alt) =>
              s.confirm(alt)}
          />
          {slotGone && (
            <ChooseAnotherDate onClick={() => s.go("date")} />
          )}
        </div>
      )}
      <ConfirmButtons
        busy={busy}
        hidden={slotGone}
        label={`Book ${tickets.length} tickets`}
        onConfirm={() => s.confirm()}
        onBack={() => s.go("date")}
      />
    </section>
  );
}
