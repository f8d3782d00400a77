/// <reference lib="dom" />
/** The group booking page in real Chromium: paste codes → one slot → every QR code. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { seedTickets } from "../helpers/api.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { DESKTOP, newContext } from "./browser.ts";
import { devicePage } from "./device_page.ts";
import {
  bookedCount,
  portalTest,
  seedSeason,
  slotAt,
  ticketStatus,
} from "./fixtures.ts";
import { checkStep, day } from "./portal_steps.ts";

const PHONE_360 = { width: 360, height: 740 };

for (
  const [device, viewport] of [["desktop", DESKTOP], [
    "phone",
    PHONE_360,
  ]] as const
) {
  portalTest(
    `group booking: paste codes, one slot for all, every QR code [${device}]`,
    async (s, browser) => {
      await seedSeason(s.db);
      const codes = await seedTickets(s.db, 3);
      const [pending] = await seedTickets(s.db, 1, {
        status: "PENDING_PAYMENT",
      });
      // 2 places left at 12:00 on the 27th: too few for 3, so FULL for the party.
      const tight = await slotAt(s.db, "2026-11-27", "12:00");
      await s.db.query(
        "UPDATE reservation_slots SET total_capacity = 2 WHERE id = $1",
        [tight],
      );
      const slot = await slotAt(s.db, "2026-11-27", "14:00");
      const { context, page, errors } = await devicePage(
        browser,
        device,
        viewport,
      );

      // The portal's first step links here.
      await page.goto(s.url + "/reserve");
      await page.getByRole("link", { name: "Booking for several tickets?" })
        .click();
      await page.waitForSelector("[data-island=GroupBooking][data-hydrated]");
      await checkStep(page, `group-${device}-1-empty`);

      // Paste: two codes on lines, one typed in groups with a comma, a
      // duplicate and an unpaid ticket.
      await page.fill(
        "#ticket-codes",
        `${codes[0]}\n${formatTicketCode(codes[1]).toLowerCase()}, ${
          codes[2]
        }\n${codes[0]}\n${pending}`,
      );
      await page.getByRole("button", { name: "Add codes" }).click();
      await page.locator('.code-row[data-status="checking"]').first()
        .waitFor({ state: "detached" });
      assertEquals(
        await page.locator(".code-row").evaluateAll((rows) =>
          rows.map((r) => (r as HTMLElement).dataset.status)
        ),
        ["ok", "ok", "ok", "problem", "problem"],
      );
      await checkStep(page, `group-${device}-1-checked`);
      // Problems must go before continuing.
      await page.getByRole("button", { name: "Continue" }).click();
      assert(
        (await page.locator("[role=alert].field-error").textContent())!
          .includes("Remove"),
      );
      await page.getByRole("button", {
        name: `Remove ${formatTicketCode(pending)}`,
      }).click();
      await page.getByRole("button", {
        name: `Remove ${formatTicketCode(codes[0])}`,
      }).last().click();
      assertEquals(await page.locator(".code-row").count(), 3);
      await page.getByRole("button", { name: "Continue" }).click();

      // The portal's contact step.
      await page.getByRole("heading", { name: "Your contact details" })
        .waitFor();
      await page.fill("#email", "group.lead@example.com");
      await page.fill("#phone", "+31 6 1234 5678");
      await page.getByRole("button", { name: "Continue" }).click();

      // The calendar, asked for a party of 3: the 2-place slot reads full.
      await day(page, "2026-11-27").waitFor();
      await day(page, "2026-11-27").click();
      await page.locator(`[data-slot-id="${slot}"]`).waitFor();
      assertEquals(
        await page.locator(`[data-slot-id="${tight}"]`).isDisabled(),
        true,
      );
      await checkStep(page, `group-${device}-3-slots`);
      await page.locator(`[data-slot-id="${slot}"]`).click();

      // Confirm: every ticket listed.
      await page.getByRole("heading", { name: "Check and confirm" }).waitFor();
      const summary = (await page.locator(".summary").textContent())!;
      for (const c of codes) assert(summary.includes(formatTicketCode(c)), c);
      await checkStep(page, `group-${device}-4-confirm`);
      await page.getByRole("button", { name: "Book 3 tickets" }).click();

      // Done: one QR code per ticket, each image served.
      await page.getByRole("heading", { name: "You're booked!" }).waitFor();
      const imgs = page.locator(".qr-grid img");
      assertEquals(await imgs.count(), 3);
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>(".qr-grid img")]
          .every((i) => i.complete && i.naturalWidth > 0)
      );
      await checkStep(page, `group-${device}-5-done`);

      assertEquals(await bookedCount(s.db, slot), 3);
      for (const c of codes) {
        assertEquals(await ticketStatus(s.db, c), "RESERVED");
      }
      assertEquals(await ticketStatus(s.db, pending), "PENDING_PAYMENT");
      assertEquals(errors, []);
      await context.close();
    },
  );
}

portalTest(
  "group booking: the slot filled up meanwhile, an alternative with room books the group",
  async (s, browser) => {
    await seedSeason(s.db);
    const codes = await seedTickets(s.db, 2);
    const slot = await slotAt(s.db, "2026-11-27", "12:00");
    // The nearest times with room: 11:00 and 13:00, an hour away each.
    const near = [
      await slotAt(s.db, "2026-11-27", "11:00"),
      await slotAt(s.db, "2026-11-27", "13:00"),
    ];
    const context = await newContext(browser, { viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(s.url + "/reserve/group");
    await page.waitForSelector("[data-island=GroupBooking][data-hydrated]");
    await page.fill("#ticket-codes", codes.join("\n"));
    await page.getByRole("button", { name: "Add codes" }).click();
    await page.locator('.code-row[data-status="ok"]').nth(1).waitFor();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.fill("#email", "group.lead@example.com");
    await page.fill("#phone", "+31 6 1234 5678");
    await page.getByRole("button", { name: "Continue" }).click();
    await day(page, "2026-11-27").click();
    await page.locator(`[data-slot-id="${slot}"]`).click();
    await page.getByRole("heading", { name: "Check and confirm" }).waitFor();
    // Meanwhile the slot keeps one place only.
    await s.db.query(
      `UPDATE reservation_slots SET booked_count = total_capacity - 1
        WHERE id = $1`,
      [slot],
    );
    await page.getByRole("button", { name: "Book 2 tickets" }).click();
    const alert = page.locator('[role=alert][data-code="SLOT_FULL"]');
    await alert.waitFor();
    assert((await alert.textContent())!.includes("2 tickets"));
    await checkStep(page, "group-desktop-4-full");
    await alert.locator(".alternative").first().click();
    await page.getByRole("heading", { name: "You're booked!" }).waitFor();
    assertEquals(
      (await bookedCount(s.db, near[0])) + (await bookedCount(s.db, near[1])),
      2,
    );
    assertEquals(await bookedCount(s.db, slot), 199);
    for (const c of codes) {
      assertEquals(await ticketStatus(s.db, c), "RESERVED");
    }
    await context.close();
  },
);
