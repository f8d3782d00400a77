/// <reference lib="dom" />
/**
 * The door scanner's modes (API.md "Door"): a GREEN card left without
 * admitting, a keyboard-wedge scanner, exit and re-entry, undo of a
 * re-entry; real Chromium with a fake camera showing no ticket.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { ticketStatus } from "./fixtures.ts";
import {
  card,
  chooseGate,
  reservedTicket,
  scannerReady,
  scannerTest,
  TODAY,
  typeCode,
} from "./operator_fixtures.ts";
import {
  checkDoorScreen,
  doneCard,
  doorLog,
  isInside,
  lastScanReads,
  openScanner,
  wedgeScan,
} from "./door_fixtures.ts";

scannerTest(
  "Admit on scan off: Scan next leaves the ticket unused; a wedge scan; exit, re-entry and its undo",
  async (s, browser) => {
    const code = await reservedTicket(s, TODAY);
    const { context, page, errors } = await openScanner(s, browser);
    await chooseGate(page, "East");
    // The venue's default: GREEN waits for "Admit".
    assertEquals(
      await page.locator(".admit-mode .switch").getAttribute("aria-pressed"),
      "false",
    );
    await page.locator("[data-camera=live]").waitFor();
    await checkDoorScreen(page, "scanner-in-360");

    // GREEN, then "Scan next" without admitting: the ticket stays unused,
    // and the line under the camera says so.
    await typeCode(page, code);
    let c = await card(page);
    assertEquals([c.result, c.title], ["GREEN", "VALID TICKET"]);
    await checkDoorScreen(page, "scanner-green-admit-360");
    await page.click("text=Scan next");
    await lastScanReads(page, "Not admitted");
    assertEquals(await ticketStatus(s.db, code), "RESERVED");
    assertEquals(await doorLog(s.db, code), []);

    // Typing in the field is never taken for a scanner, however fast.
    await page.focus("#manual-code");
    await page.keyboard.type("ABCD1234EFGH", { delay: 5 });
    assertEquals(await page.inputValue("#manual-code"), "ABCD1234EFGH");
    assertEquals(await page.locator("section.result").count(), 0);
    await page.fill("#manual-code", "");

    // A keyboard-wedge scanner with no field focused: a card, then Admit.
    await wedgeScan(page, formatTicketCode(code));
    c = await card(page);
    assertEquals([c.result, c.title], ["GREEN", "VALID TICKET"]);
    await page.click(".result .verify");
    assertEquals(await doneCard(page, "VALID"), "ADMITTED");
    assertEquals(await ticketStatus(s.db, code), "VERIFIED");
    await page.locator("section.result").waitFor({ state: "detached" });
    // A wedge scan over a card replaces it (no tap needed between guests).
    await wedgeScan(page, formatTicketCode(code));
    c = await card(page);
    assertEquals([c.result, c.title], ["YELLOW", "ALREADY VERIFIED"]);
    await wedgeScan(page, "not-a-ticket-code");
    c = await card(page);
    assertEquals([c.result, c.title], ["RED", "INVALID TICKET"]);
    await page.keyboard.press("Escape");

    // OUT: the screen says so, and each scan records an exit.
    await page.click("label[for=direction-out]");
    await page.locator(".mode-note.out").waitFor();
    await checkDoorScreen(page, "scanner-out-360");
    await typeCode(page, code);
    assertEquals(await doneCard(page, "EXIT"), "EXIT RECORDED");
    assertEquals(await isInside(s.db, code), false);
    await page.locator("section.result").waitFor({ state: "detached" });
    // Not inside any more: a second exit is refused.
    await typeCode(page, code);
    c = await card(page);
    assertEquals([c.result, c.title], ["YELLOW", "NOT INSIDE"]);
    await page.keyboard.press("Escape");

    // Back IN with admit on scan: the guest re-enters in one scan.
    await page.click("label[for=direction-in]");
    await page.click(".admit-mode .switch");
    await typeCode(page, code);
    assertEquals(await doneCard(page, "REENTRY"), "RE-ENTRY");
    assertEquals(await isInside(s.db, code), true);
    await page.locator("section.result").waitFor({ state: "detached" });
    await lastScanReads(page, "RE-ENTRY");
    assertEquals(await page.locator(".count strong").textContent(), "2");

    // Undo the re-entry: outside again, still VERIFIED.
    await page.click("button.undo");
    await lastScanReads(page, "Re-entry undone");
    assertEquals(await isInside(s.db, code), false);
    assertEquals(await ticketStatus(s.db, code), "VERIFIED");
    const log = (await doorLog(s.db, code)).filter((e) =>
      e[0] !== "RESCAN" && e[0] !== "REFUSED"
    );
    assertEquals(log.slice(0, 3), [
      ["VERIFIED", "IN", "East", false],
      ["EXIT", "OUT", "East", false],
      ["REENTRY", "IN", "East", true],
    ]);
    assertEquals(log.slice(3).map((e) => e[0]), ["UNDO"]);

    // Both switches are remembered on the device.
    await page.reload();
    await scannerReady(page);
    assertEquals(
      await page.locator(".admit-mode .switch").getAttribute("aria-pressed"),
      "true",
    );
    assert(await page.isChecked("#direction-in"));
    assertEquals(errors, []);
    await context.close();
  },
);
