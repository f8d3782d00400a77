import { useT } from "../../i18n.tsx";
import { withStrong } from "../emphasis.tsx";
import { formatTicketCode } from "../../../domain/ticket_code.ts";
import { TicketQr, VisitLead } from "../TicketQr.tsx";
import type { GroupState } from "../group_state.ts";

/** The group is booked: every ticket's QR code, and the calendar file. */
export function GroupDoneStep(props: { s: GroupState }) {
  const t = useT();
  const g = props.s.group.value;
  if (!g || g.reservations.length === 0) return null;
  const first = g.reservations[0].reservation;
  return (
    <section class="panel done" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        {t("group.done.title")}
      </h2>
      <VisitLead slot={first.slot}>
        {t("group.done.count", { count: g.reservations.length })}
        {" "}
      </VisitLead>
      <p>
        {t("group.done.entrance")}{" "}
        {withStrong(t, "group.done.mail", "email", first.customer_email)}
      </p>
      <p>
        <a class="button" href={g.reservations[0].calendar_url}>
          {t("group.done.calendar")}
        </a>
      </p>
      <ul class="qr-grid">
        {g.reservations.map((b, i) => {
          const code = formatTicketCode(b.reservation.ticket_code);
          return (
            <li key={b.reservation.id}>
              <TicketQr
                svgUrl={b.qr.svg_url}
                code={code}
                size={200}
                label={t("group.done.ticket", { number: i + 1 })}
              />
              <a
                class="link"
                href={b.qr.png_url}
                download={`ticket-${b.reservation.ticket_code.slice(0, 4)}.png`}
              >
                {t("group.done.download")}
                <span class="sr-only">
                  {` ${t("group.done.downloadQr", { code })}`}
                </span>{" "}
                (PNG)
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
