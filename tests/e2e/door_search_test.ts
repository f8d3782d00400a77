/// <reference lib="dom" />
/** The door scanner's guest search (API.md "Door"): a guest whose phone died, admitted from the result. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { reserveOnNewSlot } from "../helpers/api.ts";
import { ticketStatus } from "./fixtures.ts";
import { chooseGate, scannerTest, TODAY } from "./operator_fixtures.ts";
import {
  checkDoorScreen,
  doneCard,
  doorLog,
  lastScanReads,
  openScanner,
} from "./door_fixtures.ts";

scannerTest(
  "Find guest: part of the email finds today's reservation, Admit admits at the gate",
  async (s, browser) => {
    const { code } = await reserveOnNewSlot(
      s,
      { date: TODAY, start: "12:00", end: "13:00" },
      { customer_email: "maria.lopez@example.com" },
    );
    const { context, page, errors } = await openScanner(s, browser);
    await chooseGate(page, "West");

    await page.click("button.find-guest");
    await page.locator("#door-search-q").waitFor();
    assertEquals(
      await page.evaluate(() => document.activeElement?.id),
      "door-search-q",
    );
    await checkDoorScreen(page, "scanner-search-360");
    await page.fill("#door-search-q", "maria.lo");
    await page.keyboard.press("Enter");
    const admit = page.locator(".door-search .door-hit-admit");
    await admit.waitFor();
    const found = (await page.locator(".door-search").textContent()) ?? "";
    assert(found.includes("maria.lopez@example.com"), found);
    await checkDoorScreen(page, "scanner-search-results-360");

    await admit.click();
    assertEquals(await doneCard(page, "VALID"), "ADMITTED");
    assertEquals(await ticketStatus(s.db, code), "VERIFIED");
    assertEquals(await doorLog(s.db, code), [[
      "VERIFIED",
      "IN",
      "West",
      false,
    ]]);
    await page.locator("section.result").waitFor({ state: "detached" });
    await lastScanReads(page, "ADMITTED");
    // Undo is offered for a search admission as for a scan; six minutes
    // later (the server's clock) an operator may no longer: it says why.
    assertEquals(await page.locator("button.undo").count(), 1);
    s.clock.advance(6 * 60_000);
    await page.click("button.undo");
    const why = page.locator(".undo-error[role=alert]");
    await why.waitFor();
    assert((await why.textContent())!.includes("5 minutes"));
    assertEquals(await page.locator("button.undo").count(), 0);
    assertEquals(await ticketStatus(s.db, code), "VERIFIED");
    assertEquals(errors, []);
    await context.close();
  },
);
