/**
 * What every "booked" page shows the same way (the portal's done steps and
 * the booking page): the visit's date and time as the lead line, and a
 * ticket's QR code with its code beneath.
 */
import type { ComponentChildren } from "preact";
import { longDate, timeRange } from "./format.ts";

/** The visit's date and time, the page's lead line. */
export function VisitLead(
  props: {
    slot: { date: string; start_time: string; end_time: string };
    /** Said before the date (e.g. how many tickets). */
    children?: ComponentChildren;
  },
) {
  const { slot } = props;
  return (
    <p class="lead">
      {props.children}
      {longDate(slot.date)},{" "}
      <span class="nowrap">{timeRange(slot.start_time, slot.end_time)}</span>
    </p>
  );
}

/** A ticket's QR code, captioned with its (formatted) code. */
export function TicketQr(
  props: {
    svgUrl: string;
    /** The ticket code as shown (formatTicketCode). */
    code: string;
    /** Width and height in pixels; default 240. */
    size?: number;
    /** What precedes the code in the caption; default "Ticket". */
    label?: string;
  },
) {
  const size = props.size ?? 240;
  return (
    <figure class="qr">
      <img
        src={props.svgUrl}
        width={size}
        height={size}
        alt={`QR code for ticket ${props.code}`}
      />
      <figcaption>
        {props.label ?? "Ticket"} <span class="code">{props.code}</span>
      </figcaption>
    </figure>
  );
}
