/// <reference lib="dom" />
/** The portal in real Chromium without a mouse, at 200 % zoom and at 320 px. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { seedTickets } from "../helpers/api.ts";
import { newContext, openPortal, overflowsSideways, shot } from "./browser.ts";
import { portalTest, seedSeason } from "./fixtures.ts";
import { day } from "./portal_steps.ts";

portalTest("keyboard only: every step without a mouse", async (s, browser) => {
  await seedSeason(s.db);
  const [code] = await seedTickets(s.db, 1);
  const context = await newContext(browser);
  const page = await context.newPage();
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el?.id || el?.dataset.date || el?.textContent?.trim() || "";
    });
  /** Waits (briefly) until the focused element is `expected`. */
  const expectFocus = async (expected: string) => {
    let now = "";
    for (let i = 0; i < 40 && now !== expected; i++) {
      if (i) await new Promise((r) => setTimeout(r, 25));
      now = await focused();
    }
    assertEquals(now, expected);
  };
  await openPortal(page, s.url + "/reserve");
  await page.keyboard.press("Tab"); // "Timed entry"
  for (const language of ["Deutsch", "Français", "Español"]) {
    await page.keyboard.press("Tab");
    await expectFocus(language); // the language switcher
  }
  await page.keyboard.press("Tab");
  await expectFocus("ticket-code");
  await page.keyboard.type(code);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Your contact details" }).waitFor();
  await expectFocus("step-title"); // focus moves to the new step
  await page.keyboard.press("Tab");
  await expectFocus("email");
  await page.keyboard.type("kim@example.org");
  await page.keyboard.press("Tab");
  await page.keyboard.type("+44 20 7946 0958");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Choose a date and time" }).waitFor();
  await page.locator(".calendar .day").first().waitFor();
  // Tab: previous month, next month, then the grid's one tabbable day.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expectFocus("2026-11-26"); // first bookable day: today
  await page.keyboard.press("ArrowRight");
  await expectFocus("2026-11-27");
  await page.keyboard.press("ArrowDown");
  await expectFocus("2026-12-04"); // crosses into December
  assertEquals(
    await page.locator("#calendar-month").textContent(),
    "December 2026",
  );
  await page.keyboard.press("PageUp");
  await expectFocus("2026-11-04");
  await page.keyboard.press("End");
  await expectFocus("2026-11-08");
  await page.keyboard.press("PageDown");
  await page.keyboard.press("Home");
  await expectFocus("2026-12-07");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Times on Monday 7 December 2026" })
    .waitFor();
  await page.keyboard.press("Tab");
  assert((await focused()).startsWith("09:00–10:00"));
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter"); // 10:00–11:00
  await page.getByRole("heading", { name: "Check and confirm" }).waitFor();
  await expectFocus("step-title");
  let label = "";
  for (let i = 0; i < 6 && label !== "Confirm reservation"; i++) {
    await page.keyboard.press("Tab");
    label = await focused();
  }
  assertEquals(label, "Confirm reservation");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "You're booked!" }).waitFor();
  assert((await page.locator(".lead").textContent())!.includes("10:00–11:00"));
  await context.close();
});

portalTest(
  "readable at 200 % zoom and at 320 px: no sideways scrolling",
  async (s, browser) => {
    await seedSeason(s.db);
    const [code] = await seedTickets(s.db, 1);
    // 1280 px at 200 % zoom is a 640 px viewport; 1280 px at 400 % is 320 px.
    for (const width of [640, 320]) {
      const context = await newContext(browser, {
        viewport: { width, height: 700 },
      });
      const page = await context.newPage();
      await openPortal(page, `${s.url}/reserve?code=${code}`);
      assert(!(await overflowsSideways(page)), `contact at ${width}px`);
      await page.fill("#email", "zoe@example.com");
      await page.fill("#phone", "+32 470 12 34 56");
      await page.click("text=Continue");
      await day(page, "2026-11-27").click();
      await page.locator(".slot").first().waitFor();
      assert(!(await overflowsSideways(page)), `calendar at ${width}px`);
      await shot(page, `zoom-${width}-3-calendar`);
      await page.locator(".slot").first().click();
      await page.getByRole("heading", { name: "Check and confirm" }).waitFor();
      assert(!(await overflowsSideways(page)), `confirm at ${width}px`);
      await context.close();
    }
  },
);
