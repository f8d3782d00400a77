/// <reference lib="dom" />
/**
 * Tickets and reservations in the back office, in real Chromium over the
 * real routes, mail through an SMTP receiver: a CSV import with its report,
 * codes issued and downloaded, a customer's booking on the portal found by a
 * fragment of its code, moved through the calendar, resent, cancelled.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { Buffer } from "node:buffer";
import { seedSlot } from "../helpers/api.ts";
import { withReceiver, workerFor } from "../helpers/mail.ts";
import { DESKTOP, newContext, openPortal } from "./browser.ts";
import { portalTest } from "./fixtures.ts";
import { day } from "./portal_steps.ts";
import {
  checkScreen,
  freshCode,
  goSection,
  openOffice,
  seedOffice,
} from "./admin_fixtures.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";

portalTest(
  "back office: CSV import, codes issued, a booking found by a code fragment, moved, resent, cancelled",
  (s, browser) =>
    withReceiver(async (rx) => {
      await seedOffice(s);
      const existing = await seedSlot(s.db, {
        date: "2026-11-30",
        start: "10:00",
        end: "11:00",
        capacity: 5,
      });
      const target = await seedSlot(s.db, {
        date: "2026-12-01",
        start: "11:00",
        end: "12:00",
        capacity: 5,
      });
      const mail = workerFor(s, rx);
      const context = await newContext(browser, { viewport: DESKTOP });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await openOffice(page, s, "/admin/tickets");

      // Tickets: a CSV with three good rows, a bad one and a duplicate.
      const codes = [freshCode(), freshCode(), freshCode()];
      const csv = "code,status,order_ref\r\n" +
        codes.map((c) => `${c},ACTIVATED,ORD-7`).join("\r\n") +
        `\r\nBAD,ACTIVATED,\r\n${codes[0]},ACTIVATED,\r\n`;
      await page.setInputFiles("#import-file", {
        name: "tickets.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv),
      });
      await page.getByRole("button", { name: "Import" }).click();
      await page.locator("[data-import-report]").waitFor();
      assertEquals(await page.locator("[data-imported]").textContent(), "3");
      assertEquals(await page.locator("[data-skipped]").textContent(), "2");
      assertEquals(
        await page.locator("#import-progress").getAttribute("value"),
        "100",
      );
      // Issue two more and download them.
      await page.fill("#issue-count", "2");
      await page.getByRole("button", { name: "Issue", exact: true }).click();
      await page.locator("[data-issued]").waitFor();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download 2 codes (CSV)" }).click(),
      ]);
      const file = await Deno.readTextFile((await download.path())!);
      assertEquals(file.trim().split(/\r?\n/).length, 3);
      assert(file.startsWith("code,status,order_ref"));

      // A customer books the first imported code on the portal.
      const guest = await context.newPage();
      await openPortal(guest, `${s.url}/reserve?code=${codes[0]}`);
      await guest.fill("#email", "guest@example.com");
      await guest.fill("#phone", "+31612345678");
      await guest.click("text=Continue");
      await day(guest, "2026-11-30").click();
      await guest.locator(`[data-slot-id="${existing}"]`).click();
      await guest.getByRole("button", { name: "Confirm reservation" }).click();
      await guest.getByRole("heading", { name: "You're booked!" }).waitFor();
      await guest.close();
      await mail.runOnce();
      assertEquals(rx.messages.length, 1);

      // Found by a fragment of its code, moved through the calendar.
      await goSection(page, "Reservations", "AdminReservations");
      await page.getByLabel("Search by code, email or phone").check();
      await page.fill("#r-q", codes[0].slice(3, 9).toLowerCase());
      await page.getByRole("button", { name: "Show" }).click();
      const card = page.locator("[data-reservation]");
      await card.first().waitFor();
      assertEquals(await card.count(), 1);
      assert((await card.textContent())!.includes(formatTicketCode(codes[0])));
      await card.getByRole("button", { name: /^Move/ }).click();
      await page.locator(".adm-move .calendar").waitFor();
      await page.getByRole("button", { name: "Next month" }).click();
      await page.locator('.adm-move [data-date="2026-12-01"]').click();
      await page.locator(`.adm-move [data-slot-id="${target}"]`).click();
      await checkScreen(page, "admin-flow-move");
      await page.getByRole("button", { name: "Move to 2026-12-01 11:00" })
        .click();
      await page.locator("#res-result", { hasText: "moved to" }).waitFor();
      const [moved] = await s.db.query<{ slot_id: number }>(
        "SELECT slot_id FROM ticket_reservations WHERE status = 'RESERVED'",
      );
      assertEquals(moved.slot_id, target);
      assert(
        (await page.locator("[data-slot-when]").textContent())!.includes(
          "11:00",
        ),
      );

      // Resend: the mail arrives.
      await mail.runOnce(); // the "moved" mail
      const before = rx.messages.length;
      await card.getByRole("button", { name: /^Resend mail/ }).click();
      await page.locator("#res-result", { hasText: "sent again" }).waitFor();
      await mail.runOnce();
      assertEquals(rx.messages.length, before + 1);
      assertEquals(rx.messages.at(-1)!.to, ["guest@example.com"]);

      // Cancel, after a confirmation.
      await card.getByRole("button", { name: /^Cancel/ }).click();
      await page.getByRole("button", { name: "Yes, cancel it" }).click();
      await page.locator("#res-result", { hasText: "is cancelled" }).waitFor();
      const [cancelled] = await s.db.query<{ status: string }>(
        "SELECT status FROM ticket_reservations",
      );
      assertEquals(cancelled.status, "CANCELLED");

      // The export link downloads the range as CSV with the login cookie.
      const href = await page.locator("[data-export]").getAttribute("href");
      const exported = await page.request.get(s.url + href);
      assertEquals(exported.status(), 200);
      const rows = (await exported.text()).trim().split(/\r?\n/);
      assert(rows[0].startsWith("reservation_id,ticket_code,status"));
      assert(rows.some((r) => r.includes(codes[0]) && r.includes("CANCELLED")));
      await mail.stop();
      assertEquals(errors, []);
      await context.close();
    }),
);
