/// <reference lib="dom" />
/** Scenario 2 of US-015 in real Chromium: two customers race for the last place. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "playwright-core";
import { seedSlot, seedTickets } from "../helpers/api.ts";
import {
  assertAccessible,
  newContext,
  openPortal,
  PHONE,
  shot,
} from "./browser.ts";
import { bookedCount, portalTest, ticketStatus } from "./fixtures.ts";

/** Takes a page from the email link to the confirm step of `slotId` on 27 November. */
async function upToConfirm(
  page: Page,
  url: string,
  code: string,
  slotId: number,
) {
  await openPortal(page, `${url}/reserve?code=${code}`);
  await page.fill("#email", `${code.slice(0, 6).toLowerCase()}@example.com`);
  await page.fill("#phone", "+31 6 1234 5678");
  await page.click("text=Continue");
  await page.locator('.calendar [data-date="2026-11-27"]').click();
  await page.locator(`[data-slot-id="${slotId}"]`).click();
  await page.getByRole("heading", { name: "Check and confirm" }).waitFor();
}

/** "done" or the error code the confirm step shows. */
async function outcome(page: Page): Promise<string> {
  const done = page.getByRole("heading", { name: "You're booked!" });
  const alert = page.locator(".alert[data-code]");
  await done.or(alert).waitFor();
  return (await done.isVisible())
    ? "done"
    : (await alert.getAttribute("data-code"))!;
}

portalTest(
  "scenario 2: two customers race for the last place; the loser books an alternative in one click",
  async (s, browser) => {
    const last = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
      capacity: 1,
    });
    const later = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "14:00",
      end: "15:00",
      capacity: 10,
    });
    const nextDay = await seedSlot(s.db, {
      date: "2026-11-28",
      start: "12:00",
      end: "13:00",
      capacity: 10,
    });
    const [a, b] = await seedTickets(s.db, 2);
    const contexts = await Promise.all([
      newContext(browser),
      newContext(browser, { viewport: PHONE, isMobile: true, hasTouch: true }),
    ]);
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    await Promise.all([
      upToConfirm(pages[0], s.url, a, last),
      upToConfirm(pages[1], s.url, b, last),
    ]);

    // Both press "Confirm" at the same moment.
    await Promise.all(
      pages.map((p) =>
        p.getByRole("button", { name: "Confirm reservation" }).click()
      ),
    );
    const results = await Promise.all(pages.map(outcome));
    assertEquals(results.toSorted(), ["SLOT_FULL", "done"]);
    assertEquals(await bookedCount(s.db, last), 1);

    // The loser sees why, and the nearest slots with room as buttons.
    const loser = pages[results.indexOf("SLOT_FULL")];
    const alert = loser.locator(".alert[data-code=SLOT_FULL]");
    assert(
      (await alert.textContent())!.includes("Sorry, this time just filled up"),
    );
    const alternatives = alert.locator(".alternatives button");
    assertEquals(await alternatives.count(), 2);
    assert(
      (await alternatives.nth(0).textContent())!.includes(
        "Fri 27 Nov, 14:00–15:00",
      ),
    );
    assert(
      (await alternatives.nth(0).textContent())!.includes("10 places left"),
    );
    assert(
      (await alternatives.nth(1).textContent())!.includes(
        "Sat 28 Nov, 12:00–13:00",
      ),
    );
    await shot(loser, "race-slot-full");
    await assertAccessible(loser, "SLOT_FULL with alternatives");

    // One click books the alternative.
    await alternatives.nth(0).click();
    await loser.getByRole("heading", { name: "You're booked!" }).waitFor();
    assert(
      (await loser.locator(".lead").textContent())!.includes("14:00–15:00"),
    );
    assertEquals(await bookedCount(s.db, later), 1);
    assertEquals(await bookedCount(s.db, nextDay), 0);
    assertEquals(await ticketStatus(s.db, a), "RESERVED");
    assertEquals(await ticketStatus(s.db, b), "RESERVED");
    await Promise.all(contexts.map((c) => c.close()));
  },
);
