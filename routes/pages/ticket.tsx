/**
 * `/reserve/ticket?id=&t=&v=`: the printable ticket (QR, date, time, venue,
 * code in groups of four), opened by the same signed token as the QR and
 * calendar links; and `/reserve/accent.css?c=RRGGBB`, a venue's accent.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { VenueHeader } from "../../components/portal/VenueHeader.tsx";
import { I18nProvider } from "../../components/i18n.tsx";
import { inLanguage, PageTop } from "../../components/LanguageSwitcher.tsx";
import { pageLanguage } from "../../lib/page_language.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { openSignedReservation } from "../../lib/signed_reservation.ts";
import { accentCss } from "../../lib/accent_css.ts";
import { assetUrl } from "../../lib/assets.ts";
import { publicOrganization } from "../../lib/public_organization.ts";
import { ticketFileName, ticketPngUrl } from "../../lib/ticket_page.ts";

/** Each colour's sheet never changes. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/** The ticket page and the accent stylesheet, under `/reserve`. */
export function ticketPageRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/accent.css", (c) => {
    const hex = c.req.query("c") ?? "";
    const css = /^[0-9a-fA-F]{6}$/.test(hex) ? accentCss(hex) : null;
    if (!css) {
      return c.body("/* no such colour */", 404, cssHeaders("no-store"));
    }
    return c.body(css, 200, cssHeaders(IMMUTABLE));
  });

  app.get("/ticket", async (c) => {
    const r = await openSignedReservation(deps, c, c.req.query("id"));
    const org = r ? await deps.orgs.get(r.orq) : null;
    if (!r || !org) return invalidLink(c);
    const urls = deps.links.urls(r);
    const venue = publicOrganization(org);
    const code = formatTicketCode(r.ticket_code);
    const { t } = pageLanguage(c, ["ticket"], venue.locale);
    return renderPage(
      c,
      {
        title: t("ticket.title", { venue: venue.name }),
        kind: "portal",
        lang: t.locale,
      },
      <I18nProvider t={t}>
        <PageTop t={t} url={c.req.url} />
        <article class="ticket-page">
          <link rel="stylesheet" href={assetUrl("ticket.css")} />
          <VenueHeader venue={venue} />
          <h1>{t("ticket.h1")}</h1>
          <div class="ticket-card">
            <img
              class="ticket-qr"
              src={urls.svg_url}
              width={240}
              height={240}
              alt={t("ticket.qrAlt", { code })}
            />
            <dl class="summary ticket-facts">
              <div>
                <dt>{t("ticket.date")}</dt>
                <dd>{t.longDate(r.slot.date)}</dd>
              </div>
              <div>
                <dt>{t("ticket.time")}</dt>
                <dd>{t.timeRange(r.slot.start_time, r.slot.end_time)}</dd>
              </div>
              <div>
                <dt>{t("ticket.ticket")}</dt>
                <dd class="code ticket-code">{code}</dd>
              </div>
              <div>
                <dt>{t("ticket.venue")}</dt>
                <dd>
                  {venue.name}
                  {venue.address && (
                    <span class="ticket-address">
                      {venue.address.split("\n").map((line, i) => (
                        <span key={i} class="venue-line">{line}</span>
                      ))}
                    </span>
                  )}
                </dd>
              </div>
            </dl>
          </div>
          <p class="ticket-note">
            {t("ticket.note")}
          </p>
          <ul class="actions ticket-actions">
            <li>
              <button type="button" class="button primary" data-print hidden>
                {t("ticket.print")}
              </button>
            </li>
            <li>
              <a
                class="button"
                href={ticketPngUrl(urls.png_url)}
                download={ticketFileName(venue.name, r.slot)}
              >
                {t("ticket.download")}
              </a>
            </li>
            <li>
              <a class="button" href={inLanguage("/reserve", t.locale)}>
                {t("ticket.another")}
              </a>
            </li>
          </ul>
          <script src={assetUrl("print_button.js")} defer></script>
        </article>
      </I18nProvider>,
    );
  });

  return app;
}

function cssHeaders(cache: string): Record<string, string> {
  return { "content-type": "text/css; charset=utf-8", "cache-control": cache };
}

/** A link that opens nothing: the HTML 404 page, saying why. */
function invalidLink(c: Context<ApiEnv>): Response {
  const { t } = pageLanguage(c, ["ticket"]);
  return renderPage(
    c,
    {
      title: t("ticket.notFound.title"),
      kind: "portal",
      status: 404,
      lang: t.locale,
    },
    <>
      <PageTop t={t} url={c.req.url} />
      <h1>{t("ticket.notFound.h1")}</h1>
      <section class="panel">
        <p>{t("ticket.notFound.text")}</p>
        <p>
          <a class="button primary" href={inLanguage("/reserve", t.locale)}>
            {t("ticket.notFound.find")}
          </a>
        </p>
      </section>
    </>,
  );
}
