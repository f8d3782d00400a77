/// <reference lib="dom" />
/**
 * The manager's live dashboard in real Chromium: login, the venue's name,
 * bars, people inside, live counts, other days in the address, refusal.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import {
  login,
  post,
  reservationBody,
  seedStaff,
  seedTickets,
} from "../helpers/api.ts";
import { DESKTOP, layoutShift, newContext, PHONE, shot } from "./browser.ts";
import { portalTest } from "./fixtures.ts";
import {
  chooseGate,
  PIN,
  scannerReady,
  signIn,
  TODAY,
  typeCode,
} from "./operator_fixtures.ts";
import { LiveEvents } from "../../lib/live/hub.ts";
import {
  checkScreen,
  counts,
  inside,
  openDashboard,
  PASSWORD,
  seedDay,
  showsDay,
  SMALL_PHONE,
  TABLET,
  total,
} from "./manager_fixtures.ts";
import { dayFacts } from "../../lib/app_deps.ts";
import { setMaxOccupancy } from "../helpers/dashboard.ts";
import { checkIn } from "../helpers/door.ts";
import { patch, remove } from "../helpers/slots_admin.ts";

portalTest(
  "manager: login, today's bars, a scan moves the verified bar live, other days, tablet",
  async (s, browser) => {
    const { now, code, spare } = await seedDay(s);
    await s.db.query("UPDATE organizations SET name = 'Museum of Light'");
    s.deps.orgs.forget(1);
    // 19 inside (the morning's 15 and 4 now), at most 20 at once.
    await setMaxOccupancy(s, 20);
    await seedStaff(s.db, {
      username: "boss",
      name: "Maria Manager",
      role: "MANAGER",
      password: PASSWORD,
    });
    await seedStaff(s.db, {
      username: "jane",
      name: "Jane Smith",
      role: "OPERATOR",
      pin: PIN,
    });
    const door = await login(s.url, "jane", { pin: PIN });
    // Ten refused reservations in the last minutes: a failure-rate alert.
    const unused = await seedTickets(s.db, 6);
    for (let i = 0; i < 10; i++) {
      const r = await post(
        s.url,
        "/api/reservations/create",
        i < 6
          ? reservationBody(unused[i], 999_000 + i)
          : reservationBody(code, now),
      );
      assertEquals(r.status, i < 6 ? 404 : 409);
    }

    const context = await newContext(browser, { viewport: DESKTOP });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await openDashboard(page, s);

    // The first state came with the page: nothing moved while hydrating.
    assert((await layoutShift(page)) < 0.01, `CLS ${await layoutShift(page)}`);
    // The venue's name, not a number.
    assertEquals(await page.locator("h1").textContent(), "Museum of Light");
    assertEquals(await page.title(), "Museum of Light · Venue dashboard");
    assertEquals(await inside(page), "19");
    assertEquals(await page.locator("[data-over-max]").count(), 0);
    assertEquals(
      (await page.locator("#day-title").textContent())?.trim(),
      "Slots on Thursday 26 November 2026 (today)",
    );
    assertEquals(await page.locator("tr.slot-row").count(), 5);
    assertEquals(await counts(page, now, "booked"), "13 / 20 (65%)");
    assertEquals(await counts(page, now, "verified"), "4 / 13 (31%)");
    assertEquals(await total(page, "booked"), "56");
    assertEquals(await total(page, "verified"), "19");
    assertEquals(await total(page, "no-show"), "3");
    assertEquals(await total(page, "expected"), "34");
    const phases = await page.locator("tr.slot-row .phase").allTextContents();
    assertEquals(phases, ["Ended", "Now", "Upcoming", "Upcoming", "Upcoming"]);
    // 19 of 20 at noon: a capacity warning in words, in the row and on top.
    assert(
      (await page.locator("tr.slot-row").nth(2).textContent())!.includes(
        "Nearly full",
      ),
    );
    // Critical first, then the warning; words and a shape, not colour alone.
    assertEquals(
      await page.locator("[data-alert]").evaluateAll((els) =>
        els.map((e) => e.getAttribute("data-alert"))
      ),
      ["RESERVATION_FAILURE_RATE", "SLOT_NEARLY_FULL"],
    );
    assert(
      (await page.locator("[data-alert=RESERVATION_FAILURE_RATE]")
        .textContent())!.startsWith(
          "Critical: High reservation failure rate. 10 of 11 reservation",
        ),
    );
    assertEquals(
      await page.locator("[data-metric=failures] .reasons li")
        .allTextContents(),
      ["Unknown slot 6", "Ticket already reserved 4"],
    );
    const banner = page.locator("[data-alert=SLOT_NEARLY_FULL]");
    assert((await banner.textContent())!.includes("Warning: Slot capacity"));
    assert((await banner.textContent())!.includes("12:00–13:00 is 95% booked"));
    assertEquals(
      await page.locator("[data-metric=utilization] .metric-value")
        .textContent(),
      "56%",
    );
    assertEquals(
      await page.locator("[data-metric=utilization] .metric-flag")
        .textContent(),
      "1 slot still to come above 90%",
    );
    await checkScreen(page, "manager-desktop");
    await page.locator(".definitions summary").focus();
    await page.keyboard.press("Enter");
    assert(
      await page.locator(".definitions").evaluate((d) =>
        d.hasAttribute("open")
      ),
    );
    await shot(page, "manager-desktop-definitions");

    // A verification at the door reaches this page within two seconds, no reload.
    await page.evaluate(() => {
      (globalThis as unknown as { __same: boolean }).__same = true;
    });
    // The door: another browser (a phone) signs in, types the code and
    // marks the ticket verified.
    const doorContext = await newContext(browser, {
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
    });
    const doorPage = await doorContext.newPage();
    await doorPage.goto(`${s.url}/operator/login`);
    await signIn(doorPage, "jane", { pin: PIN });
    await scannerReady(doorPage);
    await chooseGate(doorPage, null);
    await typeCode(doorPage, code);
    await doorPage.locator("section.result[data-result=GREEN]").waitFor();
    const t0 = performance.now();
    await doorPage.click(".result .verify");
    await doorPage.locator("[data-done=VALID]").waitFor();
    await page.waitForFunction(
      (id) =>
        document.querySelector(`[data-slot="${id}"] [data-verified]`)
          ?.textContent?.replace(/\s+/g, " ").trim().startsWith("5 /"),
      now,
      { timeout: 2000 },
    );
    const ms = performance.now() - t0;
    assert(ms < 2000, `verified bar moved after ${ms} ms`);
    assertEquals(await counts(page, now, "verified"), "5 / 13 (38%)");
    assertEquals(await total(page, "verified"), "20");
    // The verification's event carried who is inside: 20 of at most 20.
    assertEquals(await inside(page), "20");
    assertEquals(
      (await page.locator(`[data-slot="${now}"] [data-door]`).textContent())
        ?.replace(/\s+/g, " ").trim(),
      "5 in · 0 out",
    );
    assertEquals(await page.locator("[data-over-max]").count(), 0);
    assertEquals(await total(page, "expected"), "33");
    assert(
      await page.evaluate(() =>
        (globalThis as unknown as { __same?: boolean }).__same === true
      ),
      "the page was not reloaded",
    );
    await shot(page, "manager-desktop-verified");
    await doorContext.close();

    // A reservation moves the booked bar the same way.
    const [another] = await seedTickets(s.db, 1);
    await post(
      s.url,
      "/api/reservations/create",
      reservationBody(another, now),
    );
    await page.waitForFunction(
      (id) =>
        document.querySelector(`[data-slot="${id}"] [data-booked]`)
          ?.textContent?.replace(/\s+/g, " ").trim().startsWith("14 /"),
      now,
      { timeout: 2000 },
    );
    // The metrics follow shortly after a change.
    await page.waitForFunction(
      () =>
        document.querySelector("[data-metric=failures] .metric-note")
          ?.textContent === "10 of 12 attempts",
      undefined,
      { timeout: 3000 },
    );

    // Another day, by keyboard: the next-day button, then the date field;
    // each is in the address, and back and forward walk them.
    await page.getByRole("button", { name: "Next day" }).focus();
    await page.keyboard.press("Enter");
    await showsDay(page, "2026-11-27");
    assertEquals(
      (await page.locator("#day-title").textContent())?.trim(),
      "Slots on Friday 27 November 2026",
    );
    assertEquals(await page.locator("tr.slot-row").count(), 1);
    // The tiles follow the chosen day; who is inside now stays.
    assertEquals(await total(page, "booked"), "9");
    assertEquals(await inside(page), "20");
    await page.fill("#dash-date", "2026-12-24");
    await showsDay(page, "2026-12-24");
    assertEquals(await page.locator(".slots-none").count(), 1);
    assertEquals(await total(page, "booked"), "0");
    await page.goBack();
    await showsDay(page, "2026-11-27");
    assertEquals(await total(page, "booked"), "9");
    await page.goForward();
    await showsDay(page, "2026-12-24");
    await page.getByRole("button", { name: "Today" }).click();
    await showsDay(page, TODAY);
    assertEquals(await counts(page, now, "booked"), "14 / 20 (70%)");
    await page.goBack();
    await showsDay(page, "2026-12-24");
    await page.goBack();
    await showsDay(page, "2026-11-27");

    // A day in the address opens there, and a reload keeps it; its slot
    // sold out reads as good news, not as a warning.
    await page.goto(`${s.url}/manager?date=2026-11-28`);
    await page.waitForSelector("[data-island=LiveDashboard][data-hydrated]");
    await showsDay(page, "2026-11-28");
    assertEquals(await total(page, "booked"), "20");
    const soldOut = page.locator("tr.slot-row [data-sold-out]");
    assertEquals((await soldOut.textContent())?.trim(), "Sold out");
    assertEquals(
      await page.locator("tr.slot-row .capacity-nearly").count(),
      0,
    );
    await shot(page, "manager-desktop-sold-out");
    await page.reload();
    await page.waitForSelector("[data-island=LiveDashboard][data-hydrated]");
    await showsDay(page, "2026-11-28");
    await page.locator("[data-connection=live]").waitFor({ timeout: 5000 });
    // At 360 px: compact rows (two lines each), nothing sideways.
    await page.setViewportSize(SMALL_PHONE);
    await checkScreen(page, "manager-phone-360-sold-out");
    await page.getByRole("button", { name: "Today" }).click();
    await showsDay(page, TODAY);
    await checkScreen(page, "manager-phone-360");
    const heights = await page.locator("tr.slot-row").evaluateAll((rows) =>
      rows.map((r) => r.getBoundingClientRect().height)
    );
    assert(heights.every((h) => h < 100), `slot rows at 360 px: ${heights}`);
    await page.setViewportSize(DESKTOP);

    // Tablet: the same page, bars above their numbers, nothing sideways.
    await page.setViewportSize(TABLET);
    await checkScreen(page, "manager-tablet");

    // Phones are not the dashboard's place, but nothing breaks there either.
    await page.setViewportSize(PHONE);
    await checkScreen(page, "manager-phone");
    await page.setViewportSize(TABLET);

    // The connection indicator says when the stream drops and comes back: the
    // server's live hub goes away (as in a restart) and a new one starts.
    await s.deps.live!.close();
    await page.locator("[data-connection=reconnecting]").waitFor({
      timeout: 5000,
    });
    await shot(page, "manager-tablet-reconnecting");
    s.deps.live = new LiveEvents(s.db, { day: dayFacts(s.deps) });
    await page.locator("[data-connection=live]").waitFor({ timeout: 15_000 });
    // Events flow again after the reconnect.
    await post(s.url, "/api/operator/verify-ticket", { code: another }, door);
    await page.waitForFunction(
      (id) =>
        document.querySelector(`[data-slot="${id}"] [data-verified]`)
          ?.textContent?.replace(/\s+/g, " ").trim().startsWith("6 /"),
      now,
      { timeout: 2000 },
    );
    // 21 inside, at most 20: the alert says so in words, live.
    await page.locator("[data-over-max]").waitFor({ timeout: 2000 });
    assertEquals(await inside(page), "21");
    assert(
      (await page.locator("[data-alert=MAX_OCCUPANCY]").textContent())!
        .startsWith("Critical: Too many people inside."),
    );
    await checkScreen(page, "manager-tablet-over-max");

    // Someone leaves by the east gate: back to 20.
    const out = await checkIn(s, door, code, {
      gate: "East",
      direction: "OUT",
    });
    assertEquals(out.body.reason, "EXIT");
    await page.locator("[data-over-max]").waitFor({
      state: "detached",
      timeout: 2000,
    });
    assertEquals(await inside(page), "20");
    assertEquals(await page.locator("[data-alert=MAX_OCCUPANCY]").count(), 0);

    // Slot changes: a capacity change moves the row, a removed slot leaves.
    await page.fill("#dash-date", "2026-11-29");
    await showsDay(page, "2026-11-29");
    await seedStaff(s.db, {
      username: "chief",
      role: "ADMIN",
      password: "chief-password-1",
    });
    const admin = await login(s.url, "chief", { password: "chief-password-1" });
    assertEquals(
      (await patch(s, spare, { total_capacity: 40 }, admin)).status,
      200,
    );
    await page.waitForFunction(
      (id) =>
        document.querySelector(`[data-slot="${id}"] [data-booked]`)
          ?.textContent?.replace(/\s+/g, " ").trim() === "0 / 40 (0%)",
      spare,
      { timeout: 2000 },
    );
    assertEquals((await remove(s, spare, admin)).status, 204);
    await page.locator(".slots-none").waitFor({ timeout: 2000 });
    assertEquals(errors, []);
    await context.close();
  },
);

portalTest(
  "manager: door staff signing in for the dashboard get a clear refusal",
  async (s, browser) => {
    await seedStaff(s.db, {
      username: "jane",
      name: "Jane Smith",
      role: "OPERATOR",
      pin: PIN,
    });
    const context = await newContext(browser, { viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(s.url + "/operator/login?next=%2Fmanager");
    await signIn(page, "jane", { pin: PIN });
    await page.waitForURL((u) => u.pathname === "/manager");
    assertEquals(await page.locator("h1").textContent(), "Not allowed");
    assert(
      (await page.locator(".refusal").textContent())!.includes(
        "Jane Smith (door staff)",
      ),
    );
    await checkScreen(page, "manager-not-allowed");
    await page.setViewportSize(TABLET);
    await checkScreen(page, "manager-not-allowed-tablet");
    await page.click("text=Go to the door scanner");
    await page.waitForURL((u) => u.pathname === "/operator/scan");
    await context.close();
  },
);
