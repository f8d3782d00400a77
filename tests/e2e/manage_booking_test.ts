/// <reference lib="dom" />
/**
 * "Manage my booking" in real Chromium: the link read from the confirmation
 * mail (a real SMTP receiver) opens the booking; "Change time" through the
 * portal's calendar, a slot that fills up meanwhile (the refusal, focused,
 * with alternatives), "Cancel booking" with its confirm step; the page
 * without a link (code and email in a POST body); the success page that
 * survives a reload. axe-clean, on a 360 px phone as on a desktop.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "playwright-core";
import { post, seedTickets } from "../helpers/api.ts";
import { withReceiver, workerFor } from "../helpers/mail.ts";
import { parseMail } from "../helpers/mime.ts";
import { setSettings } from "../helpers/customer_changes.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { newContext, openPortal } from "./browser.ts";
import { devicePage } from "./device_page.ts";
import {
  bookedCount,
  portalTest,
  seedSeason,
  slotAt,
  ticketStatus,
} from "./fixtures.ts";
import { checkStep, day } from "./portal_steps.ts";

/** A narrow phone. */
const PHONE_360 = { width: 360, height: 740 };

async function openManage(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector("[data-island=ManageBooking][data-hydrated]");
}

/** The focused element's text. */
function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent ?? "");
}

/** Turns the change view's calendar to the month of `date`. */
async function showMonth(page: Page, date: string) {
  await page.locator(".calendar").waitFor();
  for (let i = 0; i < 3 && !(await day(page, date).isVisible()); i++) {
    await page.getByRole("button", { name: "Next month" }).click();
  }
}

/** Picks `date` `start` in the change view's calendar. */
async function pick(page: Page, date: string, start: string) {
  await showMonth(page, date);
  await day(page, date).click();
  await page.locator(".slot-panel .slot-time", {
    hasText: new RegExp(`^${start}`),
  }).click();
  await page.getByRole("heading", { name: "Move your visit?" }).waitFor();
}

