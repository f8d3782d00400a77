import { useT } from "../../i18n.tsx";
import { normalizePhone } from "../../../domain/contact.ts";
import { formatTicketCode } from "../../../domain/ticket_code.ts";
import {
  Change,
  ChooseAnotherDate,
  ConfirmButtons,
  ContactRows,
  SlotRows,
} from "../confirm_parts.tsx";
import type { GroupState } from "../group_state.ts";
import { GroupProblem } from "./GroupProblem.tsx";

/** Check and confirm a group: every ticket, one time, the contact. */
export function GroupConfirmStep(props: { s: GroupState }) {
  const t = useT();
  const { s } = props;
  const slot = s.slot.value;
  const problem = s.confirmProblem.value;
  const busy = s.busy.value;
  const tickets = s.ready();
  if (!slot) return null;
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
      {problem && (
        <GroupProblem
          problem={problem}
          count={tickets.length}
          busy={busy}
          onBook={(alt) => s.confirm(alt)}
        >
          {slotGone && <ChooseAnotherDate onClick={() => s.go("date")} />}
        </GroupProblem>
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
