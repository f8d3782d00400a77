/// <reference lib="dom" />
/**
 * The back office's administration in real Chromium over the real routes: a
 * series created after its preview (a bad date refused beside its field),
 * capacity below the booked places explained, staff added and disabled
 * (the last administrator kept), a setting changed, the audit log.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import {
  get,
  login,
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { DESKTOP, newContext } from "./browser.ts";
import { portalTest } from "./fixtures.ts";
import {
  ADMIN_PASSWORD,
  checkScreen,
  goSection,
  liveText,
  openOffice,
  seedOffice,
  slotCount,
} from "./admin_fixtures.ts";

portalTest(
  "back office: series with preview, capacity below booked, staff, settings, audit",
  async (s, browser) => {
    await seedOffice(s);
    const existing = await seedSlot(s.db, {
      date: "2026-11-30",
      start: "10:00",
      end: "11:00",
      capacity: 5,
    });
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

    // Capacity below the booked places: explained next to the field.
    for (const c of await seedTickets(s.db, 2)) {
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
    assert((await page.locator("[data-audit]").count()) >= 4);
    assert((await liveText(page)).includes("entries"));
    // Before → after per field, nested settings one line each.
    const changes = await page.locator(
      `[data-audit="organization.updated"] .adm-changes li`,
    ).evaluateAll((lis) =>
      lis.map((li) =>
        [".adm-field-name", ".adm-before", ".adm-after"].map((c) =>
          li.querySelector(c)?.textContent
        ).join(" ")
      )
    );
    assertEquals(changes.sort(), [
      "name Organization 1 Museum of Light",
      "settings.booking_horizon_days 90 60",
    ]);
    await checkScreen(page, "admin-flow-audit");

    assertEquals(errors, []);
    await context.close();
  },
);
