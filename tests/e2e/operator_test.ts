/// <reference lib="dom" />
/** US-015 scenarios 3–6 at the door, in real Chromium on a phone-sized screen. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "playwright-core";
import { seedStaff, seedTickets } from "../helpers/api.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import {
  assertAccessible,
  newContext,
  overflowsSideways,
  PHONE,
  shot,
} from "./browser.ts";
import { ticketStatus } from "./fixtures.ts";
import {
  card,
  PASSWORD,
  PIN,
  qrVideo,
  reservedTicket,
  scannerReady,
  scannerTest,
  signIn,
  smallTargets,
  TODAY,
  typeCode,
} from "./operator_fixtures.ts";

const PHONE_CONTEXT = { viewport: PHONE, isMobile: true, hasTouch: true };

/** Screenshot, axe-core, no sideways scrolling, big enough tap targets. */
async function checkScreen(page: Page, name: string) {
  await shot(page, name);
  await assertAccessible(page, name);
  assert(!(await overflowsSideways(page)), `${name} scrolls sideways`);
  assertEquals(await smallTargets(page), [], `${name}: small tap targets`);
}

/** A code as a hurried person types it: lower case, spaces and a dash. */
function sloppy(code: string): string {
  return ` ${formatTicketCode(code).toLowerCase().replace("-", " ")} `;
}

scannerTest(
  "scenarios 3, 4, 5, 6: PIN login, typed codes, GREEN → verified → YELLOW, RED",
  async (s, browser) => {
    const today = await reservedTicket(s, TODAY);
    const later = await reservedTicket(s, "2026-11-28");
    const [unreserved] = await seedTickets(s.db, 1);
    const context = await newContext(browser, PHONE_CONTEXT);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    // No login yet: the scanner sends the visitor to the login page.
    await page.goto(s.url + "/operator/scan");
    assertEquals(
      new URL(page.url()).pathname + new URL(page.url()).search,
      "/operator/login?next=%2Foperator%2Fscan",
    );
    await page.waitForSelector("[data-island=OperatorLogin][data-hydrated]");
    await checkScreen(page, "operator-login");

    // Scenario 3 starts with a PIN login.
    await page.check("#mode-pin");
    assertEquals(await page.locator("label[for=secret]").textContent(), "PIN");
    await checkScreen(page, "operator-login-pin");
    await signIn(page, "jane", { pin: PIN });
    await scannerReady(page);
    await page.locator("[data-camera=live]").waitFor();
    assert((await page.locator(".scan-name").textContent()) === "Jane Smith");
    await checkScreen(page, "operator-scan");

    // GREEN, typed as a person would.
    await typeCode(page, sloppy(today));
    let c = await card(page);
    assertEquals([c.result, c.title], ["GREEN", "VALID TICKET"]);
    assertEquals(c.message, "Reserved for today 12:00–13:00");
    assert(c.text.includes("visitor@example.com"), c.text);
    assert(c.text.includes("+31612345678"), c.text);
    assertEquals(
      await page.evaluate(() => document.activeElement?.id),
      "result-title",
    );
    await checkScreen(page, "operator-green");

    await page.click("text=Mark as Verified");
    await page.locator("[data-result=VERIFIED]").waitFor();
    await checkScreen(page, "operator-verified");
    await page.locator("[data-result]").waitFor({ state: "detached" });
    assertEquals(await ticketStatus(s.db, today), "VERIFIED");
    assert((await page.locator(".last").textContent())!.includes("VERIFIED"));
    assertEquals(await page.locator(".count strong").textContent(), "1");
    assertEquals(
      await page.evaluate(() => document.activeElement?.id),
      "manual-code",
    );

    // Scenario 6: the same ticket again is YELLOW, with when and by whom.
    await typeCode(page, formatTicketCode(today));
    c = await card(page);
    assertEquals([c.result, c.title], ["YELLOW", "ALREADY VERIFIED"]);
    assertEquals(c.message, "Verified at 11:00 by Jane Smith");
    assertEquals(await page.locator("text=Mark as Verified").count(), 0);
    await checkScreen(page, "operator-yellow");
    await page.keyboard.press("Escape");
    await page.locator("[data-result]").waitFor({ state: "detached" });

    // Scenario 4: another date is RED with that date, and cannot be verified.
    await typeCode(page, later);
    c = await card(page);
    assertEquals([c.result, c.title], ["RED", "WRONG DATE"]);
    assertEquals(
      c.message,
      "Reserved for Sat 28 Nov 2026, 12:00–13:00: in 2 days",
    );
    assertEquals(await page.locator("text=Mark as Verified").count(), 0);
    assert(!c.text.includes("visitor@example.com"), "RED shows no contact");
    await checkScreen(page, "operator-red");
    assertEquals(await ticketStatus(s.db, later), "RESERVED");
    await page.click("text=Scan next");

    // Scenario 5: no reservation.
    await typeCode(page, unreserved);
    c = await card(page);
    assertEquals([c.result, c.title], ["RED", "NO RESERVATION"]);
    assertEquals(c.message, "Customer must book a time slot first");
    await page.click("text=Scan next");

    // Nonsense is INVALID TICKET, not an error.
    await typeCode(page, "hello");
    c = await card(page);
    assertEquals([c.result, c.title], ["RED", "INVALID TICKET"]);
    await page.click("text=Scan next");

    // The narrowest phones: nothing scrolls sideways, card included.
    await page.setViewportSize({ width: 360, height: 740 });
    await checkScreen(page, "operator-scan-360");
    await typeCode(page, later);
    await card(page);
    await checkScreen(page, "operator-red-360");

    assertEquals(errors, []);
    await context.close();
  },
);