for (
  const [device, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", PHONE_360],
  ] as const
) {
  portalTest(
    `the manage link from the mail: booking, change time, a slot that fills up, cancel [${device}]`,
    (s, browser) =>
      withReceiver(async (rx) => {
        await seedSeason(s.db);
        const [code] = await seedTickets(s.db, 1);
        const first = await slotAt(s.db, "2026-11-30", "12:00");
        const booked = await post(s.url, "/api/reservations/create", {
          ticket_code: code,
          slot_id: first,
          customer_email: "ines@example.com",
          customer_phone: "+31 6 1234 5678",
        });
        assertEquals(booked.status, 201, JSON.stringify(booked.body));
        const worker = workerFor(s, rx);
        assertEquals((await worker.drain()).sent, 1);
        const text = parseMail(rx.messages[0].raw).parts.find((p) =>
          p.type === "text/plain"
        )!.text;
        const link = new URL(
          /Change or cancel your booking: (\S+)/.exec(text)![1],
        );
        assertEquals(link.pathname, "/reserve/manage");
        // The mail's link on this test server's address.
        const url = s.url + link.pathname + link.search;

        const { context, page, errors } = await devicePage(
          browser,
          device,
          viewport,
        );

        await openManage(page, url);
        await page.getByRole("heading", { name: "Your booking", exact: true })
          .waitFor();
        const cutoff = await page.locator("[data-cutoff]").textContent();
        // 12:00 in Amsterdam on Monday 30 November, less 24 hours.
        assert(
          cutoff!.includes("Changes possible until Sun 29 Nov, 12:00"),
          cutoff!,
        );
        assert(
          (await page.locator(".summary").textContent())!.includes(
            "ines@example.com",
          ),
        );
        assert(
          (await page.textContent(".qr figcaption"))!.includes(
            formatTicketCode(code),
          ),
        );
        await checkStep(page, `manage-${device}-1-booking`);

        // Change time: the portal's calendar.
        await page.getByRole("button", { name: "Change time" }).click();
        await page.getByRole("heading", { name: "Choose a new date and time" })
          .waitFor();
        assertEquals(
          await page.evaluate(() =>
            document.activeElement?.id
          ),
          "manage-title",
        );
        await showMonth(page, "2026-12-02");
        await checkStep(page, `manage-${device}-2-change`);
        const target = await slotAt(s.db, "2026-12-02", "14:00");
        await pick(page, "2026-12-02", "14:00");
        await checkStep(page, `manage-${device}-3-confirm`);

        // Someone takes the last place meanwhile: refused, in words, focused,
        // with the nearest times that have room.
        await s.db.query(
          "UPDATE reservation_slots SET booked_count = 200, status = 'FULL' WHERE id = $1",
          [target],
        );
        await page.getByRole("button", { name: "Move my visit" }).click();
        const alert = page.locator("[data-problem]");
        await alert.waitFor();
        assertEquals(await alert.getAttribute("data-code"), "SLOT_FULL");
        assert(
          (await focusedText(page)).includes("this time just filled up"),
          await focusedText(page),
        );
        assertEquals(await bookedCount(s.db, first), 1);
        await checkStep(page, `manage-${device}-4-full`);
        const alt = page.locator(".alternatives button").first();
        const altText = (await alt.textContent())!;
        await alt.click();
        await page.getByRole("heading", { name: "Your booking", exact: true })
          .waitFor();
        const notice = page.locator("[data-notice]");
        assert((await notice.textContent())!.includes("Your visit has moved"));
        assert((await focusedText(page)).includes("Your visit has moved"));
        assertEquals(await bookedCount(s.db, first), 0);
        assert(altText.startsWith("Move to Wed 2 Dec"), altText);
        await checkStep(page, `manage-${device}-5-moved`);

        // Send the email again: said, focused, and the mail goes out.
        await worker.drain(); // the "moved" mail
        const before = rx.messages.length;
        await page.getByRole("button", { name: "Send the email again" })
          .click();
        await page.locator("[data-notice]", {
          hasText: "sent the confirmation",
        })
          .waitFor();
        assert(
          (await focusedText(page)).includes("ines@example.com"),
          await focusedText(page),
        );
        assertEquals((await worker.drain()).sent, 1);
        assertEquals(rx.messages.length, before + 1);

        // The horizon shrank meanwhile: the refusal says which dates remain.
        await page.getByRole("button", { name: "Change time" }).click();
        await pick(page, "2026-12-10", "10:00");
        await setSettings(s, { booking_horizon_days: 10 });
        s.deps.caches.availability.forget(1);
        await page.getByRole("button", { name: "Move my visit" }).click();
        await alert.waitFor();
        assertEquals(
          await alert.getAttribute("data-code"),
          "SLOT_BEYOND_HORIZON",
        );
        assert(
          (await focusedText(page)).includes("Saturday 5 December 2026"),
          await focusedText(page),
        );
        await checkStep(page, `manage-${device}-6-horizon`);
        await page.getByRole("button", { name: "Choose another time" }).click();
        await page.getByRole("button", { name: "Back to my booking" }).click();

        // Past the cut-off meanwhile (Tue 1 Dec, 13:00 in Amsterdam): the
        // refusal says until when changes were possible; back on the
        // booking, changes are no longer offered.
        await page.getByRole("button", { name: "Cancel booking" }).click();
        s.clock.set("2026-12-01T12:00:00Z");
        await page.getByRole("button", { name: "Yes, cancel my booking" })
          .click();
        await alert.waitFor();
        assertEquals(
          await alert.getAttribute("data-code"),
          "CHANGE_CUTOFF_PASSED",
        );
        assert(
          (await focusedText(page)).includes("until Tue 1 Dec, 13:00"),
          await focusedText(page),
        );
        await checkStep(page, `manage-${device}-7-cutoff`);
        assertEquals(
          await page.getByRole("button", { name: "Yes, cancel my booking" })
            .count(),
          0,
        );
        await page.getByRole("button", { name: "Keep my booking" }).click();
        assertEquals(
          await page.getByRole("button", { name: "Change time" }).count(),
          0,
        );
        assert(
          (await page.locator("[data-cutoff]").textContent())!.includes(
            "can no longer be changed online",
          ),
        );
        s.clock.set("2026-11-26T10:00:00Z");
        await page.reload();
        await page.waitForSelector(
          "[data-island=ManageBooking][data-hydrated]",
        );

        // Cancel, with a confirm step; "Keep my booking" keeps it.
        await page.getByRole("button", { name: "Cancel booking" }).click();
        await page.getByRole("heading", { name: "Cancel your booking?" })
          .waitFor();
        await checkStep(page, `manage-${device}-8-cancel`);
        await page.getByRole("button", { name: "Keep my booking" }).click();
        assertEquals(await ticketStatus(s.db, code), "RESERVED");
        await page.getByRole("button", { name: "Cancel booking" }).click();
        await page.getByRole("button", { name: "Yes, cancel my booking" })
          .click();
        await page.getByRole("heading", { name: "Your booking is cancelled" })
          .waitFor();
        assertEquals(await ticketStatus(s.db, code), "ACTIVATED");
        await checkStep(page, `manage-${device}-9-cancelled`);

        // The mail's link now opens nothing: said so, with the way back.
        await openManage(page, url);
        await page.getByRole("heading", { name: "Find your booking" })
          .waitFor();
        assertEquals(
          await page.locator("[data-problem]").getAttribute("data-code"),
          "RESERVATION_NOT_FOUND",
        );
        await checkStep(page, `manage-${device}-10-gone`);

        await worker.drain(); // the cancellation
        await worker.stop();
        assertEquals(errors, []);
        await context.close();
      }),
  );
}

