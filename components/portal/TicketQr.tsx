/**
 * What every "booked" page shows the same way (the portal's done steps and
 * the booking page): the visit's date and time as the lead line, and a
 * ticket's QR code with its code beneath.
 */
import type { ComponentChildren } from "preact";
import { useT } from "../i18n.tsx";
import { rich } from "./rich.tsx";

/** The visit's date and time, the page's lead line. */
export function VisitLead(
  props: {
    slot: { date: string; start_time: string; end_time: string };
    /** Said before the date (e.g. how many tickets). */
    children?: ComponentChildren;
  },
) {
  const t = useT();
  const { slot } = props;
  return (
    <p class="lead">
      {props.children}
      {rich(t, "portal.visit.when", {
        time: (
          <span class="nowrap">
            {t.timeRange(slot.start_time, slot.end_time)}
          </span>
        ),
      }, { date: t.longDate(slot.date) })}
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
    /** What precedes the code in the caption; default "Ticket" (translated). */
    label?: string;
  },
) {
  const t = useT();
  const size = props.size ?? 240;
  return (
    <figure class="qr">
      <img
        src={props.svgUrl}
        width={size}
        height={size}
        alt={t("portal.qr.alt", { code: props.code })}
      />
      <figcaption>
        {props.label ?? t("portal.qr.label")}{" "}
        <span class="code">{props.code}</span>
      </figcaption>
    </figure>
  );
}
