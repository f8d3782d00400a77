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
import {
  bookedCount,
  portalTest,
  seedSeason,
  slotAt,
  ticketStatus,
} from "./fixtures.ts";

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

portalTest(
  "without JavaScript: a group of 2 codes booked from the first step to its manage page",
  async (s, browser) => {
    await seedSeason(s.db);
    const codes = await seedTickets(s.db, 2);
    const [unpaid] = await seedTickets(s.db, 1, { status: "PENDING_PAYMENT" });
    const slot = await slotAt(s.db, "2026-11-27", "14:00");
    const context = await newContext(browser, {
      viewport: DESKTOP,
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    const urls = recordUrls(page);
    await page.goto(`${s.url}/reserve/group?lang=es`);

    // Codes: an unpaid one among them must go before continuing.
    await page.fill("#ticket-codes", [...codes, unpaid].join("\n"));
    await page.getByRole("button", { name: "Añadir códigos" }).click();
    await page.locator('.code-row[data-status="problem"]').waitFor();
    assertEquals(await page.locator('.code-row[data-status="ok"]').count(), 2);
    await page.getByRole("button", { name: "Continuar" }).click();
    assertEquals(
      (await page.locator(".field-error").textContent())!.trim(),
      "Quite los códigos que no se pueden reservar para continuar.",
    );
    await page.locator(".code-row button").nth(2).click();
    assertEquals(await page.locator(".code-row").count(), 2);
    await page.getByRole("button", { name: "Continuar" }).click();

    // Contact: a bad email comes back with why.
    await page.locator("#email").waitFor();
    await page.fill("#email", "group.lead@");
    await page.fill("#phone", "+31 6 1234 5678");
    await page.getByRole("button", { name: "Continuar" }).click();
    await page.locator("#email-error").waitFor();
    await page.fill("#email", "group.lead@example.com");
    await page.getByRole("button", { name: "Continuar" }).click();

    // One time for both, then confirm.
    await page.locator("#slot").selectOption(String(slot));
    await page.getByRole("button", { name: "Continuar" }).click();
    const summary = (await page.locator(".summary").textContent())!;
    assert(summary.includes("viernes"), summary);
    assert(summary.includes("group.lead@example.com"), summary);
    await page.getByRole("button", { name: "Reservar 2 entradas" }).click();

    await page.waitForURL(/\/reserve\/manage\?token=/);
    assert(
      (await page.locator("main").textContent())!.includes(
        "group.lead@example.com",
      ),
    );
    assertEquals(await bookedCount(s.db, slot), 2);
    for (const c of codes) {
      assertEquals(await ticketStatus(s.db, c), "RESERVED");
    }
    assertEquals(await ticketStatus(s.db, unpaid), "PENDING_PAYMENT");
    assertNothingPersonal(urls, [
      "group.lead",
      "+31 6 1234 5678",
      "+31612345678",
      "1234 5678",
    ]);
    await context.close();
  },
);
