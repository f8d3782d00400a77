/// <reference lib="dom" />
/**
 * The back office end to end in real Chromium, over the real routes, with
 * mail through an SMTP receiver: a series created after its preview, a CSV
 * import, a customer's booking found by a code fragment, moved, resent and
 * cancelled; capacity below the booked count explained; staff added and
 * disabled (the last administrator kept); a setting changed.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { get, login, post, reservationBody, seedSlot } from "../helpers/api.ts";
import { withReceiver, workerFor } from "../helpers/mail.ts";
import { DESKTOP, newContext, openPortal } from "./browser.ts";
import { portalTest, slotAt } from "./fixtures.ts";
import { day } from "./portal_steps.ts";
import {
  ADMIN_PASSWORD,
  checkScreen,
  freshCode,
  goSection,
  liveText,
  openOffice,
  seedOffice,
} from "./admin_fixtures.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { Buffer } from "node:buffer";

async function slotCount(s: { db: { query: <T>(q: string) => Promise<T[]> } }) {
  const [row] = await s.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM reservation_slots",
  );
  return row.n;
}

portalTest(
  "back office: series with preview, CSV import, booking found, moved, resent, cancelled; staff; settings",
  (s, browser) =>
    withReceiver(async (rx) => {
      await seedOffice(s);
      const existing = await seedSlot(s.db, {
        date: "2026-11-30",
        start: "10:00",
        end: "11:00",
        capacity: 5,
      });
      const mail = workerFor(s, rx);
      const context = await newContext(browser, { viewport: DESKTOP });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await openOffice(page, s, "/admin/slots");

      // A date in the past: the API's message, nothing created.
      await page.fill("#c-from", "2026-11-20");
      await page.fill("#c-to", "2026-11-22");
      await page.getByRole("button", { name: "Preview" }).click();
      await page.locator("[data-code=VALIDATION_FAILED]").waitFor();
      assertEquals(await slotCount(s), 1);
      assert(
        await page.evaluate(() =>
          document.activeElement?.getAttribute("aria-invalid") === "true" ||
          document.activeElement?.classList.contains("adm-problem")
        ),
        "focus goes to the field or the problem",
      );

      // A series Monday to Friday, twice a day: the preview writes nothing.
      await page.fill("#c-from", "2026-11-30");
      await page.fill("#c-to", "2026-12-06");
      await page.uncheck('input[name=weekdays][value="6"]');
      await page.uncheck('input[name=weekdays][value="7"]');
      await page.fill("#c-times", "10:00-11:00\n11:00-12:00");
      await page.fill("#c-capacity", "5");
      await page.getByRole("button", { name: "Preview" }).click();
      await page.locator("[data-preview]").waitFor();
      assertEquals(await page.locator("[data-will-create]").textContent(), "9");
      assertEquals(await page.locator("[data-will-skip]").textContent(), "1");
      assertEquals(await slotCount(s), 1);
      await checkScreen(page, "admin-flow-preview");
      await page.getByRole("button", { name: "Create 9 slots" }).click();
      await page.getByText("9 slots created, 1 skipped.").waitFor();
      assertEquals(await slotCount(s), 10);
      const target = await slotAt(s.db, "2026-12-01", "11:00:00");

      // Tickets: a CSV with three good rows, a bad one and a duplicate.
      await goSection(page, "Tickets", "AdminTickets");
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

      // Capacity below the booked places: explained next to the field.
      for (const c of codes.slice(1)) {
        const r = await post(
          s.url,
          "/api/reservations/create",
          reservationBody(c, existing),
        );
        assertEquals(r.status, 201, JSON.stringify(r.body));
      }
      await goSection(page, "Slots", "AdminSlots");
      await page.getByRole("button", { name: /Next/ }).click();
      await page.locator(`[data-slot="${existing}"]`).click();
      await page.fill("#slot-capacity", "1");
      await page.getByRole("button", { name: "Save capacity" }).click();
      await page.locator("#slot-capacity-error").waitFor();
      assert(
        (await page.locator("#slot-capacity-error").textContent())!.includes(
          "2 booked and 0 held",
        ),
      );
      assertEquals(
        await page.evaluate(() => document.activeElement?.id),
        "slot-capacity",
      );
      await checkScreen(page, "admin-flow-capacity-error");
      const [cap] = await s.db.query<{ total_capacity: number }>(
        "SELECT total_capacity FROM reservation_slots WHERE id = $1",
        [existing],
      );
      assertEquals(cap.total_capacity, 5);

      // Staff: added, then disabled; the last administrator is kept.
      await goSection(page, "Staff", "AdminStaff");
      await page.fill("#n-username", "dora");
      await page.fill("#n-name", "Dora Door");
      await page.fill("#n-pin", "482916");
      await page.getByRole("button", { name: "Add", exact: true }).click();
      const dora = page.locator("[data-staff=dora]");
      await dora.waitFor();
      await dora.getByRole("button", { name: /^Change/ }).click();
      await dora.getByRole("button", { name: "Disable" }).click();
      await dora.getByText("Disabled", { exact: true }).waitFor();
      const [doraRow] = await s.db.query<{ disabled: boolean }>(
        "SELECT disabled FROM staff WHERE username = 'dora'",
      );
      assertEquals(doraRow.disabled, true);
      const ada = page.locator("[data-staff=ada]");
      await ada.getByRole("button", { name: /^Change/ }).click();
      await ada.getByRole("button", { name: "Disable" }).click();
      await ada.locator("[data-code=LAST_ADMIN]").waitFor();
      await checkScreen(page, "admin-flow-last-admin");

      // Settings: a bad value is refused beside its field, then the name changes.
      await goSection(page, "Settings", "AdminSettings");
      await page.locator("#o-name").waitFor();
      await page.fill("#o-name", "Museum of Light");
      await page.fill("#set-booking_horizon_days", "0");
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.locator("#set-booking_horizon_days[aria-invalid=true]")
        .waitFor();
      const token = await login(s.url, "ada", { password: ADMIN_PASSWORD });
      const unchanged = await get(s.url, "/api/organizations/1", token);
      assert(unchanged.body.name !== "Museum of Light");
      await page.fill("#set-booking_horizon_days", "60");
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText("Saved.").waitFor();
      const org = await get(s.url, "/api/organizations/1", token);
      assertEquals(org.body.name, "Museum of Light");
      assertEquals(org.body.settings.booking_horizon_days, 60);
      await page.reload();
      assert(
        (await page.locator(".adm-venue").textContent())!.includes(
          "Museum of Light",
        ),
      );

      // The audit log shows the changes, before → after.
      await goSection(page, "Audit", "AdminAudit");
      await page.locator("[data-audit]").first().waitFor();
      assert((await page.locator("[data-audit]").count()) >= 5);
      assert((await liveText(page)).includes("entries"));
      await checkScreen(page, "admin-flow-audit");

      await mail.stop();
      assertEquals(errors, []);
      await context.close();
    }),
);
