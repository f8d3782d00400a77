/// <reference lib="dom" />
/**
 * Without JavaScript: joining a full time's waitlist from the calendar and
 * leaving it again with plain forms; "Did you mean …?" and "Use another
 * ticket" on the contact step. No URL the browser asks for (after the
 * email link with the code) holds the email or the ticket code.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "playwright-core";
import { seedTickets } from "../helpers/api.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { assertAccessible, newContext, serverHtmlContext } from "./browser.ts";
import { portalTest, seedSeason } from "./fixtures.ts";
import { day } from "./portal_steps.ts";

const EMAIL = "wait.nojs@example.org";

/** From the ticket `code` to Sunday 29 November (full), in German. */
async function toFullDay(page: Page, url: string, code: string) {
  await page.goto(`${url}/reserve?lang=de&code=${code}`);
  await page.fill("#email", EMAIL);
  await page.fill("#phone", "+44 20 7946 0958");
  await page.click("form button[type=submit]");
  await day(page, "2026-11-29").click();
  await page.locator("[data-waitlist-slot]").first().waitFor();
}

/** Joins the first full time; the joined page's status line. */
async function joinFirst(page: Page): Promise<string> {
  await page.locator("[data-waitlist-slot]").first().click();
  await page.waitForURL(/\/reserve\/waitlist\?/);
  return (await page.locator("[data-waitlist-position]").textContent())!;
}

portalTest(
  "without JavaScript: join a full time's waitlist, then leave it with the ticket code",
  async (s, browser) => {
    await seedSeason(s.db);
    const [code] = await seedTickets(s.db, 1);
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const urls: string[] = [];
    page.on("request", (r) => urls.push(r.url()));

    // "Did you mean …?" after a refused phone: one click takes the address.
    await page.goto(`${s.url}/reserve?lang=de&code=${code}`);
    await page.fill("#email", "wait.nojs@gmial.com");
    await page.fill("#phone", "12");
    await page.click("form button[type=submit].primary");
    await page.locator("#phone-error").waitFor();
    await page.getByRole("button", { name: "wait.nojs@gmail.com" }).click();
    await page.locator("#email").waitFor();
    assertEquals(await page.inputValue("#email"), "wait.nojs@gmail.com");
    assertEquals(await page.inputValue("#phone"), "12");

    // "Use another ticket" on the contact step: back to the ticket step.
    await page.getByRole("link", { name: "Anderes Ticket verwenden" }).click();
    await page.locator("#ticket-code").waitFor();
    assertEquals(await page.inputValue("#ticket-code"), "");
    assertEquals(await page.getAttribute("html", "lang"), "de");

    await toFullDay(page, s.url, code);
    urls.length = 0; // the email link above carries the code, by design
    const joined = await joinFirst(page);
    assert(joined.includes("(Nummer 1)"), joined);

    // A wrong code: refused, the form again with why.
    await page.fill("#leave-code", "AAAA-BBBB-CCCC-DDDD-EEEE");
    await page.getByRole("button", { name: "Warteliste verlassen" }).click();
    assertEquals(
      await page.locator(".alert[data-code]").getAttribute("data-code"),
      "WAITLIST_NOT_FOUND",
    );
    await page.fill("#leave-code", formatTicketCode(code));
    await page.getByRole("button", { name: "Warteliste verlassen" }).click();
    await page.waitForURL(/\/reserve\/waitlist\/left$/);
    assertEquals(
      (await page.locator("[data-waitlist-left]").textContent())!.trim(),
      "Sie haben die Warteliste verlassen.",
    );
    const [entry] = await s.db.query<{ status: string }>(
      "SELECT status FROM waitlist_entries",
    );
    assertEquals(entry.status, "LEFT");
    for (const url of urls) {
      const plain = decodeURIComponent(url).replace(/[^A-Za-z0-9@.]/g, "");
      assert(!plain.includes(EMAIL), `email in ${url}`);
      assert(!plain.toUpperCase().includes(code), `code in ${url}`);
    }
    await context.close();

    // The joined and refused pages' HTML with axe-core (needs scripts).
    const plain = await serverHtmlContext(browser);
    const checked = await plain.newPage();
    const [other] = await seedTickets(s.db, 1);
    await toFullDay(checked, s.url, other);
    await assertAccessible(checked, "full day's waitlist without JavaScript");
    await joinFirst(checked);
    await assertAccessible(checked, "joined waitlist without JavaScript");
    await checked.getByRole("button", { name: "Warteliste verlassen" }).click();
    await checked.locator(".alert[data-code]").waitFor();
    await assertAccessible(checked, "leave refused without JavaScript");
    await plain.close();
  },
);