portalTest(
  "without a link: code and email in a POST body open the booking; the token then rides in the address",
  async (s, browser) => {
    await seedSeason(s.db);
    const [code] = await seedTickets(s.db, 1);
    const slot = await slotAt(s.db, "2026-11-30", "12:00");
    const r = await post(s.url, "/api/reservations/create", {
      ticket_code: code,
      slot_id: slot,
      customer_email: "ines@example.com",
      customer_phone: "+31612345678",
    });
    assertEquals(r.status, 201);
    const context = await newContext(browser, { viewport: PHONE_360 });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (req) => requests.push(req.url()));

    await openManage(page, `${s.url}/reserve/manage`);
    await checkStep(page, "manage-login");
    await page.getByLabel("Ticket code").fill(code.toLowerCase());
    await page.getByLabel("Email address").fill("someone@example.com");
    await page.getByRole("button", { name: "Show my booking" }).click();
    await page.locator("[data-problem]").waitFor();
    assert(
      (await focusedText(page)).includes(
        "We can't find a booking for this code and email",
      ),
    );
    await page.getByLabel("Email address").fill("INES@example.com");
    await page.getByRole("button", { name: "Show my booking" }).click();
    await page.getByRole("heading", { name: "Your booking", exact: true })
      .waitFor();
    // No code and no email in any address the page asked for.
    for (const u of [...requests, page.url()]) {
      assert(!u.toUpperCase().includes(code), u);
      assert(!u.toLowerCase().includes("ines"), u);
    }
    assert(new URL(page.url()).searchParams.get("token"));
    // A reload shows the booking again.
    await page.reload();
    await page.waitForSelector("[data-island=ManageBooking][data-hydrated]");
    await page.getByRole("heading", { name: "Your booking", exact: true })
      .waitFor();
    await context.close();
  },
);

portalTest(
  "the success page survives a reload and links to the manage page",
  async (s, browser) => {
    await seedSeason(s.db);
    const [code] = await seedTickets(s.db, 1);
    const context = await newContext(browser);
    const page = await context.newPage();
    await openPortal(page, `${s.url}/reserve?code=${code}`);
    await page.fill("#email", "zoe@example.com");
    await page.fill("#phone", "+31 6 1234 5678");
    await page.getByRole("button", { name: "Continue" }).click();
    await day(page, "2026-11-30").click();
    await page.locator(".slot-panel .slot", { hasText: "12:00" }).first()
      .click();
    await page.getByRole("button", { name: "Confirm reservation" }).click();
    await page.getByRole("heading", { name: "You're booked!" }).waitFor();
    assert(!new URL(page.url()).search.includes(code));

    await page.reload();
    await page.waitForSelector("[data-island=ReservePortal][data-hydrated]");
    await page.getByRole("heading", { name: "You're booked!" }).waitFor();
    assert(
      (await page.textContent(".qr figcaption"))!.includes(
        formatTicketCode(code),
      ),
    );
    await page.getByRole("link", { name: "Change or cancel this booking" })
      .click();
    await page.waitForSelector("[data-island=ManageBooking][data-hydrated]");
    await page.getByRole("heading", { name: "Your booking", exact: true })
      .waitFor();
    await context.close();
  },
);
