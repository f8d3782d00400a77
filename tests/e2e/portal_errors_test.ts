/// <reference lib="dom" />
/** The ticket step's answer to every reason a ticket cannot be booked, in real Chromium. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { generateTicketCode } from "../../domain/ticket_code.ts";
import {
  assertAccessible,
  newContext,
  openPortal,
  PHONE,
  shot,
} from "./browser.ts";
import { portalTest } from "./fixtures.ts";

/** The alert's code and text after typing `code` into step 1. */
async function typeCode(page: Page, code: string) {
  await page.fill("#ticket-code", code);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/tickets/validate")),
    page.getByRole("button", { name: "Check ticket" }).click(),
  ]);
  const alert = page.locator(".alert[role=alert]");
  await alert.waitFor();
  return {
    code: await alert.getAttribute("data-code"),
    text: (await alert.textContent())!,
  };
}

portalTest(
  "every ticket problem gets its own plain-language message",
  async (s, browser) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
    });
    const [reserved] = await seedTickets(s.db, 1);
    assertEquals(
      (await post(
        s.url,
        "/api/reservations/create",
        reservationBody(reserved, slot),
      )).status,
      201,
    );
    const [pending] = await seedTickets(s.db, 1, { status: "PENDING_PAYMENT" });
    const [verified] = await seedTickets(s.db, 1, { status: "VERIFIED" });
    const [expired] = await seedTickets(s.db, 1, { status: "EXPIRED" });
    const [lapsed] = await seedTickets(s.db, 1, {
      expiresAt: "2026-11-01T00:00:00Z",
    });
    const cases: [string, string, string][] = [
      [
        generateTicketCode(),
        "TICKET_NOT_FOUND",
        "We can't find a ticket with this code",
      ],
      [pending, "TICKET_NOT_ACTIVATED", "hasn't been paid for yet"],
      [
        reserved,
        "TICKET_ALREADY_RESERVED",
        "booked for Friday 27 November 2026, 12:00–13:00",
      ],
      [verified, "TICKET_ALREADY_VERIFIED", "has already been used"],
      [expired, "TICKET_EXPIRED", "has expired"],
      [lapsed, "TICKET_EXPIRED", "has expired"],
    ];
    const context = await newContext(browser);
    const page = await context.newPage();
    for (const [code, expected, words] of cases) {
      // Typed into step 1 (POST /api/tickets/validate from the island) …
      await openPortal(page, s.url + "/reserve");
      const typed = await typeCode(page, code);
      assertEquals(typed.code, expected);
      assert(typed.text.includes(words), `${expected}: ${typed.text}`);
      await shot(page, `error-typed-${expected}`);
      await assertAccessible(page, `typed ${expected}`);
      // … and from a link: the server renders the same answer.
      await openPortal(page, `${s.url}/reserve?code=${code}`);
      const alert = page.locator(".alert[role=alert]");
      assertEquals(await alert.getAttribute("data-code"), expected);
      assert((await alert.textContent())!.includes(words));
    }

    // An already booked ticket links to its QR code (GET /api/reservations/lookup).
    await openPortal(page, s.url + "/reserve");
    await typeCode(page, reserved);
    const qr = page.getByRole("link", { name: "Show my QR code" });
    await qr.waitFor();
    const svg = await page.request.get(s.url + (await qr.getAttribute("href")));
    assertEquals(svg.status(), 200);
    assertEquals(svg.headers()["content-type"], "image/svg+xml");
    await shot(page, "error-already-reserved-links");
    await assertAccessible(page, "already reserved with links");

    // Something that cannot be a code is caught before asking the server.
    await openPortal(page, s.url + "/reserve");
    await page.fill("#ticket-code", "12345");
    await page.getByRole("button", { name: "Check ticket" }).click();
    assert(
      (await page.locator("#ticket-code-error").textContent())!.includes(
        "20 letters and digits",
      ),
    );
    assertEquals(
      await page.locator("#ticket-code").getAttribute("aria-invalid"),
      "true",
    );
    await page.fill("#ticket-code", "");
    await page.getByRole("button", { name: "Check ticket" }).click();
    assertEquals(
      await page.locator("#ticket-code-error").textContent(),
      "Enter the ticket code from your order email.",
    );
    await shot(page, "error-field");
    await assertAccessible(page, "field error");
    await context.close();
  },
);

portalTest(
  "too many attempts: RATE_LIMITED says how long to wait",
  async (s, browser) => {
    const context = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await openPortal(page, s.url + "/reserve");
    assertEquals(
      (await typeCode(page, generateTicketCode())).code,
      "TICKET_NOT_FOUND",
    );
    assertEquals(
      (await typeCode(page, generateTicketCode())).code,
      "TICKET_NOT_FOUND",
    );
    const third = await typeCode(page, generateTicketCode());
    assertEquals(third.code, "RATE_LIMITED");
    assert(
      /Please wait \d+ seconds and try again/.test(third.text),
      third.text,
    );
    await shot(page, "error-rate-limited-phone");
    await assertAccessible(page, "rate limited");
    // A link opened while limited answers the same, rendered by the server.
    await openPortal(page, `${s.url}/reserve?code=${generateTicketCode()}`);
    assertEquals(
      await page.locator(".alert[role=alert]").getAttribute("data-code"),
      "RATE_LIMITED",
    );
    await context.close();
  },
  { env: { RATE_LIMIT_VALIDATE_PER_MIN: "2" } },
);
