/**
 * The waitlist's mails (db/waitlist_offers.ts queues them): an offer with
 * its claim link, a hold that ran out, an entry dropped. The facts are
 * kept with the outbox row; the text comes from the catalogue in the
 * entry's language, else the venue's.
 */
import type { SendMailOptions } from "nodemailer";
import type { Config } from "../config.ts";
import type { WaitlistMailFacts } from "../../db/waitlist_offers.ts";
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

/** The claim page's URL for `token`. */
export function claimUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, "")}/reserve/claim?token=${
    encodeURIComponent(token)
  }`;
}

/**
 * The waitlist mail of `kind` for outbox row `mail.id`, or null for a kind
 * (or an offer without its token) it cannot compose.
 */
export function composeWaitlistMail(
  deps: { config: Pick<Config, "publicUrl" | "mailFrom"> },
  kind: string,
  mail: { id: string; to: string; facts: WaitlistMailFacts },
): SendMailOptions | null {
  const f = mail.facts;
  const t = mailTranslator(f);
  const when = visitTime(t, f);
  const venue = { venue: f.org_name };
  let subject: string;
  let lines: string[];
  let link: string | null = null;
  if (kind === "waitlist.offer") {
    if (!f.token || !f.expires_at) return null;
    link = claimUrl(deps.config.publicUrl, f.token);
    const until = new Intl.DateTimeFormat("en-GB", {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: f.timezone,
    }).format(new Date(f.expires_at));
    subject = t("mail.waitlist.offer", venue);
    lines = [t("mail.waitlist.offerBody", { count: f.places, until })];
  } else if (kind === "waitlist.expired") {
    subject = t("mail.waitlist.expired", venue);
    lines = [t("mail.waitlist.expiredBody")];
  } else if (kind === "waitlist.dropped") {
    subject = t("mail.waitlist.dropped", venue);
    lines = [t("mail.waitlist.droppedBody")];
  } else {
    return null;
  }
  const [dateLine, timeLine, ...venueLines] = visitTextLines(t, when, f);
  return {
    from: venueSender(deps.config.mailFrom, f.org_name),
    to: mail.to,
    subject: subjectWhen(t, subject, when),
    messageId: `<waitlist-${f.entry_id}.${mail.id}@${
      hostOf(deps.config.publicUrl)
    }>`,
    text: [
      subject,
      "",
      dateLine,
      timeLine,
      ...venueLines,
      "",
      ...lines,
      ...(link ? ["", t("mail.waitlist.claimLine", { url: link })] : []),
    ].join("\n"),
    html: `<!doctype html>
<html>${MAIL_HEAD}<body style="font-family: system-ui, sans-serif; color: #111;">
<h1 style="font-size: 1.3em;">${e(subject)}</h1>
<p>${e(dateLine)}<br>${e(timeLine)}</p>
<table style="border-collapse: collapse;">
${venueHtmlRows(t, f.org_name, f.org_address)}
</table>
${lines.map((l) => `<p>${e(l)}</p>`).join("\n")}
${link ? `<p><a href="${e(link)}">${e(t("mail.waitlist.claim"))}</a></p>` : ""}
</body></html>`,
  };
}
