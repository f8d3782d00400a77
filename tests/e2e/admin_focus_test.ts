/// <reference lib="dom" />
/**
 * Focus after a refused request, one rule in every back-office form
 * (components/admin/form.tsx focusProblem): the field the answer's
 * details.fields names, else the problem box.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Page } from "playwright-core";
import { DESKTOP, newContext } from "./browser.ts";
import { portalTest } from "./fixtures.ts";
import { goSection, openOffice, seedOffice } from "./admin_fixtures.ts";

/** The focused element's id, once the refusal is shown. */
async function focusedAfterRefusal(page: Page): Promise<string | undefined> {
  await page.locator("[data-code=VALIDATION_FAILED]").waitFor();
  await page.waitForFunction(() => document.activeElement !== document.body);
  return await page.evaluate(() => document.activeElement?.id);
}

portalTest(
  "back office: a refused search or filter focuses the field it names",
  async (s, browser) => {
    await seedOffice(s);
    const context = await newContext(browser, { viewport: DESKTOP });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    await openOffice(page, s, "/admin/reservations");
    await page.getByLabel("Search by code, email or phone").check();
    await page.fill("#r-q", "ab");
    await page.getByRole("button", { name: "Show" }).click();
    assertEquals(await focusedAfterRefusal(page), "r-q");

    await goSection(page, "Tickets", "AdminTickets");
    await page.fill("#t-q", "ab");
    await page.getByRole("button", { name: "Search" }).click();
    assertEquals(await focusedAfterRefusal(page), "t-q");

    await goSection(page, "Audit", "AdminAudit");
    await page.fill("#a-from", "2026-11-20");
    await page.fill("#a-to", "2026-11-10");
    await page.getByRole("button", { name: "Show" }).click();
    assertEquals(await focusedAfterRefusal(page), "a-to");

    assertEquals(errors, []);
    await context.close();
  },
);
