/// <reference lib="dom" />
/**
 * Booking without JavaScript: every step is a plain form posted to
 * `/reserve`, and no address the browser asks for carries the customer's
 * email or phone.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { seedTickets } from "../helpers/api.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { newContext } from "./browser.ts";
import {
  bookedCount,
  portalTest,
  seedSeason,
  slotAt,
  ticketStatus,
} from "./fixtures.ts";
import { day } from "./portal_steps.ts";

const EMAIL = "noscript.visitor@example.org";
const PHONE = "+44 20 7946 0958";

/** A page with scripts off, and every URL it requests (raw and decoded). */
async function noScriptPage(
  context: BrowserContext,
): Promise<{ page: Page; urls: string[] }> {
  const page = await context.newPage();
  const urls: string[] = [];
  page.on("request", (req) => urls.push(req.url()));
  return { page, urls };
}

/** No requested URL holds the email or the phone, in any spelling. */
function assertNoContactInUrls(urls: string[]) {
  const digits = PHONE.replace(/\D/g, "");
  for (const url of urls) {
    const plain = decodeURIComponent(url.replace(/\+/g, " "));
    assert(!plain.includes(EMAIL), `email in ${url}`);
    assert(!plain.includes("noscript.visitor"), `email in ${url}`);
    assert(!plain.replace(/\D/g, "").includes(digits), `phone in ${url}`);
  }
}

async function heading(page: Page): Promise<string> {
  return (await page.locator("#step-title").textContent()) ?? "";
}

portalTest("without JavaScript: a booking from ticket code to success", async (
  s,
  browser,
) => {
  await seedSeason(s.db);
  const [code] = await seedTickets(s.db, 1);
  const slot = await slotAt(s.db, "2026-12-03", "14:00");
  const context = await newContext(browser, { javaScriptEnabled: false });
  const { page, urls } = await noScriptPage(context);
  const posted: string[] = [];
  page.on("request", (req) => {
    if (req.method() === "POST") posted.push(req.postData() ?? "");
  });

  await page.goto(s.url + "/reserve");
  assertEquals(await heading(page), "Your ticket");
  await page.fill("#ticket-code", code);
  await page.click("button[type=submit]");

  assertEquals(await heading(page), "Your contact details");
  assert(
    (await page.locator(".note.ok").textContent())!.includes(
      formatTicketCode(code),
    ),
  );
  await page.fill("#email", EMAIL);
  await page.fill("#phone", PHONE);
  await page.click("form button[type=submit]");

  // The calendar: days and months are buttons that post.
  assertEquals(await heading(page), "Choose a date and time");
  assertEquals(
    await page.locator("#calendar-month").textContent(),
    "November 2026",
  );
  await page.click("button[aria-label='Next month']");
  assertEquals(
    await page.locator("#calendar-month").textContent(),
    "December 2026",
  );
  await day(page, "2026-12-03").click();
  assertEquals(
    await page.locator(".slot-panel h3").textContent(),
    "Times on Thursday 3 December 2026",
  );
  await page.locator(`[data-slot-id="${slot}"]`).click();

  assertEquals(await heading(page), "Check and confirm");
  const summary = (await page.locator(".summary").textContent())!;
  assert(summary.includes("Thursday 3 December 2026"), summary);
  assert(summary.includes("14:00–15:00"), summary);
  assert(summary.includes(EMAIL), summary);
  // "Change" goes back to the chosen day, and on.
  await page.locator(".summary button").first().click();
  assertEquals(await heading(page), "Choose a date and time");
  assertEquals(
    await page.locator(".slot-panel h3").textContent(),
    "Times on Thursday 3 December 2026",
  );
  await page.locator(`[data-slot-id="${slot}"]`).click();
  assertEquals(await heading(page), "Check and confirm");
  await page.click("text=Confirm reservation");

  // Booked: the manage page, addressed by its token.
  await page.waitForURL(/\/reserve\/manage\?token=/);
  assert((await page.textContent("body"))!.includes("14:00–15:00"));
  assertEquals(await bookedCount(s.db, slot), 1);
  assertEquals(await ticketStatus(s.db, code), "RESERVED");
  assert(posted.some((body) => body.includes("email=noscript.visitor")));
  assertNoContactInUrls(urls);
  await context.close();
});

portalTest(
  "without JavaScript: mistakes come back with their messages",
  async (s, browser) => {
    await seedSeason(s.db);
    const [code] = await seedTickets(s.db, 1);
    const context = await newContext(browser, { javaScriptEnabled: false });
    const { page, urls } = await noScriptPage(context);

    // A code of the wrong shape, then one that does not exist.
    await page.goto(s.url + "/reserve");
    await page.fill("#ticket-code", "12");
    await page.click("button[type=submit]");
    assertEquals(await heading(page), "Your ticket");
    assertEquals(
      await page.locator("#ticket-code-error").textContent(),
      "A ticket code has 20 letters and digits, for example 7K3Q-W9M2-XC4T-PA8R-1VNE.",
    );
    await page.fill("#ticket-code", "AAAA-BBBB-CCCC-DDDD-EEEE");
    await page.click("button[type=submit]");
    assertEquals(
      await page.locator(".alert[data-code]").getAttribute("data-code"),
      "TICKET_NOT_FOUND",
    );
    // The code typed is kept in the field.
    assertEquals(
      await page.inputValue("#ticket-code"),
      "AAAA-BBBB-CCCC-DDDD-EEEE",
    );

    await page.fill("#ticket-code", code);
    await page.click("button[type=submit]");
    await page.fill("#email", "anna@");
    await page.fill("#phone", PHONE);
    await page.click("form button[type=submit]");
    assertEquals(await heading(page), "Your contact details");
    assertEquals(
      await page.locator("#email-error").textContent(),
      "Enter an email address like name@example.com.",
    );
    assertEquals(await page.inputValue("#phone"), PHONE);

    // Fixed, then a slot that fills up before "Confirm": the nearby times.
    await page.fill("#email", EMAIL);
    await page.click("form button[type=submit]");
    await day(page, "2026-11-27").click();
    const noon = await slotAt(s.db, "2026-11-27", "12:00");
    await page.locator(`[data-slot-id="${noon}"]`).click();
    assertEquals(await heading(page), "Check and confirm");
    await s.db.query(
      `UPDATE reservation_slots SET booked_count = total_capacity, status = 'FULL'
        WHERE id = $1`,
      [noon],
    );
    await page.click("text=Confirm reservation");
    assertEquals(
      await page.locator(".alert[data-code]").getAttribute("data-code"),
      "SLOT_FULL",
    );
    const alternatives = page.locator("button.alternative");
    assert((await alternatives.count()) > 0);
    await alternatives.first().click();
    await page.waitForURL(/\/reserve\/manage\?token=/);
    assertEquals(await ticketStatus(s.db, code), "RESERVED");
    assertEquals(await bookedCount(s.db, noon), 200);
    assertNoContactInUrls(urls);
    await context.close();
  },
);
