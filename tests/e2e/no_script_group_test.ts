/// <reference lib="dom" />
/**
 * Without JavaScript: the waitlist claim page (and the group booking) as
 * plain HTML forms posted to the server, with no email or phone number in
 * any URL the browser asks for.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "playwright-core";
import { post, reservationBody, seedTickets } from "../helpers/api.ts";
import { join, offerToken } from "../helpers/waitlist.ts";
import { DESKTOP, newContext } from "./browser.ts";
import { bookedCount, portalTest, ticketStatus } from "./fixtures.ts";

/** Every URL the page requests, to check none carries personal data. */
function recordUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (r) => urls.push(r.url()));
  return urls;
}

function assertNothingPersonal(urls: string[], secrets: string[]) {
  for (const url of urls) {
    const plain = decodeURIComponent(url).replaceAll("+", " ");
    for (const secret of secrets) {
      assert(!plain.includes(secret), `${secret} in ${url}`);
    }
  }
}

portalTest(
  "without JavaScript: a waitlist claim from the offer's link books and opens the booking",
  async (s, browser) => {
    const [slot] = (await s.db.query<{ id: number }>(
      `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
       VALUES (1, '2026-11-30', '12:00', '13:00', 1) RETURNING id`,
    )).map((r) => r.id);
    const [other, code] = await seedTickets(s.db, 2);
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
    const token = await offerToken(
      s.db,
      (joined.body as { waitlist: { id: number } }).waitlist.id,
    );
    assert(token);

    const context = await newContext(browser, {
      viewport: DESKTOP,
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    const urls = recordUrls(page);
    await page.goto(`${s.url}/reserve/claim?lang=de&token=${token}`);
    // No phone: the form comes back with why, in the page's language.
    await page.locator("form button[type=submit]").click();
    await page.locator("#phone-error").waitFor();
    assertEquals(
      (await page.locator("#phone-error").textContent())!.trim(),
      "Geben Sie eine Telefonnummer mit Ländervorwahl ein, z. B. +31 6 1234 5678.",
    );
    await page.fill("#phone", "+31 6 8765 4321");
    await page.locator("form button[type=submit]").click();
    await page.waitForURL(/\/reserve\/manage\?token=/);
    const shown = (await page.locator("main").textContent())!;
    assert(shown.includes("wendy@example.com"), shown);
    assertEquals(await ticketStatus(s.db, code), "RESERVED");
    assertEquals(await bookedCount(s.db, slot), 1);
    assertNothingPersonal(urls, [
      "wendy@example.com",
      "+31 6 8765 4321",
      "+31687654321",
      "8765",
    ]);
    await context.close();
  },
);