scannerTest(
  "login failures, throttling, and a lapsed login that keeps the typed code",
  async (s, browser) => {
    const code = await reservedTicket(s, TODAY);
    const context = await newContext(browser, PHONE_CONTEXT);
    const page = await context.newPage();
    await page.goto(s.url + "/operator/login");

    // A wrong PIN says so, clearly.
    await signIn(page, "jane", { pin: "000000" });
    const alert = page.locator(".alert[role=alert]");
    await alert.waitFor();
    assertEquals(await alert.getAttribute("data-code"), "INVALID_CREDENTIALS");
    assert((await alert.textContent())!.includes("PIN is not correct"));
    await checkScreen(page, "operator-login-error");

    // A PIN must be digits: caught before asking the server.
    await page.fill("#secret", "12ab");
    await page.click("button[type=submit]");
    assertEquals(await alert.getAttribute("data-code"), "VALIDATION_FAILED");

    // Five failures for one username from one address: a wait, shown.
    const attempt = async (pin: string) => {
      await page.fill("#secret", pin);
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/api/operator/login")),
        page.click("button[type=submit]"),
      ]);
    };
    for (let i = 0; i < 4; i++) await attempt("00000" + i);
    await attempt(PIN); // right, but too late
    await page.locator(".alert[data-code=LOGIN_THROTTLED]").waitFor();
    const wait = await page.locator(".alert .wait").textContent();
    assert(/Try again in \d+ min \d\d s\./.test(wait!), wait!);
    await checkScreen(page, "operator-login-throttled");

    // With the password, another member of staff signs in; the login lapses
    // while a code is typed: back to the login, and the code is still there.
    await seedStaff(s.db, {
      username: "ben",
      name: "Ben Okafor",
      role: "OPERATOR",
      password: PASSWORD,
    });
    await page.check("#mode-password");
    await signIn(page, "ben", { password: PASSWORD });
    await scannerReady(page);
    await page.fill("#manual-code", formatTicketCode(code));
    await context.clearCookies();
    await page.click(".manual button[type=submit]");
    await page.waitForURL((u) => u.pathname === "/operator/login");
    assertEquals(new URL(page.url()).search, "?next=%2Foperator%2Fscan");
    await page.locator(".login .note").waitFor();
    assertEquals(await page.inputValue("#username"), "ben");
    await signIn(page, "ben", { password: PASSWORD });
    await scannerReady(page);
    assertEquals(await page.inputValue("#manual-code"), formatTicketCode(code));
    await page.click(".manual button[type=submit]");
    assertEquals((await card(page)).title, "VALID TICKET");

    // Signing out forgets the cookie: the scanner is closed again.
    await page.click("text=Scan next");
    await page.click("text=Sign out");
    await page.waitForURL((u) => u.pathname === "/operator/login");
    await page.goto(s.url + "/operator/scan");
    assertEquals(new URL(page.url()).pathname, "/operator/login");
    await context.close();
  },
);

let cameraCode = "";

scannerTest(
  "the camera reads a ticket's QR code (jsQR), once while it stays in view",
  async (s, browser) => {
    const context = await newContext(browser, PHONE_CONTEXT);
    const page = await context.newPage();
    await page.goto(s.url + "/operator/login");
    await signIn(page, "jane", { password: PASSWORD });
    await scannerReady(page);
    assert(
      !(await page.evaluate(() => "BarcodeDetector" in globalThis)),
      "Linux Chromium has no BarcodeDetector: this run tests jsQR",
    );

    const started = performance.now();
    const c = await card(page);
    console.log(
      `  card ${
        (performance.now() - started).toFixed(0)
      } ms after the scanner was ready`,
    );
    assertEquals([c.result, c.title], ["GREEN", "VALID TICKET"]);
    assert(c.text.includes(formatTicketCode(cameraCode)));
    await shot(page, "operator-camera-green");
    await assertAccessible(page, "camera GREEN card");

    await page.click("text=Mark as Verified");
    await page.locator("[data-result=VERIFIED]").waitFor();
    await page.locator("[data-result]").waitFor({ state: "detached" });
    assertEquals(await ticketStatus(s.db, cameraCode), "VERIFIED");
    // The QR code is still in front of the camera: not read again.
    await page.waitForTimeout(4000);
    assertEquals(await page.locator("[data-result]").count(), 0);
    await shot(page, "operator-camera-scanning");
    await context.close();
  },
  {
    cameraFile: async (s) => {
      cameraCode = await reservedTicket(s, TODAY);
      return await qrVideo(formatTicketCode(cameraCode));
    },
  },
);
