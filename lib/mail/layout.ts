/**
 * What every customer mail shares: the venue as the sender's display name
 * (the address stays MAIL_FROM's), the venue's name and address in the
 * body, and an HTML head that phones render at their own width.
 */
import type { Translator } from "../../domain/translator.ts";

/** A sender as nodemailer takes it (it encodes the name as needed). */
export interface Sender {
  name: string;
  address: string;
}

/** The HTML head of every mail: charset and the phone viewport. */
export const MAIL_HEAD = '<head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1">' +
  "</head>";

/** The bare address of a `MAIL_FROM` such as `Timed entry <no-reply@x>`. */
export function senderAddress(mailFrom: string): string {
  const angled = /<([^<>]+)>\s*$/.exec(mailFrom);
  return (angled ? angled[1] : mailFrom).trim();
}

/** The sender: the venue's name over MAIL_FROM's address. */
export function venueSender(mailFrom: string, venue: string): Sender {
  // Line breaks in a display name would break the header: one line.
  const name = venue.replace(/[\r\n]+/g, " ").trim();
  return { name: name || "Timed entry", address: senderAddress(mailFrom) };
}

/** An address's lines (it may hold newlines), empty ones dropped. */
function lines(address: string | null | undefined): string[] {
  return (address ?? "").split("\n").map((l) => l.trim()).filter(Boolean);
}

/** `Venue: …` and `Address: …` lines for a text body, in `t`'s language. */
export function venueTextLines(
  t: Translator,
  venue: string,
  address: string | null | undefined,
): string[] {
  const where = lines(address);
  return [
    t("mail.line.venue", { venue }),
    ...(where.length
      ? [t("mail.line.address", { address: where.join(", ") })]
      : []),
  ];
}

/** Table rows naming the venue and its address, for an HTML body. */
export function venueHtmlRows(
  t: Translator,
  venue: string,
  address: string | null | undefined,
): string {
  const e = escapeHtml;
  const where = lines(address).map(e).join("<br>");
  return htmlRow(t("mail.label.venue"), e(venue)) +
    (where ? `\n${htmlRow(t("mail.label.address"), where)}` : "");
}

/** One label/value row of a mail's facts table (`value` already escaped). */
export function htmlRow(label: string, value: string): string {
  return `<tr><th align="left" style="padding-right: 1em;">${
    escapeHtml(label)
  }</th><td>${value}</td></tr>`;
}

/** The date, time and venue rows every mail about one visit shows. */
export function visitTextLines(
  t: Translator,
  when: { date: string; time: string },
  f: { org_name: string; org_address?: string | null },
  code?: string,
): string[] {
  return [
    t("mail.line.date", { date: when.date }),
    t("mail.line.time", { time: when.time }),
    ...(code === undefined ? [] : [t("mail.line.ticket", { code })]),
    ...venueTextLines(t, f.org_name, f.org_address),
  ];
}

/** The subject `<subject>: <date>, <time>`. */
export function subjectWhen(
  t: Translator,
  subject: string,
  when: { date: string; time: string },
): string {
  return t("mail.subject.when", { subject, ...when });
}

/** The message id's host: PUBLIC_URL's, else localhost. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname || "localhost";
  } catch {
    return "localhost";
  }
}

/** `s` safe inside HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
