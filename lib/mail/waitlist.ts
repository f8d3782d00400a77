/**
 * The waitlist's mails (db/waitlist_offers.ts queues them): an offer with
 * its claim link, a hold that ran out, an entry dropped. What they say is
 * kept with the outbox row, in the entry's locale.
 */
import type { SendMailOptions } from "nodemailer";
import type { Config } from "../config.ts";
import type { WaitlistMailFacts } from "../../db/waitlist_offers.ts";
import { visitTime } from "./confirmation.ts";
import {
  MAIL_HEAD,
  venueHtmlRows,
  venueSender,
  venueTextLines,
} from "./layout.ts";

type Locale = "en" | "de" | "fr" | "es";

interface Wording {
  offer: (org: string) => string;
  offerBody: (n: number, until: string) => string;
  claim: string;
  expired: (org: string) => string;
  expiredBody: string;
  dropped: (org: string) => string;
  droppedBody: string;
  date: string;
  time: string;
}

const WORDING: Record<Locale, Wording> = {
  en: {
    offer: (o) => `Places are free at ${o}: book them now`,
    offerBody: (n, u) =>
      `${n} place${n === 1 ? " is" : "s are"} held for you until ${u}.`,
    claim: "Book my places",
    expired: (o) => `Your held places at ${o} have been released`,
    expiredBody:
      "The time to book them has passed, so they went to the next people waiting.",
    dropped: (o) => `You are no longer on the waitlist of ${o}`,
    droppedBody:
      "No places could be held for you for this time. Your tickets stay valid: you may book another time.",
    date: "Date",
    time: "Time",
  },
  de: {
    offer: (o) => `Plätze frei bei ${o}: jetzt buchen`,
    offerBody: (n, u) =>
      `${n} ${
        n === 1 ? "Platz ist" : "Plätze sind"
      } bis ${u} für Sie reserviert.`,
    claim: "Plätze buchen",
    expired: (o) => `Ihre reservierten Plätze bei ${o} wurden freigegeben`,
    expiredBody:
      "Die Frist ist abgelaufen; die Plätze gingen an die nächsten Wartenden.",
    dropped: (o) => `Sie stehen nicht mehr auf der Warteliste von ${o}`,
    droppedBody:
      "Für diese Zeit konnten keine Plätze für Sie reserviert werden. Ihre Tickets bleiben gültig.",
    date: "Datum",
    time: "Zeit",
  },
  fr: {
    offer: (o) => `Des places se libèrent chez ${o} : réservez-les`,
    offerBody: (n, u) =>
      `${n} place${
        n === 1 ? " vous est réservée" : "s vous sont réservées"
      } jusqu'à ${u}.`,
    claim: "Réserver mes places",
    expired: (o) => `Vos places chez ${o} ont été libérées`,
    expiredBody:
      "Le délai est passé : les places sont allées aux personnes suivantes.",
    dropped: (o) => `Vous n'êtes plus sur la liste d'attente de ${o}`,
    droppedBody:
      "Aucune place n'a pu vous être réservée pour ce créneau. Vos billets restent valables.",
    date: "Date",
    time: "Heure",
  },
  es: {
    offer: (o) => `Hay plazas libres en ${o}: resérvelas ahora`,
    offerBody: (n, u) =>
      `${n} plaza${
        n === 1 ? " está reservada" : "s están reservadas"
      } para usted hasta las ${u}.`,
    claim: "Reservar mis plazas",
    expired: (o) => `Sus plazas en ${o} se han liberado`,
    expiredBody:
      "El plazo ha terminado: las plazas pasaron a las siguientes personas.",
    dropped: (o) => `Ya no está en la lista de espera de ${o}`,
    droppedBody:
      "No se pudieron reservar plazas para este horario. Sus entradas siguen siendo válidas.",
    date: "Fecha",
    time: "Hora",
  },
};

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
  const w = WORDING[(f.locale ?? "en") as Locale] ?? WORDING.en;
  const when = visitTime(f);
  const e = (s: string) =>
    s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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
    subject = w.offer(f.org_name);
    lines = [w.offerBody(f.places, until)];
  } else if (kind === "waitlist.expired") {
    subject = w.expired(f.org_name);
    lines = [w.expiredBody];
  } else if (kind === "waitlist.dropped") {
    subject = w.dropped(f.org_name);
    lines = [w.droppedBody];
  } else {
    return null;
  }
  let host = "localhost";
  try {
    host = new URL(deps.config.publicUrl).hostname || host;
  } catch { /* keep localhost */ }
  return {
    from: venueSender(deps.config.mailFrom, f.org_name),
    to: mail.to,
    subject: `${subject}: ${when.date}, ${when.time}`,
    messageId: `<waitlist-${f.entry_id}.${mail.id}@${host}>`,
    text: [
      subject,
      "",
      `${w.date}: ${when.date}`,
      `${w.time}: ${when.time}`,
      ...venueTextLines(f.org_name, f.org_address),
      "",
      ...lines,
      ...(link ? ["", `${w.claim}: ${link}`] : []),
    ].join("\n"),
    html: `<!doctype html>
<html>${MAIL_HEAD}<body style="font-family: system-ui, sans-serif; color: #111;">
<h1 style="font-size: 1.3em;">${e(subject)}</h1>
<p>${e(w.date)}: ${e(when.date)}<br>${e(w.time)}: ${e(when.time)}</p>
<table style="border-collapse: collapse;">
${venueHtmlRows(f.org_name, f.org_address)}
</table>
${lines.map((l) => `<p>${e(l)}</p>`).join("\n")}
${link ? `<p><a href="${e(link)}">${e(w.claim)}</a></p>` : ""}
</body></html>`,
  };
}
