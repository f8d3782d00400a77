/**
 * What every customer mail shares: the venue as the sender's display name
 * (the address stays MAIL_FROM's), the venue's name and address in the
 * body, and an HTML head that phones render at their own width.
 */

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

/** `Venue: …` and `Address: …` lines for a text body. */
export function venueTextLines(
  venue: string,
  address: string | null | undefined,
): string[] {
  const where = lines(address);
  return [
    `Venue: ${venue}`,
    ...(where.length ? [`Address: ${where.join(", ")}`] : []),
  ];
}

/** Table rows naming the venue and its address, for an HTML body. */
export function venueHtmlRows(
  venue: string,
  address: string | null | undefined,
): string {
  const e = escapeHtml;
  const where = lines(address).map(e).join("<br>");
  const th = '<th align="left" style="padding-right: 1em;">';
  return `<tr>${th}Venue</th><td>${e(venue)}</td></tr>` +
    (where ? `\n<tr>${th}Address</th><td>${where}</td></tr>` : "");
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
