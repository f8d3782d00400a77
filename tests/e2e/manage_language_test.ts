/// <reference lib="dom" />
/**
 * "Manage my booking", the printable ticket and the 404 page in the
 * visitor's language, in real Chromium: German from the browser's
 * Accept-Language, French from `?lang=`, with `<html lang>` to match; the
 * change and cancel views; axe-clean in all four languages.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { post, seedTickets } from "../helpers/api.ts";
import type { TestServer } from "../helpers/server.ts";
import { translatorFor } from "../../lib/catalogue.ts";
import { LOCALES } from "../../domain/locale.ts";
import { assertAccessible, newContext } from "./browser.ts";
import { portalTest, seedSeason, slotAt } from "./fixtures.ts";

/** A booking on Monday 30 November 12:00: its manage token and ticket page. */
async function book(s: TestServer, email: string) {
  const [code] = await seedTickets(s.db, 1);
  const slot = await slotAt(s.db, "2026-11-30", "12:00");
  const booked = await post(s.url, "/api/reservations/create", {
    ticket_code: code,
    slot_id: slot,
    customer_email: email,
    customer_phone: "+31 6 1234 5678",
  });
  assertEquals(booked.status, 201, JSON.stringify(booked.body));
  const found = await post(s.url, "/api/reservations/lookup", {
    ticket_code: code,
    customer_email: email,
  });
  assertEquals(found.status, 200, JSON.stringify(found.body));
  return {
    manage: `${s.url}/reserve/manage?token=${
      encodeURIComponent(found.body.manage_token)
    }`,
    ticket: s.url + booked.body.ticket_url,
  };
}

async function openManage(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector("[data-island=ManageBooking][data-hydrated]");
}

function htmlLang(page: Page): Promise<string | null> {
  return page.getAttribute("html", "lang");
}

async function heading(page: Page, name: string) {
  await page.getByRole("heading", { name, exact: true }).waitFor();
}

async function newPage(browser: Browser, locale: string) {
  const context = await newContext(browser, { locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, errors };
}

portalTest(
  "the manage page in German (Accept-Language) and French (?lang=): booking, change and cancel views",
  async (s, browser) => {
    await seedSeason(s.db);
    const german = await book(s, "lena@example.com");
    const french = await book(s, "chloe@example.com");

    // German from the browser's language, nothing in the address.
    {
      const { context, page, errors } = await newPage(browser, "de-DE");
      await openManage(page, german.manage);
      assertEquals(await htmlLang(page), "de");
      await page.getByRole("heading", { name: "Meine Buchung verwalten" })
        .waitFor();
      await heading(page, "Ihre Buchung");
      const cutoff = await page.locator("[data-cutoff]").textContent();
      assert(cutoff!.startsWith("Änderungen möglich bis"), cutoff!);
      assert(cutoff!.includes("12:00 (Ortszeit)"), cutoff!);
      assertEquals(
        await page.locator("[data-status]").textContent(),
        "Gebucht",
      );

      await page.getByRole("button", { name: "Zeit ändern" }).click();
      await heading(page, "Neues Datum und neue Zeit wählen");
      await page.locator(".calendar").waitFor();
      assert(
        (await page.locator(".hint").first().textContent())!.includes(
          "Ihr Besuch ist derzeit am",
        ),
      );
      assertEquals(
        await page.title(),
        "Zeit ändern · Meine Buchung verwalten",
      );
      await page.getByRole("button", { name: "Zurück zu meiner Buchung" })
        .click();
      await page.getByRole("button", { name: "Buchung stornieren" }).click();
      await heading(page, "Buchung stornieren?");
      await page.getByRole("button", { name: "Buchung behalten" }).click();
      await heading(page, "Ihre Buchung");
      assertEquals(errors, []);
      await context.close();
    }

    // French from ?lang=, though the browser asks for English.
    {
      const { context, page, errors } = await newPage(browser, "en-GB");
      await openManage(page, `${french.manage}&lang=fr`);
      assertEquals(await htmlLang(page), "fr");
      await heading(page, "Votre réservation");
      await page.getByRole("button", { name: "Changer d’horaire" }).click();
      await heading(
        page,
        "Choisissez une nouvelle date et un nouvel horaire",
      );
      await page.getByRole("button", { name: "Retour à ma réservation" })
        .click();
      await page.getByRole("button", { name: "Annuler la réservation" })
        .click();
      await heading(page, "Annuler votre réservation ?");
      const text = await page.locator("section.panel p").first()
        .textContent();
      assert(text!.startsWith("Votre visite du lundi 30"), text!);
      await page.getByRole("button", { name: "Oui, annuler ma réservation" })
        .click();
      await heading(page, "Votre réservation est annulée");
      assertEquals(
        await page.title(),
        "Réservation annulée · Gérer ma réservation",
      );
      // The cookie keeps French on the next page without ?lang=.
      await page.goto(`${s.url}/no-such-page`);
      assertEquals(await htmlLang(page), "fr");
      await heading(page, "Page introuvable");
      assertEquals(errors, []);
      await context.close();
    }
  },
);

portalTest(
  "manage views, the ticket page and the 404 pages are axe-clean in every language",
  async (s, browser) => {
    await seedSeason(s.db);
    const booking = await book(s, "sam@example.com");
    const { context, page, errors } = await newPage(browser, "en-US");
    for (const lang of LOCALES) {
      const t = translatorFor(lang);
      const where = (view: string) => `${view} [${lang}]`;

      await openManage(page, `${booking.manage}&lang=${lang}`);
      assertEquals(await htmlLang(page), lang);
      await heading(page, t("manage.booking.title"));
      await assertAccessible(page, where("manage booking"));
      await page.getByRole("button", { name: t("manage.action.change") })
        .click();
      await heading(page, t("manage.change.title"));
      await page.locator(".calendar").waitFor();
      await assertAccessible(page, where("manage change"));
      await page.getByRole("button", { name: t("manage.change.back") })
        .click();
      await page.getByRole("button", { name: t("manage.action.cancel") })
        .click();
      await heading(page, t("manage.cancel.title"));
      await assertAccessible(page, where("manage cancel"));

      await page.goto(`${s.url}/reserve/manage?lang=${lang}`);
      await heading(page, t("manage.login.title"));
      await assertAccessible(page, where("manage login"));

      await page.goto(`${booking.ticket}&lang=${lang}`);
      assertEquals(await htmlLang(page), lang);
      await heading(page, t("ticket.h1"));
      assertEquals(
        await page.locator(".ticket-note").textContent(),
        t("ticket.note"),
      );
      await assertAccessible(page, where("ticket page"));

      const gone = await page.goto(
        `${s.url}/reserve/ticket?id=1&t=nope&v=1&lang=${lang}`,
      );
      assertEquals(gone!.status(), 404);
      await heading(page, t("ticket.notFound.h1"));
      await assertAccessible(page, where("ticket not found"));

      const missing = await page.goto(`${s.url}/no-such-page?lang=${lang}`);
      assertEquals(missing!.status(), 404);
      assertEquals(await htmlLang(page), lang);
      await heading(page, t("pages.notFound.h1"));
      await assertAccessible(page, where("404"));

      await page.goto(`${s.url}/?lang=${lang}`);
      await heading(page, t("pages.home.h1"));
      await assertAccessible(page, where("home"));
    }
    assertEquals(errors, []);
    await context.close();
  },
);
