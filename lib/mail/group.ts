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
  MAIL_HEAD,
  venueHtmlRows,
  venueSender,
  venueTextLines,
} from "./layout.ts";
import { manageLinkOf } from "./manage_link.ts";

/** What the two mails say differently. */
const WORDING = {
  confirmation: {
    subject: "Your visit to",
    headline: (n: number) => `${n} tickets are reserved`,
  },
  reminder: {
    subject: "Reminder: your visit to",
    headline: (n: number) =>
      n === 1 ? "see you soon" : `see you soon with ${n} tickets`,
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
  const words = WORDING[variant];
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
  const ics = calendarFile({
    reservationId: f.reservation_id,
    ticketCode: f.ticket_code,
    starts: f.starts,
    ends: f.ends,
    orgName: f.org_name,
    address: f.org_address,
    link: own.png_url,
    sequence: f.version - 1,
  });
  const when = visitTime(f);
  const headline = `Your visit to ${f.org_name}: ${
    words.headline(listed.length)
  }`;
  const e = (s: string) =>
    s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const text = [
    `${headline}.`,
    "",
    `Date: ${when.date}`,
    `Time: ${when.time}`,
    ...venueTextLines(f.org_name, f.org_address),
    "",
    "Each person shows their own QR code at the entrance:",
    ...listed.flatMap((t, i) => [
      `${i + 1}. Ticket ${t.code}: ${t.qrUrl}`,
      ...(t.manage ? [`   Change or cancel it: ${t.manage}`] : []),
    ]),
    "",
    `Add the visit to your calendar: ${own.calendar_url}`,
  ].join("\n");
  const html = `<!doctype html>
<html>${MAIL_HEAD}<body style="font-family: system-ui, sans-serif; color: #111;">
<h1 style="font-size: 1.3em;">${e(headline)}</h1>
<p><strong>${e(when.date)}</strong>, ${e(when.time)}</p>
<table style="border-collapse: collapse;">
${venueHtmlRows(f.org_name, f.org_address)}
</table>
<p>Each person shows their own QR code at the entrance.</p>
${
    listed.map((t, i) =>
      `<h2 style="font-size: 1.1em;">Ticket ${i + 1}: <code>${
        e(t.code)
      }</code></h2>
<p><img src="cid:${t.cid}" width="240" height="240" alt="QR code of ticket ${
        e(t.code)
      }"><br><a href="${e(t.qrUrl)}">Show this QR code again</a>${
        t.manage
          ? `<br><a href="${e(t.manage)}">Change or cancel this booking</a>`
          : ""
      }</p>`
    ).join("\n")
  }
<p style="color: #555;">The attached calendar file adds the visit to your calendar
(<a href="${e(own.calendar_url)}">download it again</a>).</p>
</body></html>`;
  let host = "localhost";
  try {
    host = new URL(deps.config.publicUrl).hostname || host;
  } catch { /* keep localhost */ }
  return {
    from: venueSender(deps.config.mailFrom, f.org_name),
    to: mail.to,
    subject: `${words.subject} ${f.org_name}: ${when.date}, ${when.time}`,
    messageId: `<reservation-${f.reservation_id}.${mail.id}@${host}>`,
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
