/// <reference lib="dom" />
/**
 * The group booking page and the waitlist claim page in every language:
 * German by the browser's Accept-Language, the others by `?lang=`; the text,
 * `<html lang>` and axe-core on every step a customer reaches.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "playwright-core";
import { post, reservationBody, seedTickets } from "../helpers/api.ts";
import { join, offerToken } from "../helpers/waitlist.ts";
import type { TestServer } from "../helpers/server.ts";
import { assertAccessible, DESKTOP, newContext } from "./browser.ts";
import {
  bookedCount,
  portalTest,
  seedSeason,
  slotAt,
  ticketStatus,
} from "./fixtures.ts";
import { day } from "./portal_steps.ts";

/** What the pages say in a language (null: only axe and `<html lang>`). */
interface Texts {
  h1: string;
  codes: string;
  add: string;
  readyCount: string;
  confirm: string;
  book: string;
  done: string;
  doneMail: string;
  claimH1: string;
  claimTitle: string;
  claimBook: string;
  claimPhoneError: string;
  claimDone: string;
}

const TEXTS: Record<string, Texts | null> = {
  de: {
    h1: "Für eine Gruppe buchen",
    codes: "Ihre Tickets",
    add: "Codes hinzufügen",
    readyCount: "2 von 2 bereit zur Buchung",
    confirm: "Prüfen und bestätigen",
    book: "2 Tickets buchen",
    done: "Sie sind gebucht!",
    doneMail:
      "Eine E-Mail mit allen Codes ist unterwegs an group.lead@example.com.",
    claimH1: "Ihr Angebot von der Warteliste",
    claimTitle: "Die für Sie reservierten Plätze buchen",
    claimBook: "Meine Plätze buchen",
    claimPhoneError:
      "Geben Sie eine Telefonnummer mit Ländervorwahl ein, z. B. +31 6 1234 5678.",
    claimDone: "Sie sind gebucht!",
  },
  es: {
    h1: "Reservar para un grupo",
    codes: "Sus entradas",
    add: "Añadir códigos",
    readyCount: "2 de 2 listas para reservar",
    confirm: "Revisar y confirmar",
    book: "Reservar 2 entradas",
    done: "¡Reserva confirmada!",
    doneMail:
      "Un correo con todos los códigos está en camino a group.lead@example.com.",
    claimH1: "Su oferta de la lista de espera",
    claimTitle: "Reserve las plazas guardadas para usted",
    claimBook: "Reservar mis plazas",
    claimPhoneError:
      "Introduzca un número de teléfono con el prefijo del país, p. ej. +31 6 1234 5678.",
    claimDone: "¡Reserva confirmada!",
  },
  en: null,
  fr: null,
};

const text = async (page: Page, selector: string) =>
  (await page.locator(selector).first().textContent())!.trim();

/** A claim token: `code` waits for a one-place slot that then frees up. */
async function offer(s: TestServer, code: string): Promise<string> {
  const [slot] = (await s.db.query<{ id: number }>(
    `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
     VALUES (1, '2026-11-30', '18:00', '19:00', 1) RETURNING id`,
  )).map((r) => r.id);
  const [other] = await seedTickets(s.db, 1);
  const taken = await post(
    s.url,
    "/api/reservations/create",
    reservationBody(other, slot),
  );
  assertEquals(taken.status, 201);
  const joined = await join(s, [code], slot, "wendy@example.com");
  assertEquals(joined.status, 201);
  const cancelled = await post(s.url, "/api/reservations/cancel", {
    ticket_code: other,
    customer_email: "visitor@example.com",
  });
  assertEquals(cancelled.status, 200);
  const id = (joined.body as { waitlist: { id: number } }).waitlist.id;
  const token = await offerToken(s.db, id);
  assert(token, "an offer was queued");
  return token;
}

