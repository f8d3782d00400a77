/// <reference lib="dom" />
/**
 * Every back-office page in real Chromium at 360 px and on a desktop:
 * axe-core finds nothing serious or critical, nothing scrolls sideways;
 * what each role sees; the links between the dashboard and the back office.
 */
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
import { DESKTOP, newContext } from "./browser.ts";
import { portalTest } from "./fixtures.ts";
import {
  checkScreen,
  goSection,
  NARROW,
  openOffice,
  seedOffice,
} from "./admin_fixtures.ts";
import { signIn } from "./operator_fixtures.ts";

/** Waits until no list of the page says it is loading. */
async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector(".loading"));
}

portalTest(
  "back office: every page accessible at 360 px and 1280 px; roles; links to and from the dashboard",
  async (s, browser) => {
    await seedOffice(s);
    const slots = [];
    for (
      const [date, start, end] of [
        ["2026-11-26", "12:00", "13:00"],
        ["2026-11-26", "14:00", "15:00"],
        ["2026-11-27", "10:00", "11:00"],
        ["2026-12-02", "10:00", "11:00"],
      ]
    ) slots.push(await seedSlot(s.db, { date, start, end, capacity: 10 }));
    const [code] = await seedTickets(s.db, 1);
    const r = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(code, slots[0]),
    );
    assertEquals(r.status, 201, JSON.stringify(r.body));

    for (
      const [name, viewport] of [["360", NARROW], ["1280", DESKTOP]] as const
    ) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await openOffice(page, s, "/admin");
      assertEquals(new URL(page.url()).pathname, "/admin/slots");
      assertEquals(
        await page.locator(".adm-nav a").allTextContents(),
        ["Slots", "Tickets", "Reservations", "Staff", "Settings", "Audit"],
      );
      await settled(page);
      assert(await page.locator(`[data-slot="${slots[0]}"]`).isVisible());
      await checkScreen(page, `admin-${name}-slots-week`);
      await page.getByRole("button", { name: "Month" }).click();
      await page.locator(".adm-month").waitFor();
      await settled(page);
      await checkScreen(page, `admin-${name}-slots-month`);
      await page.locator('.adm-month [data-date="2026-11-27"] button').click();
      // By keyboard: the slot's button opens its editor, focus on its title.
      await page.locator(`[data-slot="${slots[2]}"]`).focus();
      await page.keyboard.press("Enter");
      await page.locator(`[data-editor="${slots[2]}"]`).waitFor();
      // Focus moves a turn after the editor renders.
      await page.waitForFunction(() =>
        document.activeElement?.id === "slot-editor-title"
      );
      await checkScreen(page, `admin-${name}-slots-editor`);

      for (
        const [label, island] of [
          ["Tickets", "AdminTickets"],
          ["Reservations", "AdminReservations"],
          ["Staff", "AdminStaff"],
          ["Settings", "AdminSettings"],
          ["Audit", "AdminAudit"],
        ]
      ) {
        await goSection(page, label, island);
        await settled(page);
        await checkScreen(page, `admin-${name}-${label.toLowerCase()}`);
        if (label === "Reservations") {
          await page.locator(`[data-reservation] button:has-text("Move")`)
            .first().click();
          await page.locator(".adm-move .calendar").waitFor();
          await page.locator('.adm-move [data-date="2026-11-27"]').click();
          await page.locator(`.adm-move [data-slot-id="${slots[2]}"]`)
            .waitFor();
          await checkScreen(page, `admin-${name}-reservations-move`);
        }
      }
      // The dashboard links here, and back.
      await page.getByRole("link", { name: "Live dashboard" }).click();
      await page.waitForURL((u) => u.pathname === "/manager");
      await page.getByRole("link", { name: "Back office" }).click();
      await page.waitForURL((u) => u.pathname.startsWith("/admin/"));
      assertEquals(errors, []);
      await context.close();
    }

    // A manager: reservations and the read-only slot list only.
    const context = await newContext(browser, { viewport: NARROW });
    const page = await context.newPage();
    await openOffice(page, s, "/admin", "max");
    assertEquals(new URL(page.url()).pathname, "/admin/reservations");
    assertEquals(
      await page.locator(".adm-nav a").allTextContents(),
      ["Slots", "Reservations"],
    );
    await goSection(page, "Slots", "AdminSlots");
    await settled(page);
    assertEquals(await page.locator("#create-title").count(), 0);
    assertEquals(await page.locator(`button[data-slot]`).count(), 0);
    assert(await page.locator(`[data-slot="${slots[0]}"]`).isVisible());
    await checkScreen(page, "admin-360-manager-slots");
    const refused = await page.goto(s.url + "/admin/staff");
    assertEquals(refused?.status(), 403);
    assert((await page.locator("h1").textContent())!.includes("Not allowed"));
    await checkScreen(page, "admin-360-manager-refused");
    // Signing out comes back to the back office's login.
    await page.goto(s.url + "/admin/reservations");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((u) => u.pathname === "/operator/login");
    assertEquals(
      new URL(page.url()).searchParams.get("next"),
      "/admin/reservations",
    );
    assertEquals(
      await page.locator("h1").textContent(),
      "Back office sign in",
    );
    await context.close();

    // The platform administrator (the test server's ADMIN_USERNAME) creates an organization.
    const rootContext = await newContext(browser, { viewport: NARROW });
    const root = await rootContext.newPage();
    await root.goto(s.url + "/admin/organizations");
    await signIn(root, "root", { password: "root-password-1" });
    await root.waitForSelector(
      "[data-island=AdminOrganizations][data-hydrated]",
    );
    await root.fill("#g-name", "Second Venue");
    await root.fill("#g-zone", "Europe/Berlin");
    await root.getByRole("button", { name: "Create" }).click();
    await root.getByText("“Second Venue” created").waitFor();
    const orgs = await s.db.query<{ name: string }>(
      "SELECT name FROM organizations WHERE name = 'Second Venue'",
    );
    assertEquals(orgs.length, 1);
    await checkScreen(root, "admin-360-organizations");
    await rootContext.close();
  },
);
