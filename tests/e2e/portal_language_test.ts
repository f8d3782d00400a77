/// <reference lib="dom" />
/**
 * The booking portal in the customer's language: German from the browser's
 * Accept-Language, French from the switcher, and every step of every
 * language free of accessibility findings.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "playwright-core";
import { seedTickets } from "../helpers/api.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { LOCALES } from "../../domain/locale.ts";
import { assertAccessible, newContext, openPortal } from "./browser.ts";
import { portalTest, seedSeason } from "./fixtures.ts";
import { day } from "./portal_steps.ts";

/** Waits until the portal shows `step`. */
async function atStep(page: Page, step: string) {
  await page.waitForSelector(`.portal[data-step="${step}"]`);
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? "";
}

portalTest("the portal speaks German, then French", async (s, browser) => {
  await seedSeason(s.db);
  const [code] = await seedTickets(s.db, 1);
  const context = await newContext(browser, { locale: "de-DE" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // The booking's request, to see the language it asks the mails in.
  let created: Record<string, unknown> | null = null;
  page.on("request", (req) => {
    if (req.url().endsWith("/api/reservations/create")) {
      created = JSON.parse(req.postData() ?? "{}");
    }
  });

  await openPortal(page, s.url + "/reserve");
  assertEquals(await page.getAttribute("html", "lang"), "de");
  assertEquals(await page.title(), "Ticket · Reservieren Sie Ihren Besuch");
  assertEquals(await text(page, "h1"), "Reservieren Sie Ihren Besuch");
  assertEquals(await text(page, "#step-title"), "Ihr Ticket");
  assertEquals(await text(page, "label[for=ticket-code]"), "Ticketcode");
  assert((await text(page, ".progress")).includes("Datum & Uhrzeit"));

  // A malformed code is explained in German.
  await page.fill("#ticket-code", "12");
  await page.click("button[type=submit]");
  assertEquals(
    await text(page, "#ticket-code-error"),
    "Ein Ticketcode hat 20 Buchstaben und Ziffern, zum Beispiel 7K3Q-W9M2-XC4T-PA8R-1VNE.",
  );
  await page.fill("#ticket-code", code);
  await page.getByRole("button", { name: "Ticket prüfen" }).click();

  await atStep(page, "contact");
  assertEquals(await text(page, "#step-title"), "Ihre Kontaktdaten");
  assertEquals(
    await text(page, ".note.ok"),
    `Ticket ${formatTicketCode(code)} kann gebucht werden.`,
  );
  await page.waitForFunction(() =>
    document.title === "Kontakt · Reservieren Sie Ihren Besuch"
  );
  await page.fill("#email", "anna@");
  await page.fill("#phone", "+49 151 23456789");
  await page.getByRole("button", { name: "Weiter" }).click();
  assertEquals(
    await text(page, "#email-error"),
    "Geben Sie eine E-Mail-Adresse wie name@example.com ein.",
  );
  await page.fill("#email", "anna@example.org");
  await page.getByRole("button", { name: "Weiter" }).click();

  await atStep(page, "date");
  assertEquals(await text(page, "#step-title"), "Wählen Sie Datum und Uhrzeit");
  await day(page, "2026-11-27").waitFor();
  assertEquals(await text(page, "#calendar-month"), "November 2026");
  assertEquals(
    await page.locator(".calendar th").allTextContents(),
    ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."],
  );
  assert(
    (await day(page, "2026-11-28").textContent())!.includes("Wird voll"),
  );
  assert((await text(page, ".legend")).includes("Viel Platz"));
  assertEquals(
    await page.getAttribute(".month-nav >> nth=1", "aria-label"),
    "Nächster Monat",
  );
  await day(page, "2026-11-27").click();
  assertEquals(
    await text(page, ".slot-panel h3"),
    "Zeiten am Freitag, 27. November 2026",
  );
  const noon = page.locator(".slot", { hasText: "12:00–13:00" });
  assert((await noon.textContent())!.includes("200/200 frei"));
  await noon.click();

  await atStep(page, "confirm");
  assertEquals(await text(page, "#step-title"), "Prüfen und bestätigen");
  assert((await text(page, ".summary")).includes("Freitag, 27. November 2026"));
  await page.getByRole("button", { name: "Reservierung bestätigen" }).click();

  await atStep(page, "done");
  assertEquals(await text(page, "#step-title"), "Sie sind gebucht!");
  assertEquals(
    await text(page, ".lead"),
    "Freitag, 27. November 2026, 12:00–13:00",
  );
  assertEquals(
    await page.getAttribute(".qr img", "alt"),
    `QR-Code für Ticket ${formatTicketCode(code)}`,
  );
  assert((await text(page, "section.done")).includes("am Eingang"));
  assertEquals(created!.locale, "de");

  // The switcher's link: the page again, in French.
  await page.click(".languages a[hreflang=fr]");
  await page.waitForSelector("[data-island=ReservePortal][data-hydrated]");
  assertEquals(await page.getAttribute("html", "lang"), "fr");
  assertEquals(await text(page, "h1"), "Réservez votre visite");
  assertEquals(await text(page, "#step-title"), "Votre billet");
  assertEquals(await text(page, "label[for=ticket-code]"), "Code du billet");
  assertEquals(await page.title(), "Billet · Réservez votre visite");
  assertEquals(errors, []);
  await context.close();
});

/** Expected headings of each step, by language. */
const HEADINGS: Record<string, string[]> = {
  en: [
    "Your ticket",
    "Your contact details",
    "Choose a date and time",
    "Check and confirm",
    "You're booked!",
  ],
  de: [
    "Ihr Ticket",
    "Ihre Kontaktdaten",
    "Wählen Sie Datum und Uhrzeit",
    "Prüfen und bestätigen",
    "Sie sind gebucht!",
  ],
  fr: [
    "Votre billet",
    "Vos coordonnées",
    "Choisissez une date et une heure",
    "Vérifier et confirmer",
    "Votre réservation est confirmée !",
  ],
  es: [
    "Su entrada",
    "Sus datos de contacto",
    "Elija una fecha y una hora",
    "Revisar y confirmar",
    "¡Su reserva está hecha!",
  ],
};

portalTest(
  "every step in every language passes axe-core",
  async (s, browser) => {
    await seedSeason(s.db);
    const codes = await seedTickets(s.db, LOCALES.length);
    for (const [i, locale] of LOCALES.entries()) {
      const context = await newContext(browser);
      const page = await context.newPage();
      const check = async (step: number) => {
        assertEquals(await text(page, "#step-title"), HEADINGS[locale][step]);
        assertEquals(await page.getAttribute("html", "lang"), locale);
        await assertAccessible(page, `${locale} step ${step + 1}`);
      };
      await openPortal(page, `${s.url}/reserve?lang=${locale}`);
      await check(0);
      // A problem shown on the ticket step.
      await page.fill("#ticket-code", "12");
      await page.click("button[type=submit]");
      await page.locator("#ticket-code-error").waitFor();
      await assertAccessible(page, `${locale} step 1 with an error`);
      await page.fill("#ticket-code", codes[i]);
      await page.click("button[type=submit]");
      await atStep(page, "contact");
      await check(1);
      await page.fill("#email", "kim@example.org");
      await page.fill("#phone", "+44 20 7946 0958");
      await page.click("form button[type=submit]");
      await atStep(page, "date");
      await day(page, "2026-11-28").click();
      await page.locator(".slot").first().waitFor();
      await check(2);
      await page.locator(".slot").nth(1).click();
      await atStep(page, "confirm");
      await check(3);
      await page.click(".buttons .button.primary");
      await atStep(page, "done");
      await check(4);
      await context.close();
    }
  },
);
