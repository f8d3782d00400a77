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
        {t("group.confirm.title")}
      </h2>
      <dl class="summary">
        <div>
          <dt>{t("group.confirm.tickets")}</dt>
          <dd>
            <ul class="code-summary">
              {tickets.map((x) => (
                <li key={x.code} class="code">{formatTicketCode(x.code!)}</li>
              ))}
            </ul>
            <Change
              label={t("group.confirm.changeTickets")}
              onClick={() => s.go("ticket")}
            />
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
              ? t("group.confirm.notEnough", { count: tickets.length })
              : message.title}
          </h3>
          <p>
            {problem.code === "SLOT_FULL"
              ? problem.alternatives.length > 0
                ? t("group.confirm.alternatives")
                : t("group.confirm.noAlternatives")
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
        label={t("group.confirm.book", { count: tickets.length })}
        onConfirm={() => s.confirm()}
        onBack={() => s.go("date")}
      />
    </section>
  );
}
