/// <reference lib="dom" />
/**
 * One slot ending at midnight, created in real Chromium: the time field
 * cannot hold 24:00, so the form's "Ends at midnight" box sends it.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { newContext } from "./browser.ts";
import { portalTest } from "./fixtures.ts";
import {
  checkScreen,
  NARROW,
  openOffice,
  seedOffice,
} from "./admin_fixtures.ts";

portalTest(
  "back office: one slot ending at midnight (24:00) through its checkbox",
  async (s, browser) => {
    await seedOffice(s);
    const context = await newContext(browser, { viewport: NARROW });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await openOffice(page, s, "/admin/slots");
    await page.getByLabel("One slot").check();
    await page.fill("#c-date", "2026-12-31");
    await page.fill("#c-start", "22:00");
    await page.getByLabel("Ends at midnight (24:00)").check();
    assertEquals(await page.locator("#c-end").isDisabled(), true);
    await page.fill("#c-capacity", "30");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("[data-preview]").waitFor();
    assertEquals(await page.locator("[data-will-create]").textContent(), "1");
    await checkScreen(page, "admin-slot-midnight");
    await page.getByRole("button", { name: "Create 1 slot" }).click();
    await page.getByText("1 slot created, 0 skipped.").waitFor();
    const rows = await s.db.query<{ start: string; end: string }>(
      `SELECT to_char(start_time, 'HH24:MI') AS start,
              to_char(end_time, 'HH24:MI') AS end
         FROM reservation_slots WHERE date = '2026-12-31'`,
    );
    assertEquals(rows.map((r) => [r.start, r.end]), [["22:00", "24:00"]]);
    assertEquals(errors, []);
    await context.close();
  },
);
