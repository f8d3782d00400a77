/**
 * Mails that list several tickets of one visit: a group's confirmation
 * (create-group) and the reminder (one per booking, a group's listing all
 * its tickets). Every ticket's QR code inline, and the visit as one .ics.
 */
import QRCode from "qrcode";
import type { SendMailOptions } from "nodemailer";
import type { Config } from "../config.ts";
import type { ConfirmationFacts } from "../../db/outbox.ts";
import { calendarFile } from "../calendar_file.ts";
import { qrPayload } from "../qr_images.ts";
import type { ReservationLinks } from "../reservation_links.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { visitTime } from "./confirmation.ts";
import {
  escapeHtml as e,
  hostOf,
  MAIL_HEAD,
  subjectWhen,
  venueHtmlRows,
  venueSender,
  visitTextLines,
} from "./layout.ts";
import { mailTranslator } from "./language.ts";
import { manageLinkOf } from "./manage_link.ts";

/** The catalogue keys of what the two mails say differently. */
const KEYS = {
  confirmation: {
    subject: "mail.group.subject",
    headline: "mail.group.headline",
  },
  reminder: {
    subject: "mail.reminder.subject",
    headline: "mail.reminder.headline",
  },
};

/** One listed ticket: its code, signed QR link and inline image. */
interface Listed {
  code: string;
  qrUrl: string;
  cid: string;
  /** The ticket's own manage page (its manage token), when known. */
  manage: string | null;
  png: Awaited<ReturnType<typeof QRCode.toBuffer>>;
}

/**
 * The mail of outbox row `mail.id` about `members` (at least the row's own
 * reservation), built from facts read by the claim: no database access.
 * In the row's reservation's language, else the venue's.
 */
export async function composeGroupMail(
  deps: {
    config: Pick<Config, "publicUrl" | "mailFrom">;
    links: ReservationLinks;
  },
  mail: {
    id: string;
    to: string;
    facts: ConfirmationFacts;
    members: ConfirmationFacts[];
  },
  variant: "confirmation" | "reminder",
): Promise<SendMailOptions> {
  const f = mail.facts;
  const members = mail.members.length > 0 ? mail.members : [f];
  const t = mailTranslator(f);
  const keys = KEYS[variant];
  const listed: Listed[] = await Promise.all(members.map(async (m, i) => ({
    code: formatTicketCode(m.ticket_code),
    qrUrl: deps.links.urls(
      { id: m.reservation_id, version: m.version },
      deps.config.publicUrl,
    ).png_url,
    cid: `ticket-qr-${i + 1}@timed-entry`,
    manage: await manageLinkOf(
      { links: deps.links, publicUrl: deps.config.publicUrl },
      m,
    ),
    png: await QRCode.toBuffer(qrPayload(m.ticket_code, m.signed_payload), {
      type: "png",
      errorCorrectionLevel: "M",
      margin: 2,
      width: 240,
      rendererOpts: { filterType: 2 },
    }),
  })));
  const own = deps.links.urls(
    { id: f.reservation_id, version: f.version },
    deps.config.publicUrl,
  );
  const ics = calendarFile(t, {
    reservationId: f.reservation_id,
    ticketCode: f.ticket_code,
    starts: f.starts,
    ends: f.ends,
    orgName: f.org_name,
    address: f.org_address,
    link: own.png_url,
    sequence: f.version - 1,
  });
  const when = visitTime(t, f);
  const headline = t(keys.headline, {
    venue: f.org_name,
    count: listed.length,
  });
  const text = [
    `${headline}.`,
    "",
    ...visitTextLines(t, when, f),
    "",
    t("mail.group.eachText"),
    ...listed.flatMap((l, i) => [
      t("mail.group.ticketLine", { number: i + 1, code: l.code, url: l.qrUrl }),
      ...(l.manage
        ? [`   ${t("mail.group.manageLine", { url: l.manage })}`]
        : []),
    ]),
    "",
    t("mail.group.calendarLine", { url: own.calendar_url }),
  ].join("\n");
  const html = `<!doctype html>
<html>${MAIL_HEAD}<body style="font-family: system-ui, sans-serif; color: #111;">
<h1 style="font-size: 1.3em;">${e(headline)}</h1>
<p><strong>${e(when.date)}</strong>, ${e(when.time)}</p>
<table style="border-collapse: collapse;">
${venueHtmlRows(t, f.org_name, f.org_address)}
</table>
<p>${e(t("mail.group.eachHtml"))}</p>
${
    listed.map((l, i) =>
      `<h2 style="font-size: 1.1em;">${
        e(t("mail.group.ticketHeading", { number: i + 1 }))
      } <code>${e(l.code)}</code></h2>
<p><img src="cid:${l.cid}" width="240" height="240" alt="${
        e(t("mail.qrAlt", { code: l.code }))
      }"><br><a href="${e(l.qrUrl)}">${e(t("mail.group.qrAgainLink"))}</a>${
        l.manage
          ? `<br><a href="${e(l.manage)}">${e(t("mail.group.manageLink"))}</a>`
          : ""
      }</p>`
    ).join("\n")
  }
<p style="color: #555;">${e(t("mail.calendarNote"))}
(<a href="${e(own.calendar_url)}">${
    e(t("mail.calendarDownloadAgain"))
  }</a>).</p>
</body></html>`;
  return {
    from: venueSender(deps.config.mailFrom, f.org_name),
    to: mail.to,
    subject: subjectWhen(t, t(keys.subject, { venue: f.org_name }), when),
    messageId: `<reservation-${f.reservation_id}.${mail.id}@${
      hostOf(deps.config.publicUrl)
    }>`,
    text,
    html,
    attachments: [
      ...listed.map((t) => ({
        filename: `ticket-${t.code.slice(0, 4)}.png`,
        content: t.png,
        contentType: "image/png",
        cid: t.cid,
        contentDisposition: "inline" as const,
      })),
      {
        filename: `visit-${f.date}.ics`,
        content: ics,
        contentType: "text/calendar; charset=utf-8; method=PUBLISH",
      },
    ],
  };
}
