/// <reference lib="dom" />
/**
 * The platform administrator's organization switcher, in real Chromium: the
 * Organizations section lists them, the switcher opens another one's back
 * office, and what is done there lands in that organization.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { newContext } from "./browser.ts";
import { portalTest } from "./fixtures.ts";
import { checkScreen, goSection, NARROW } from "./admin_fixtures.ts";
import { signIn } from "./operator_fixtures.ts";

portalTest(
  "back office: the platform administrator lists organizations and works in another one",
  async (s, browser) => {
    const [{ orq }] = await s.db.query<{ orq: number }>(
      `INSERT INTO organizations (name, timezone)
       VALUES ('Second Venue', 'Europe/Berlin') RETURNING orq`,
    );
    const context = await newContext(browser, { viewport: NARROW });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(s.url + "/admin/organizations");
    await signIn(page, "root", { password: "root-password-1" });
    await page.waitForSelector(
      "[data-island=AdminOrganizations][data-hydrated]",
    );
    const list = page.locator("[data-org-list] li");
    await list.nth(1).waitFor();
    assertEquals(
      (await list.allTextContents()).map((t) => t.replace(/\s+/g, " ")),
      [
        "1: Organization 1 (Europe/Amsterdam, this one)",
        `${orq}: Second Venue (Europe/Berlin)`,
      ],
    );
    await checkScreen(page, "admin-360-organization-list");

    // The switcher opens the same section for the organization chosen.
    await page.selectOption("#adm-switch-orq", String(orq));
    await page.getByRole("button", { name: "Switch" }).click();
    await page.waitForURL((u) => u.searchParams.get("orq") === String(orq));
    await goSection(page, "Slots", "AdminSlots");
    assertEquals(new URL(page.url()).search, `?orq=${orq}`);
    assertEquals(
      await page.locator(".adm-venue strong").textContent(),
      "Second Venue",
    );
    await checkScreen(page, "admin-360-switched-slots");

    // A slot created here is the other organization's.
    await page.getByLabel("One slot").check();
    await page.fill("#c-date", "2026-12-02");
    await page.fill("#c-start", "10:00");
    await page.fill("#c-end", "11:00");
    await page.fill("#c-capacity", "12");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("button", { name: "Create 1 slot" }).click();
    await page.getByText("1 slot created, 0 skipped.").waitFor();
    const slots = await s.db.query<{ orq: number }>(
      "SELECT orq FROM reservation_slots WHERE date = '2026-12-02'",
    );
    assertEquals(slots.map((r) => r.orq), [orq]);

    // So is a staff member added there (its first door account).
    await goSection(page, "Staff", "AdminStaff");
    assertEquals(new URL(page.url()).search, `?orq=${orq}`);
    await page.fill("#n-username", "second-door");
    await page.fill("#n-name", "Second Door");
    await page.fill("#n-pin", "482916");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.locator("[data-staff=second-door]").waitFor();
    const staff = await s.db.query<{ orq: number }>(
      "SELECT orq FROM staff WHERE username = 'second-door'",
    );
    assertEquals(staff.map((r) => r.orq), [orq]);

    // Switching back: the administrator's own organization, no ?orq= left.
    await page.selectOption("#adm-switch-orq", "1");
    await page.getByRole("button", { name: "Switch" }).click();
    await page.waitForURL((u) => u.searchParams.get("orq") === "1");
    assert(
      (await page.locator(".adm-nav a").first().getAttribute("href")) ===
        "/admin/slots",
    );
    assertEquals(errors, []);
    await context.close();
  },
);
