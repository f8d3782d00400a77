import { formatTicketCode } from "../../domain/ticket_code.ts";
import { ticketFileStem, ticketPngUrl } from "../../lib/ticket_page.ts";
import { addressLines } from "./VenueHeader.tsx";
import { useT } from "../i18n.tsx";
import { rich } from "./rich.tsx";
import { inLanguage } from "../LanguageSwitcher.tsx";
import { TicketQr, VisitLead } from "./TicketQr.tsx";
import type { PortalState } from "./state.ts";

/** Step 5: the QR code, its downloads, the calendar file, and the next ticket. */
export function DoneStep(props: { s: PortalState }) {
  const t = useT();
  const { s } = props;
  const b = s.booking.value;
  if (!b) return null;
  const r = b.reservation;
  const code = formatTicketCode(r.ticket_code);
  const venue = b.organization ?? s.venue.value;
  const file = venue
    ? ticketFileStem(venue.name, r.slot)
    : `ticket-${r.ticket_code.slice(0, 4)}`;
  return (
    <section class="panel done" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        {t("portal.done.title")}
      </h2>
      <VisitLead slot={r.slot} />
      {venue && (
        <p class="done-venue">
          {addressLines(venue.address).length > 0
            ? rich(t, "portal.done.atAddress", {
              venue: <strong>{venue.name}</strong>,
            }, { address: addressLines(venue.address).join(", ") })
            : rich(t, "portal.done.at", {
              venue: <strong>{venue.name}</strong>,
            })}
        </p>
      )}
      <div class="done-layout">
        <TicketQr svgUrl={b.qr.svg_url} code={code} />
        <div>
          <p>
            {rich(t, "portal.done.show", {
              email: <strong>{r.customer_email}</strong>,
            }, { date: t.longDate(r.slot.date) })}
          </p>
          <ul class="actions">
            {b.ticket_url && (
              <li>
                <a class="button primary" href={b.ticket_url}>
                  {t("portal.done.print")}
                </a>
              </li>
            )}
            <li>
              <a
                class="button"
                href={ticketPngUrl(b.qr.png_url)}
                download={`${file}.png`}
              >
                {t("portal.done.downloadPng")}
              </a>
            </li>
            <li>
              <a class="button" href={b.qr.svg_url} download={`${file}.svg`}>
                {t("portal.done.downloadSvg")}
              </a>
            </li>
            <li>
              <a class="button" href={b.calendar_url}>
                {t("portal.addToCalendar")}
              </a>
            </li>
            {b.manage_token && (
              <li>
                <a
                  class="button"
                  href={`/reserve/manage?token=${
                    encodeURIComponent(b.manage_token)
                  }`}
                >
                  {t("portal.done.manage")}
                </a>
              </li>
            )}
          </ul>
          <h3>{t("portal.done.groupTitle")}</h3>
          <p>{t("portal.done.groupText")}</p>
          <p>
            {rich(t, "portal.done.several", {
              link: <a href="/reserve/group">{t("portal.done.severalLink")}</a>,
            })}
          </p>
          <a
            class="button primary"
            href={inLanguage("/reserve", t.locale)}
            onClick={(e) => {
              e.preventDefault();
              s.reserveAnother();
            }}
          >
            {t("portal.done.another")}
          </a>
        </div>
      </div>
    </section>
  );
}
