/// <reference lib="dom" />
/**
 * Without JavaScript: a group's time fills up before "Book"; the date step
 * comes back offering the nearby times with room for the whole group as
 * one-click buttons (the portal's own), and one books it.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { seedTickets } from "../helpers/api.ts";
import type { TestServer } from "../helpers/server.ts";
import { assertAccessible, newContext, serverHtmlContext } from "./browser.ts";
import {
  bookedCount,
  portalTest,
  seedSeason,
  slotAt,
  ticketStatus,
} from "./fixtures.ts";

/** Two codes to the confirm step at `slot`, which then fills up; "Book". */
async function bookFullSlot(page: Page, s: TestServer, slot: number) {
  const codes = await seedTickets(s.db, 2);
  await s.db.query(
    `UPDATE reservation_slots SET booked_count = 0 WHERE id = $1`,
    [slot],
  );
  await page.goto(`${s.url}/reserve/group`);
  await page.fill("#ticket-codes", codes.join("\n"));
  await page.getByRole("button", { name: "Continue" }).click();
  await page.fill("#email", "group.full@example.com");
  await page.fill("#phone", "+31 6 1234 5678");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.locator("#slot").selectOption(String(slot));
  await page.getByRole("button", { name: "Continue" }).click();
  // One place left: not enough for two.
  await s.db.query(
    `UPDATE reservation_slots SET booked_count = total_capacity - 1
      WHERE id = $1`,
    [slot],
  );
  await page.getByRole("button", { name: "Book 2 tickets" }).click();
  await page.locator(".alert[data-code]").waitFor();
  return codes;
}

async function noScriptPage(browser: Browser): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled: false });
  return await context.newPage();
}

portalTest(
  "without JavaScript: a group's full time offers the nearby times as one-click buttons",
  async (s, browser) => {
    await seedSeason(s.db);
    const slot = await slotAt(s.db, "2026-11-27", "14:00");
    const page = await noScriptPage(browser);
    const codes = await bookFullSlot(page, s, slot);

    assertEquals(
      await page.locator(".alert[data-code]").getAttribute("data-code"),
      "SLOT_FULL",
    );
    assertEquals(
      (await page.locator(".alert h3").textContent())!.trim(),
      "Not enough places left for 2 tickets",
    );
    const alternatives = page.locator("button.alternative");
    assert((await alternatives.count()) > 0);
    const label = (await alternatives.first().textContent())!;
    assert(label.includes("13:00–14:00") || label.includes("15:00–16:00"));
    await alternatives.first().click();
    await page.waitForURL(/\/reserve\/manage\?token=/);
    for (const c of codes) {
      assertEquals(await ticketStatus(s.db, c), "RESERVED");
    }
    assertEquals(await bookedCount(s.db, slot), 199);
    const [{ start }] = await s.db.query<{ start: string }>(
      `SELECT to_char(sl.start_time, 'HH24:MI') AS start
         FROM ticket_reservations r JOIN reservation_slots sl ON sl.id = r.slot_id
         JOIN tickets t ON t.id = r.ticket_id
        WHERE t.code = $1`,
      [codes[0]],
    );
    assert(label.includes(`${start}–`), `${label} booked ${start}`);
    await page.context().close();

    // The same page's HTML with axe-core (which needs scripts).
    const plain = await serverHtmlContext(browser);
    const checked = await plain.newPage();
    await bookFullSlot(checked, s, slot);
    await checked.locator("button.alternative").first().waitFor();
    await assertAccessible(checked, "group's full time without JavaScript");
    await plain.close();
  },
);
