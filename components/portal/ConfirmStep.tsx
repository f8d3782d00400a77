import { useT } from "../i18n.tsx";
import { formatPhone, normalizePhoneIn } from "../../domain/phone.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import {
  Alternatives,
  ChooseAnotherDate,
  ConfirmButtons,
  ContactRows,
  SlotRows,
} from "./confirm_parts.tsx";
import { slotMessage } from "./messages.ts";
import { type PortalState, venueCountry } from "./state.ts";
import { WaitlistJoin } from "./WaitlistJoin.tsx";
import { StepFields } from "./StepFields.tsx";

/** The form the confirm step's buttons post without JavaScript. */
const FORM = "confirm-form";

/** Step 4: the summary, "Confirm", and what to do when the slot filled up. */
export function ConfirmStep(props: { s: PortalState }) {
  const t = useT();
  const { s } = props;
  const ticket = s.ticket.value;
  const slot = s.slot.value;
  const problem = s.confirmProblem.value;
  const busy = s.busy.value;
  if (!ticket || !slot) return null;
  const message = problem
    ? slotMessage(t, problem.code, problem.retryAfter)
    : null;
  // The chosen slot cannot be booked any more: offer only the ways forward.
  const slotGone = !!problem?.code.startsWith("SLOT_");
  return (
    <section class="panel" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        {t("portal.confirm.title")}
      </h2>
      <StepFields id={FORM} s={s} step="confirm" />
      <dl class="summary">
        <div>
          <dt>{t("portal.confirm.ticket")}</dt>
          <dd class="code">{formatTicketCode(ticket.code)}</dd>
        </div>
        <SlotRows slot={slot} onChange={() => s.go("date")} form={FORM} />
        <ContactRows
          email={s.email.value}
          phone={formatPhone(
            normalizePhoneIn(s.phone.value, venueCountry(s)) ?? s.phone.value,
          )}
          onChange={() => s.go("contact")}
          form={FORM}
        />
      </dl>
      {message && problem && (
        <div class="alert" role="alert" data-code={problem.code}>
          <h3>{message.title}</h3>
          <p>
            {problem.code === "SLOT_FULL" && problem.alternatives.length === 0
              ? t("portal.confirm.fullNoAlternatives")
              : message.text}
          </p>
          <Alternatives
            alternatives={problem.alternatives}
            busy={busy}
            onBook={(alt) =>
              s.confirm(alt)}
            form={FORM}
          />
          {problem.code === "SLOT_FULL" && (
            <WaitlistJoin
              code={ticket.code}
              email={s.email.value}
              slots={[slot]}
            />
          )}
          {slotGone && (
            <ChooseAnotherDate onClick={() => s.go("date")} form={FORM} />
          )}
        </div>
      )}
      <ConfirmButtons
        busy={busy}
        hidden={slotGone}
        label={t("portal.confirm.confirm")}
        onConfirm={() => s.confirm()}
        onBack={() => s.go("date")}
        form={FORM}
      />
    </section>
  );
}
