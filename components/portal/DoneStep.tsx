import { formatTicketCode } from "../../domain/ticket_code.ts";
import { ticketFileStem, ticketPngUrl } from "../../lib/ticket_page.ts";
import { addressLines } from "./VenueHeader.tsx";
import { longDate } from "./format.ts";
import { TicketQr, VisitLead } from "./TicketQr.tsx";
import type { PortalState } from "./state.ts";

/** Step 5: the QR code, its downloads, the calendar file, and the next ticket. */
export function DoneStep(props: { s: PortalState }) {
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
        You're booked!
      </h2>
      <VisitLead slot={r.slot} />
      {venue && (
        <p class="done-venue">
          At <strong>{venue.name}</strong>
          {addressLines(venue.address).length > 0 &&
            `, ${addressLines(venue.address).join(", ")}`}
        </p>
      )}
      <div class="done-layout">
        <TicketQr svgUrl={b.qr.svg_url} code={code} />
        <div>
          <p>
            Show this QR code at the entrance on{" "}
            {longDate(r.slot.date)}. A confirmation email with the same code is
            on its way to <strong>{r.customer_email}</strong>.
          </p>
          <ul class="actions">
            {b.ticket_url && (
              <li>
                <a class="button primary" href={b.ticket_url}>Print ticket</a>
              </li>
            )}
            <li>
              <a
                class="button"
                href={ticketPngUrl(b.qr.png_url)}
                download={`${file}.png`}
              >
                Download ticket (PNG)
              </a>
            </li>
            <li>
              <a class="button" href={b.qr.svg_url} download={`${file}.svg`}>
                Download QR code (SVG)
              </a>
            </li>
            <li>
              <a class="button" href={b.calendar_url}>Add to calendar</a>
            </li>
            {b.manage_token && (
              <li>
                <a
                  class="button"
                  href={`/reserve/manage?token=${
                    encodeURIComponent(b.manage_token)
                  }`}
                >
                  Change or cancel this booking
                </a>
              </li>
            )}
          </ul>
          <h3>Booking for a group?</h3>
          <p>
            Book each ticket separately. We keep your contact details and this
            time, so the next one takes a moment.
          </p>
          <p>
            Several tickets still to book?{" "}
            <a href="/reserve/group">Book them all at once</a>.
          </p>
          <button
            type="button"
            class="button primary"
            onClick={() => s.reserveAnother()}
          >
            Reserve another ticket
          </button>
        </div>
      </div>
    </section>
  );
}
