/**
 * The cancellation mail: the venue cancelled the visit (text and HTML, no
 * QR code or calendar file: its links answer 404 from now on).
 */
import type { SendMailOptions } from "nodemailer";
import type { Config } from "../config.ts";
import type { ConfirmationFacts } from "../../db/outbox.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { visitTime } from "./confirmation.ts";
import {
  MAIL_HEAD,
  venueHtmlRows,
  venueSender,
  venueTextLines,
} from "./layout.ts";

/** The cancellation of outbox row `mail.id`, from its claimed facts. */
export function composeCancellation(
  deps: { config: Pick<Config, "publicUrl" | "mailFrom"> },
  mail: { id: string; to: string; facts: ConfirmationFacts },
): SendMailOptions {
  const f = mail.facts;
  const when = visitTime(f);
  const code = formatTicketCode(f.ticket_code);
  const e = (s: string) =>
    s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // Customers cancel through the manage page too.
  const by = f.cancelled_by === "customer" ? "" : " by the venue";
  let host = "localhost";
  try {
    host = new URL(deps.config.publicUrl).hostname || host;
  } catch { /* keep localhost */ }
  return {
    from: venueSender(deps.config.mailFrom, f.org_name),
    to: mail.to,
    subject:
      `Your visit to ${f.org_name} is cancelled: ${when.date}, ${when.time}`,
    messageId: `<reservation-${f.reservation_id}.${mail.id}@${host}>`,
    text: [
      `Your visit to ${f.org_name} has been cancelled${by}.`,
      "",
      `Date: ${when.date}`,
      `Time: ${when.time}`,
      `Ticket: ${code}`,
      ...venueTextLines(f.org_name, f.org_address),
      "",
      "Your ticket is valid again: you may book another time with it.",
      `Book another time: ${deps.config.publicUrl}/reserve`,
    ].join("\n"),
    html: `<!doctype html>
<html>${MAIL_HEAD}<body style="font-family: system-ui, sans-serif; color: #111;">
<h1 style="font-size: 1.3em;">Your visit to ${
      e(f.org_name)
    } has been cancelled</h1>
<table style="border-collapse: collapse;">
<tr><th align="left" style="padding-right: 1em;">Date</th><td>${
      e(when.date)
    }</td></tr>
<tr><th align="left" style="padding-right: 1em;">Time</th><td>${
      e(when.time)
    }</td></tr>
<tr><th align="left" style="padding-right: 1em;">Ticket</th><td><code>${
      e(code)
    }</code></td></tr>
${venueHtmlRows(f.org_name, f.org_address)}
</table>
<p>Your ticket is valid again: you may book another time with it.</p>
<p><a href="${e(deps.config.publicUrl)}/reserve">Book another time</a></p>
</body></html>`,
  };
}
