import { formatTicketCode } from "../../../domain/ticket_code.ts";
import { TicketQr, VisitLead } from "../TicketQr.tsx";
import type { GroupState } from "../group_state.ts";

/** The group is booked: every ticket's QR code, and the calendar file. */
export function GroupDoneStep(props: { s: GroupState }) {
  const g = props.s.group.value;
  if (!g || g.reservations.length === 0) return null;
  const first = g.reservations[0].reservation;
  return (
    <section class="panel done" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        You're booked!
      </h2>
      <VisitLead slot={first.slot}>
        {g.reservations.length} tickets,{" "}
      </VisitLead>
      <p>
        Each person shows their own QR code at the entrance. One email with
        every code is on its way to <strong>{first.customer_email}</strong>.
      </p>
      <p>
        <a class="button" href={g.reservations[0].calendar_url}>
          Add to calendar
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
                label={`Ticket ${i + 1}:`}
              />
              <a
                class="link"
                href={b.qr.png_url}
                download={`ticket-${b.reservation.ticket_code.slice(0, 4)}.png`}
              >
                Download<span class="sr-only">{` QR code of ${code}`}</span>
                {" "}
                (PNG)
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
