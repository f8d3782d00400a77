/// <reference lib="dom" />
/**
 * A staff move to a slot that filled up meanwhile, in real Chromium over the
 * real routes: SLOT_FULL is explained, its nearby times are offered as
 * buttons, and one of them moves the reservation there.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import {
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { DESKTOP, newContext } from "./browser.ts";
import { portalTest } from "./fixtures.ts";
import { checkScreen, openOffice, seedOffice } from "./admin_fixtures.ts";

portalTest(
  "back office: a move to a slot that filled up offers the nearby times as buttons",
  async (s, browser) => {
    await seedOffice(s);
    const current = await seedSlot(s.db, {
      date: "2026-11-30",
      start: "10:00",
      end: "11:00",
      capacity: 5,
    });
    const target = await seedSlot(s.db, {
      date: "2026-12-01",
      start: "11:00",
      end: "12:00",
      capacity: 1,
    });
    const nearby = await seedSlot(s.db, {
      date: "2026-12-01",
      start: "12:00",
      end: "13:00",
      capacity: 5,
    });
    const [mine, theirs] = await seedTickets(s.db, 2);
    const booked = await post(s.url, "/api/reservations/create", {
      ...reservationBody(mine, current),
      customer_email: "guest@example.com",
    });
    assertEquals(booked.status, 201);
    const id = booked.body.reservation.id;

    const context = await newContext(browser, { viewport: DESKTOP });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await openOffice(page, s, "/admin/reservations", "max");
    await page.fill("#r-date", "2026-11-30");
    await page.getByRole("button", { name: "Show" }).click();
    const card = page.locator(`[data-reservation="${id}"]`);
    await card.waitFor();
    await card.getByRole("button", { name: /^Move/ }).click();
    await page.locator(".adm-move .calendar").waitFor();
    await page.getByRole("button", { name: "Next month" }).click();
    await page.locator('.adm-move [data-date="2026-12-01"]').click();
    await page.locator(`.adm-move [data-slot-id="${target}"]`).click();

    // Someone else takes the target's last place before staff confirm.
    const other = await post(s.url, "/api/reservations/create", {
      ...reservationBody(theirs, target),
      customer_email: "other@example.com",
    });
    assertEquals(other.status, 201);
    await page.getByRole("button", { name: "Move to 2026-12-01 11:00" })
      .click();
    await page.locator(".adm-move [data-code=SLOT_FULL]").waitFor();
    assert(
      await page.evaluate(() =>
        document.activeElement?.classList.contains("adm-problem")
      ),
      "focus goes to the problem",
    );
    const offered = page.locator(".adm-move [data-alternative]");
    await offered.first().waitFor();
    const ids = await offered.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute("data-alternative")))
    );
    assert(ids.includes(nearby), `offers ${nearby}: ${ids}`);
    assert(!ids.includes(current), "never the reservation's own slot");
    assert(!ids.includes(target), "never the full slot");
    // The calendar reads the places again: the full slot cannot be chosen.
    await page.locator(`.adm-move [data-slot-id="${target}"][disabled]`)
      .waitFor();
    await checkScreen(page, "admin-move-alternatives");

    await page.locator(`.adm-move [data-alternative="${nearby}"]`).click();
    await page.locator("#res-result", { hasText: "moved to" }).waitFor();
    assert(
      (await page.locator("#res-result").textContent())!.includes("12:00"),
    );
    const [row] = await s.db.query<{ slot_id: number; version: number }>(
      "SELECT slot_id, version FROM ticket_reservations WHERE id = $1",
      [id],
    );
    assertEquals([row.slot_id, row.version], [nearby, 2]);
    const counts = await s.db.query<{ id: number; booked_count: number }>(
      "SELECT id, booked_count FROM reservation_slots ORDER BY id",
    );
    assertEquals(counts.map((c) => [c.id, c.booked_count]), [
      [current, 0],
      [target, 1],
      [nearby, 1],
    ]);
    assertEquals(errors, []);
    await context.close();
  },
);
