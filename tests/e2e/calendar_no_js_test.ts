/// <reference lib="dom" />
/**
 * The calendar without JavaScript: the arrow keys of its roving tabindex
 * need the script, so as the server renders it every day is a Tab stop,
 * and Enter or Space on one posts it.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "playwright-core";
import { seedTickets } from "../helpers/api.ts";
import { assertAccessible, newContext, serverHtmlContext } from "./browser.ts";
import { portalTest, seedSeason } from "./fixtures.ts";

/** The `data-date` (or "") of the focused element. */
function focusedDate(page: Page): Promise<string> {
  return page.evaluate(() =>
    (document.activeElement as HTMLElement | null)?.dataset.date ?? ""
  );
}

/** From the ticket `code` to the calendar, posting the contact form. */
async function toCalendar(page: Page, url: string, code: string) {
  await page.goto(`${url}/reserve?code=${code}`);
  await page.fill("#email", "keys@example.org");
  await page.fill("#phone", "+44 20 7946 0958");
  await page.click("form button[type=submit]");
  await page.locator(".calendar .day").first().waitFor();
}

/** Tabs from "Next month" until `date` has focus; the days passed on the way. */
async function tabTo(page: Page, date: string): Promise<string[]> {
  await page.focus("button[aria-label='Next month']");
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const now = await focusedDate(page);
    if (now) seen.push(now);
    if (now === date) return seen;
  }
  throw new Error(`Tab never reached ${date}: ${seen.join(", ")}`);
}

portalTest(
  "without JavaScript: every day of the calendar is reached with Tab and picked with Space or Enter",
  async (s, browser) => {
    await seedSeason(s.db);
    const [code] = await seedTickets(s.db, 1);
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await toCalendar(page, s.url, code);
    // A plain table: no grid role promising arrow keys that do nothing.
    assertEquals(await page.locator(".calendar [role=grid]").count(), 0);
    assertEquals(
      await page.locator(".calendar .day[tabindex='-1']").count(),
      0,
    );

    const seen = await tabTo(page, "2026-11-27");
    assertEquals(seen.slice(0, 3), ["2026-11-01", "2026-11-02", "2026-11-03"]);
    assert(new Set(seen).size > 20, seen.join(", "));
    await page.keyboard.press("Space");
    await page.getByRole("heading", {
      name: "Times on Friday 27 November 2026",
    })
      .waitFor();

    await tabTo(page, "2026-11-30");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", {
      name: "Times on Monday 30 November 2026",
    })
      .waitFor();
    await context.close();

    // The same HTML with axe-core (which needs scripts): no bundle runs.
    const plain = await serverHtmlContext(browser);
    const checked = await plain.newPage();
    await toCalendar(checked, s.url, code);
    await checked.locator(".calendar [data-date='2026-11-27']").click();
    await checked.locator(".slot-panel h3").waitFor();
    assertEquals(await checked.locator(".calendar [role=grid]").count(), 0);
    await assertAccessible(checked, "calendar without JavaScript");
    await plain.close();
  },
);
