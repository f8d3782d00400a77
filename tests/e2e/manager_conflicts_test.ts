/// <reference lib="dom" />
/**
 * Offline conflicts on the manager's dashboard in real Chromium: a ticket two
 * devices admitted offline appears live with both times and gates, newest
 * first, on a desktop and a small phone, axe clean.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { seedStaff, seedTickets } from "../helpers/api.ts";
import { reserve } from "../helpers/dashboard.ts";
import { operator } from "../helpers/scan.ts";
import { offlineScan, sync } from "../helpers/sync.ts";
import { DESKTOP, newContext } from "./browser.ts";
import { portalTest } from "./fixtures.ts";
import { TODAY } from "./operator_fixtures.ts";
import {
  checkScreen,
  openDashboard,
  PASSWORD,
  seedDay,
  SMALL_PHONE,
} from "./manager_fixtures.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";

portalTest(
  "manager: offline conflicts appear live, newest first, with both times and gates",
  async (s, browser) => {
    const { now, code } = await seedDay(s);
    await seedStaff(s.db, {
      username: "boss",
      name: "Maria Manager",
      role: "MANAGER",
      password: PASSWORD,
    });
    const b = await operator(s, "door-b", { name: "Bea" });
    const c = await operator(s, "door-c", { name: "Cas" });
    const context = await newContext(browser, { viewport: DESKTOP });
    const page = await context.newPage();
    try {
      await openDashboard(page, s);
      assertEquals(await page.locator("[data-conflicts]").count(), 0);

      const first = await sync(s, b.token, "phone-b", [
        offlineScan(code, `${TODAY}T10:42`, b.id, { gate: "B" }),
      ]);
      assertEquals(first.body.results[0].outcome, "ACCEPTED");
      const second = await sync(s, c.token, "phone-c", [
        offlineScan(code, `${TODAY}T10:43`, c.id, { gate: "C" }),
      ]);
      assertEquals(second.body.results[0].outcome, "DUPLICATE");

      const item = page.locator("[data-conflict=DOUBLE_ADMISSION]");
      await item.waitFor({ timeout: 5000 });
      const text = (await item.textContent())?.replace(/\s+/g, " ") ?? "";
      assertEquals(
        text.includes("Admitted at 10:42 at gate B and at 10:43 at gate C"),
        true,
        text,
      );
      assertEquals(text.includes(formatTicketCode(code)), true, text);
      assertEquals(text.includes("Bea on phone-b, then Cas on phone-c"), true);

      // A later refused admission goes on top.
      const [other] = await seedTickets(s.db, 1);
      assertEquals((await reserve(s, other, now)).status, 201);
      await s.db.query(
        `UPDATE organizations SET settings = settings || '{"entry_opens_minutes_before": 15}'::jsonb`,
      );
      s.deps.orgs.forget(1);
      await sync(s, b.token, "phone-b", [
        offlineScan(other, `${TODAY}T10:30`, b.id, { gate: "B" }),
      ]);
      await page.locator("[data-conflict]").nth(1).waitFor({ timeout: 5000 });
      const top = await page.locator("[data-conflict]").first().textContent();
      assertEquals(
        top?.includes(
          "Admitted offline at 10:30 at gate B, refused by the server (too early); counted inside",
        ),
        true,
        top ?? "",
      );
      assertEquals(
        (await page.locator("#conflicts-title").textContent())?.replace(
          /\s+/g,
          " ",
        ),
        "Offline conflicts (2 tickets)",
      );
      await checkScreen(page, "manager-conflicts-desktop");
      await page.setViewportSize(SMALL_PHONE);
      await checkScreen(page, "manager-conflicts-phone");
    } finally {
      await context.close();
    }
  },
);