for (const lang of ["de", "es", "en", "fr"] as const) {
  const want = TEXTS[lang];
  // German comes from the browser's language, the others from ?lang=.
  const byHeader = lang === "de";
  const suffix = byHeader ? "" : `?lang=${lang}`;
  portalTest(
    `group booking and waitlist claim in ${lang}: text, <html lang>, axe on every step`,
    async (s, browser) => {
      await seedSeason(s.db);
      const codes = await seedTickets(s.db, 2);
      const [waiting] = await seedTickets(s.db, 1);
      const slot = await slotAt(s.db, "2026-11-27", "14:00");
      const context = await newContext(browser, {
        viewport: DESKTOP,
        ...(byHeader ? { locale: "de-DE" } : {}),
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      // The locale each booking request carries (for the customer's mails).
      const sent: Record<string, unknown> = {};
      page.on("request", (r) => {
        const path = new URL(r.url()).pathname;
        if (r.method() === "POST" && path.startsWith("/api/")) {
          sent[path] = (r.postDataJSON() as { locale?: string }).locale;
        }
      });

      // The codes step.
      await page.goto(`${s.url}/reserve/group${suffix}`);
      await page.waitForSelector("[data-island=GroupBooking][data-hydrated]");
      assertEquals(
        await page.evaluate(() => document.documentElement.lang),
        lang,
      );
      if (want) {
        assertEquals(await text(page, "h1"), want.h1);
        assertEquals(await text(page, "#step-title"), want.codes);
      }
      await assertAccessible(page, `group ${lang} codes`);
      await page.fill("#ticket-codes", codes.join("\n"));
      await page.locator("form button[type=submit]").first().click();
      await page.locator('.code-row[data-status="ok"]').nth(1).waitFor();
      if (want) {
        assertEquals(await text(page, "#code-list-title"), want.readyCount);
        assertEquals(await text(page, "form button[type=submit]"), want.add);
      }
      await assertAccessible(page, `group ${lang} codes checked`);
      await page.locator(".buttons .button.primary").click();

      // The portal's contact and date steps.
      await page.locator("#email").waitFor();
      await assertAccessible(page, `group ${lang} contact`);
      await page.fill("#email", "group.lead@example.com");
      await page.fill("#phone", "+31 6 1234 5678");
      await page.locator("form button[type=submit]").click();
      await day(page, "2026-11-27").click();
      await page.locator(`[data-slot-id="${slot}"]`).waitFor();
      await assertAccessible(page, `group ${lang} date`);
      await page.locator(`[data-slot-id="${slot}"]`).click();

      // Confirm, then done.
      await page.locator(".summary").waitFor();
      if (want) {
        assertEquals(await text(page, "#step-title"), want.confirm);
        assertEquals(await text(page, ".buttons .button.primary"), want.book);
      }
      await assertAccessible(page, `group ${lang} confirm`);
      await page.locator(".buttons .button.primary").click();
      await page.locator(".qr-grid img").nth(1).waitFor();
      if (want) {
        assertEquals(await text(page, "#step-title"), want.done);
        assert(
          (await text(page, "section.done")).includes(want.doneMail),
          await text(page, "section.done"),
        );
      }
      await assertAccessible(page, `group ${lang} done`);
      assertEquals(await bookedCount(s.db, slot), 2);

      // The claim page of a waitlist offer.
      const token = await offer(s, waiting);
      const sep = suffix ? "&" : "?";
      await page.goto(
        `${s.url}/reserve/claim${suffix}${sep}token=${token}`,
      );
      await page.waitForSelector("[data-island=WaitlistClaim][data-hydrated]");
      assertEquals(
        await page.evaluate(() => document.documentElement.lang),
        lang,
      );
      if (want) {
        assertEquals(await text(page, "h1"), want.claimH1);
        assertEquals(await text(page, "#claim-title"), want.claimTitle);
      }
      await assertAccessible(page, `claim ${lang}`);
      await page.locator("form button[type=submit]").click();
      await page.locator("#phone-error").waitFor();
      if (want) {
        assertEquals(await text(page, "#phone-error"), want.claimPhoneError);
      }
      await assertAccessible(page, `claim ${lang} phone error`);
      await page.fill("#phone", "+31 6 8765 4321");
      await page.locator("form button[type=submit]").click();
      await page.locator("[data-claimed]").waitFor();
      if (want) {
        assertEquals(await text(page, "[data-claimed]"), want.claimDone);
      }
      await assertAccessible(page, `claim ${lang} booked`);
      assertEquals(await ticketStatus(s.db, waiting), "RESERVED");
      assertEquals(sent["/api/reservations/create-group"], lang);
      assertEquals(sent["/api/waitlist/claim"], lang);
      assertEquals(errors, []);
      await context.close();
    },
  );
}
