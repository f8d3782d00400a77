/**
 * The cancellation mail: the venue cancelled the visit (text and HTML, no
 * QR code or calendar file: its links answer 404 from now on). In the
 * reservation's language, else the venue's.
 */
import type { SendMailOptions } from "nodemailer";
import type { Config } from "../config.ts";
import type { ConfirmationFacts } from "../../db/outbox.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { visitTime } from "./confirmation.ts";
import {
  escapeHtml as e,
  hostOf,
  htmlRow,
  MAIL_HEAD,
  subjectWhen,
  venueHtmlRows,
  venueSender,
  visitTextLines,
} from "./layout.ts";
import { mailTranslator } from "./language.ts";

/** The cancellation of outbox row `mail.id`, from its claimed facts. */
export function composeCancellation(
  deps: { config: Pick<Config, "publicUrl" | "mailFrom"> },
  mail: { id: string; to: string; facts: ConfirmationFacts },
): SendMailOptions {
  const f = mail.facts;
  const t = mailTranslator(f);
  const when = visitTime(t, f);
  const code = formatTicketCode(f.ticket_code);
  const venue = { venue: f.org_name };
  // Customers cancel through the manage page too.
  const headline = f.cancelled_by === "customer"
    ? t("mail.cancellation.headline", venue)
    : t("mail.cancellation.headlineByVenue", venue);
  const book = `${deps.config.publicUrl}/reserve`;
  return {
    from: venueSender(deps.config.mailFrom, f.org_name),
    to: mail.to,
    subject: subjectWhen(t, t("mail.cancellation.subject", venue), when),
    messageId: `<reservation-${f.reservation_id}.${mail.id}@${
      hostOf(deps.config.publicUrl)
    }>`,
    text: [
      `${headline}.`,
      "",
      ...visitTextLines(t, when, f, code),
      "",
      t("mail.cancellation.validAgain"),
      t("mail.cancellation.bookLine", { url: book }),
    ].join("\n"),
    html: `<!doctype html>
<html>${MAIL_HEAD}<body style="font-family: system-ui, sans-serif; color: #111;">
<h1 style="font-size: 1.3em;">${e(t("mail.cancellation.headline", venue))}</h1>
<table style="border-collapse: collapse;">
${htmlRow(t("mail.label.date"), e(when.date))}
${htmlRow(t("mail.label.time"), e(when.time))}
${htmlRow(t("mail.label.ticket"), `<code>${e(code)}</code>`)}
${venueHtmlRows(t, f.org_name, f.org_address)}
</table>
<p>${e(t("mail.cancellation.validAgain"))}</p>
<p><a href="${e(book)}">${e(t("mail.cancellation.bookLink"))}</a></p>
</body></html>`,
  };
}
