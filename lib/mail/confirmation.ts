/**
 * The reservation confirmation mail: text and HTML, the QR code inline and
 * attached (PNG), and the visit as an .ics file.
 */
import QRCode from "qrcode";
import type { SendMailOptions } from "nodemailer";
import type { Config } from "../config.ts";
import type { ConfirmationFacts } from "../../db/outbox.ts";
import { calendarFile } from "../calendar_file.ts";
import { qrPayload } from "../qr_images.ts";
import type { ReservationLinks } from "../reservation_links.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import {
  MAIL_HEAD,
  venueHtmlRows,
  venueSender,
  venueTextLines,
} from "./layout.ts";
import { manageLinkOf } from "./manage_link.ts";

/** Content-ID of the inline QR image. */
export const QR_CID = "ticket-qr@timed-entry";

/**
 * The confirmation of outbox row `mail.id` to `mail.to`, built from the facts
 * its claim read (see `claimDueMail`): no database access.
 */
export async function composeConfirmation(
  deps: {
    config: Pick<Config, "publicUrl" | "mailFrom">;
    links: ReservationLinks;
  },
  mail: { id: string; to: string; facts: ConfirmationFacts },
  variant: "confirmation" | "moved" = "confirmation",
): Promise<SendMailOptions> {
  const { facts } = mail;
  const words = WORDING[variant];
  // Signed URLs of this version: a link in a mail never carries the code.
  const urls = deps.links.urls(
    { id: facts.reservation_id, version: facts.version },
    deps.config.publicUrl,
  );
  const png = await QRCode.toBuffer(
    qrPayload(facts.ticket_code, facts.signed_payload),
    {
      type: "png",
      errorCorrectionLevel: "M",
      margin: 2,
      // About 8 px a module for a plain code, 4–5 for a signed payload
      // (QR version 8): either decodes from a phone, with a third of the
      // pixels of 360 px. One PNG filter (Up) instead of pngjs trying all five per row.
      // Together ~1.4 ms a code instead of ~15 ms; it decodes the same.
      width: 240,
      rendererOpts: { filterType: 2 },
    },
  );
  const ics = calendarFile({
    reservationId: facts.reservation_id,
    ticketCode: facts.ticket_code,
    starts: facts.starts,
    ends: facts.ends,
    orgName: facts.org_name,
    address: facts.org_address,
    reminderHoursBefore: facts.reminder_hours_before,
    link: urls.png_url,
    sequence: facts.version - 1,
  });
  const links = {
    qr: urls.png_url,
    calendar: urls.calendar_url,
    manage: await manageLinkOf(
      { links: deps.links, publicUrl: deps.config.publicUrl },
      facts,
    ),
  };
  const when = visitTime(facts);
  const code = formatTicketCode(facts.ticket_code);
  const short = facts.ticket_code.slice(0, 4);
  return {
    from: venueSender(deps.config.mailFrom, facts.org_name),
    to: mail.to,
    subject: `${words.subject} ${facts.org_name}: ${when.date}, ${when.time}`,
    // Stable per outbox row: a receiver can drop a repeat after a lost reply.
    messageId: `<reservation-${facts.reservation_id}.${mail.id}@${
      hostOf(deps.config.publicUrl)
    }>`,
    text: confirmationText(facts, { when, code, links, words }),
    html: confirmationHtml(facts, { when, code, links, words }),
    attachments: [
      {
        filename: `ticket-${short}.png`,
        content: png,
        contentType: "image/png",
        cid: QR_CID,
        contentDisposition: "inline",
      },
      {
        filename: `ticket-${short}-qr.png`,
        content: png,
        contentType: "image/png",
      },
      {
        filename: `visit-${facts.date}.ics`,
        content: ics,
        contentType: "text/calendar; charset=utf-8; method=PUBLISH",
      },
    ],
  };
}

/** The slot's date and times as the venue's clock reads them. */
export function visitTime(
  f: Pick<ConfirmationFacts, "date" | "start_time" | "end_time" | "timezone">,
): { date: string; time: string } {
  // The date is a wall-clock date: format it at noon UTC so no zone shifts it.
  const day = new Date(`${f.date}T12:00:00Z`);
  const date = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(day);
  return { date, time: `${f.start_time}–${f.end_time} (${f.timezone})` };
}

/** What the confirmation and the "moved" mail say differently. */
const WORDING = {
  confirmation: { subject: "Your visit to", headline: "is reserved" },
  moved: { subject: "Your visit has moved:", headline: "has moved" },
};

interface Parts {
  words: { headline: string };
  when: { date: string; time: string };
  code: string;
  /** The signed QR image and calendar file URLs, and the manage page's. */
  links: { qr: string; calendar: string; manage: string | null };
}

function confirmationText(f: ConfirmationFacts, p: Parts): string {
  return [
    `Your visit to ${f.org_name} ${p.words.headline}.`,
    "",
    `Date: ${p.when.date}`,
    `Time: ${p.when.time}`,
    `Ticket: ${p.code}`,
    ...venueTextLines(f.org_name, f.org_address),
    "",
    "Show the attached QR code at the entrance. Entry is on this date only,",
    "any time before the slot ends.",
    "",
    `Show your QR code again: ${p.links.qr}`,
    "",
    "The attached calendar file adds the visit to your calendar",
    `(also here: ${p.links.calendar}).`,
    ...(p.links.manage
      ? ["", `Change or cancel your booking: ${p.links.manage}`]
      : []),
  ].join("\n");
}

function confirmationHtml(f: ConfirmationFacts, p: Parts): string {
  const e = escapeHtml;
  return `<!doctype html>
<html>${MAIL_HEAD}<body style="font-family: system-ui, sans-serif; color: #111;">
<h1 style="font-size: 1.3em;">Your visit to ${e(f.org_name)} ${
    e(p.words.headline)
  }</h1>
<table style="border-collapse: collapse;">
<tr><th align="left" style="padding-right: 1em;">Date</th><td>${
    e(p.when.date)
  }</td></tr>
<tr><th align="left" style="padding-right: 1em;">Time</th><td>${
    e(p.when.time)
  }</td></tr>
<tr><th align="left" style="padding-right: 1em;">Ticket</th><td><code>${
    e(p.code)
  }</code></td></tr>
${venueHtmlRows(f.org_name, f.org_address)}
</table>
<p>Show this QR code at the entrance. Entry is on this date only, any time
before the slot ends.</p>
<p><img src="cid:${QR_CID}" width="240" height="240" alt="QR code of ticket ${
    e(p.code)
  }"></p>
<p><a href="${e(p.links.qr)}">Show your QR code again</a></p>
<p style="color: #555;">The attached calendar file adds the visit to your calendar
(<a href="${e(p.links.calendar)}">download it again</a>).</p>
${
    p.links.manage
      ? `<p><a href="${
        e(p.links.manage)
      }">Change or cancel your booking</a></p>\n`
      : ""
  }</body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || "localhost";
  } catch {
    return "localhost";
  }
}
