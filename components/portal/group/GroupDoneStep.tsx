import { formatTicketCode } from "../../../domain/ticket_code.ts";
import { longDate, timeRange } from "../format.ts";
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
      <p class="lead">
        {g.reservations.length} tickets, {longDate(first.slot.date)},{" "}
        <span class="nowrap">
          {timeRange(first.slot.start_time, first.slot.end_time)}
        </span>
      </p>
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
              <figure class="qr">
                <img
                  src={b.qr.svg_url}
                  width={200}
                  height={200}
                  alt={`QR code for ticket ${code}`}
                />
                <figcaption>
                  Ticket {i + 1}: <span class="code">{code}</span>
                </figcaption>
              </figure>
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
