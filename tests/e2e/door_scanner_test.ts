/// <reference lib="dom" />
/**
 * The door scanner as staff use it (API.md "Door"): admit on the scan with
 * the camera, the gate of the device, undo; real Chromium, a fake camera.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { shot } from "./browser.ts";
import { ticketStatus } from "./fixtures.ts";
import {
  card,
  qrVideo,
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
  lastScanReads,
  openScanner,
  setOrgSettings,
} from "./door_fixtures.ts";

let cameraCode = "";

scannerTest(
  "admit on scan (the venue's default): the camera's GREEN admits at the gate, the same code is ALREADY VERIFIED, undo, the gate is remembered",
  async (s, browser) => {
    await setOrgSettings(s, { check_in_on_scan: true });
    const { context, page, errors } = await openScanner(s, browser);

    // First visit on this device: which gate? The camera waits meanwhile.
    await page.locator("#gate-name").waitFor();
    assertEquals(
      await page.evaluate(() => document.activeElement?.id),
      "gate-name",
    );
    await checkDoorScreen(page, "scanner-gate-chooser");
    await page.click(".gate-chooser >> text=Use this gate");
    await page.locator("#gate-error").waitFor(); // empty is not a gate
    await page.fill("#gate-name", "x".repeat(51));
    await page.click(".gate-chooser >> text=Use this gate");
    assert((await page.locator("#gate-error").textContent())!.includes("50"));
    await checkDoorScreen(page, "scanner-gate-error");
    assertEquals(await page.locator("section.result").count(), 0);
    await page.fill("#gate-name", "  North   door ");
    await page.click(".gate-chooser >> text=Use this gate");

    // The QR code in front of the camera: admitted at once, with the gate.
    const title = await doneCard(page, "VALID");
    assertEquals(title, "ADMITTED");
    await shot(page, "scanner-admitted"); // it goes by itself: no time for axe
    assertEquals(await ticketStatus(s.db, cameraCode), "VERIFIED");
    assertEquals(await doorLog(s.db, cameraCode), [
      ["VERIFIED", "IN", "North door", false],
    ]);
    // Scanning resumes by itself; the code still in view is not read again.
    await page.locator("section.result").waitFor({ state: "detached" });
    await lastScanReads(page, "ADMITTED");
    assertEquals(await page.locator(".count strong").textContent(), "1");
    assertEquals(await page.locator(".gate-name").textContent(), "North door");
    assertEquals(
      await page.locator(".admit-mode .switch").getAttribute("aria-pressed"),
      "true",
    );
    await checkDoorScreen(page, "scanner-scan-360");

    // A shared screenshot of the same ticket does not get a second guest in.
    await typeCode(page, formatTicketCode(cameraCode));
    const c = await card(page);
    assertEquals([c.result, c.title], ["YELLOW", "ALREADY VERIFIED"]);
    assertEquals(await page.locator(".result .verify").count(), 0);
    await page.keyboard.press("Escape");
    await page.locator("section.result").waitFor({ state: "detached" });

    // The admission was a mistake: undone, the ticket unused again.
    await page.click("button.undo");
    await lastScanReads(page, "Admission undone");
    assertEquals(await ticketStatus(s.db, cameraCode), "RESERVED");
    assertEquals(await page.locator("button.undo").count(), 0);
    assertEquals(await page.locator(".count strong").textContent(), "0");
    const log = await doorLog(s.db, cameraCode);
    assertEquals(log[0], ["VERIFIED", "IN", "North door", true]);
    assertEquals(log.at(-1)?.[0], "UNDO");

    // A reload (or the next sign-in) keeps the gate: no question, and the
    // ticket, usable again, is admitted again from the camera.
    await page.reload();
    await scannerReady(page);
    assertEquals(await doneCard(page, "VALID"), "ADMITTED");
    assertEquals(await page.locator(".gate-chooser").count(), 0);
    await page.locator("section.result").waitFor({ state: "detached" });
    assertEquals(await page.locator(".gate-name").textContent(), "North door");
    assertEquals(
      (await doorLog(s.db, cameraCode)).filter((e) => e[0] === "VERIFIED"),
      [["VERIFIED", "IN", "North door", true], [
        "VERIFIED",
        "IN",
        "North door",
        false,
      ]],
    );
    // Tap the gate to change it.
    await page.click(".gate-button");
    assertEquals(await page.inputValue("#gate-name"), "North door");
    await page.keyboard.press("Escape");
    await page.locator(".gate-chooser").waitFor({ state: "detached" });
    assertEquals(errors, []);
    await context.close();
  },
  {
    cameraFile: async (s) => {
      cameraCode = await reservedTicket(s, TODAY);
      return await qrVideo(formatTicketCode(cameraCode));
    },
  },
);
