import { formatTicketCode } from "../../domain/ticket_code.ts";
import { useT } from "../i18n.tsx";
import { ProblemAlert } from "./ProblemAlert.tsx";
import { rich } from "./rich.tsx";
import { inLanguage } from "../LanguageSwitcher.tsx";
import { ChangeButton, ViewButton } from "./forms.tsx";
import type { ManageState } from "./state.ts";

/** "Cancel booking": what it means, and a deliberate second click. */
export function CancelView(props: { s: ManageState }) {
  const t = useT();
  const { s } = props;
  const b = s.booking.value;
  if (!b) return null;
  const slot = b.reservation.slot;
  const when = t("manage.when", {
    date: t.longDate(slot.date),
    time: t.timeRange(slot.start_time, slot.end_time),
  });
  return (
    <section class="panel" aria-labelledby="manage-title">
      <h2 id="manage-title" tabIndex={-1} data-step-heading>
        {t("manage.cancel.title")}
      </h2>
      <p>
        {rich(t, "manage.cancel.text", {}, {
          when: [when, (text) => <strong>{text}</strong>],
        })}
      </p>
      <ProblemAlert s={s} />
      <div class="buttons">
        {b.manage.changeable && (
          <ChangeButton
            action="cancel"
            token={b.manage_token}
            class="button primary"
            disabled={s.busy.value}
            onSend={() => s.cancel()}
          >
            {s.busy.value
              ? t("manage.cancel.busy")
              : t("manage.cancel.confirm")}
          </ChangeButton>
        )}
        <ViewButton token={b.manage_token} onOpen={() => s.go("booking")}>
          {t("manage.cancel.keep")}
        </ViewButton>
      </div>
      <p class="sr-only" role="status">
        {s.busy.value ? t("manage.cancel.busyStatus") : ""}
      </p>
    </section>
  );
}

/** After the cancel: the ticket is valid again. */
export function CancelledView(props: { s: ManageState }) {
  const t = useT();
  const b = props.s.booking.value;
  return (
    <section class="panel" aria-labelledby="manage-title">
      <h2 id="manage-title" tabIndex={-1} data-step-heading>
        {t("manage.cancelled.title")}
      </h2>
      <p>
        {t("manage.cancelled.mailSent")} {b &&
          rich(t, "manage.cancelled.valid", {}, {
            code: [
              formatTicketCode(b.reservation.ticket_code),
              (text) => <span class="code">{text}</span>,
            ],
          })}
      </p>
      <p>
        <a class="button primary" href={inLanguage("/reserve", t.locale)}>
          {t("manage.cancelled.again")}
        </a>
      </p>
    </section>
  );
}
