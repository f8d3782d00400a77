import { useT } from "../i18n.tsx";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { TicketQr, VisitLead } from "../portal/TicketQr.tsx";
import { problemMessage, venueTime } from "./messages.ts";
import { ProblemAlert } from "./ProblemAlert.tsx";
import type { ManagedBooking } from "./api.ts";
import { rich } from "./rich.tsx";
import { ChangeButton, ViewButton } from "./forms.tsx";
import type { ManageState, Notice } from "./state.ts";
import type { Translator } from "../../domain/translator.ts";

/** Statuses with words of their own (`manage.status.<STATUS>`). */
const STATUSES = new Set(["RESERVED", "VERIFIED", "EXPIRED"]);

/** A success notice in the page's language. */
export function noticeText(t: Translator, n: Notice): string {
  return n.kind === "moved"
    ? t("manage.notice.moved", {
      when: t("manage.when", {
        date: t.longDate(n.date),
        time: t.timeRange(n.start, n.end),
      }),
    })
    : t("manage.notice.resent", { email: n.email });
}

/** The booking: venue, time, QR code, calendar file, and what may be done. */
export function BookingView(props: { s: ManageState }) {
  const t = useT();
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
        {t("manage.booking.title")}
      </h2>
      {s.notice.value && (
        <p class="note" role="status" tabIndex={-1} data-notice>
          {noticeText(t, s.notice.value)}
        </p>
      )}
      <ProblemAlert s={s} />
      <VisitLead slot={r.slot} />
      <div class="done-layout">
        <TicketQr svgUrl={b.qr.svg_url} code={code} />
        <div>
          <dl class="summary">
            <div>
              <dt>{t("manage.booking.venue")}</dt>
              <dd>
                {b.organization.name}
                {b.organization.address && (
                  <span class="address">, {b.organization.address}</span>
                )}
              </dd>
            </div>
            <div>
              <dt>{t("manage.booking.time")}</dt>
              <dd>
                {t("manage.booking.timeZone", {
                  time: t.timeRange(r.slot.start_time, r.slot.end_time),
                  zone: b.manage.timezone.replace(/_/g, " "),
                })}
              </dd>
            </div>
            <div>
              <dt>{t("manage.booking.status")}</dt>
              <dd data-status={r.status}>
                {STATUSES.has(r.status)
                  ? t(`manage.status.${r.status}`)
                  : r.status}
              </dd>
            </div>
            <div>
              <dt>{t("manage.booking.email")}</dt>
              <dd>{r.customer_email}</dd>
            </div>
          </dl>
          <ChangeWindow b={b} />
          <ul class="actions">
            {changeable && (
              <li>
                <ViewButton
                  token={b.manage_token}
                  view="change"
                  primary
                  onOpen={() => s.go("change")}
                >
                  {t("manage.action.change")}
                </ViewButton>
              </li>
            )}
            {changeable && (
              <li>
                <ViewButton
                  token={b.manage_token}
                  view="cancel"
                  onOpen={() => s.go("cancel")}
                >
                  {t("manage.action.cancel")}
                </ViewButton>
              </li>
            )}
            <li>
              <a class="button" href={b.calendar_url}>
                {t("manage.action.calendar")}
              </a>
            </li>
            <li>
              <a class="button" href={b.qr.png_url} download={`${file}.png`}>
                {t("manage.action.png")}
              </a>
            </li>
            {r.status === "RESERVED" && (
              <li>
                <ChangeButton
                  action="resend"
                  token={b.manage_token}
                  disabled={s.busy.value}
                  onSend={() => s.resend()}
                >
                  {t("manage.action.resend")}
                </ChangeButton>
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
        {rich(t, "manage.booking.cutoff", {}, {
          time: [
            venueTime(t, m.change_cutoff, m.timezone),
            (text) => <strong>{text}</strong>,
          ],
        })}
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
