/// <reference lib="dom" />
/**
 * The venue's own portal in real Chromium: its name, address and brand
 * colour (with readable text on it), national phone numbers, the email typo
 * suggestion, the booking horizon explained in the calendar, tiny slots
 * worded in places, and the printable ticket (phone and desktop, print
 * media, axe clean).
 */
import { ok as assert, strictEqual } from "node:assert/strict";
import { seedTickets } from "../helpers/api.ts";
import { isPng } from "../helpers/png.ts";
import { contrastRatio } from "../../domain/brand_color.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { DESKTOP, newContext, openPortal, shot } from "./browser.ts";
import { devicePage } from "./device_page.ts";
import { portalTest, seedSeason } from "./fixtures.ts";
import { checkStep, day } from "./portal_steps.ts";

/** The narrowest phone the portal supports. */
const SMALL_PHONE = { width: 360, height: 740 };

const VENUE = {
  name: "Museum of Light",
  address: "Lichtstraat 1\n1011 AB Amsterdam",
  // Yellow: white text would fail AA, so the accent must pick black.
  brand_color: "#ffd500",
};

/** `rgb(r, g, b)` → `#rrggbb`. */
function hexOf(rgb: string): string {
  const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
  return "#" + [r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("");
}

for (
  const [device, viewport] of [
    ["desktop", DESKTOP],
    ["phone", SMALL_PHONE],
  ] as const
) {
  portalTest(
    `the venue's portal and printable ticket [${device}]`,
    async (s, browser) => {
      await seedSeason(s.db);
      await s.db.query(
        `UPDATE organizations SET name = $1, address = $2, brand_color = $3,
                country = 'NL',
                settings = '{"booking_horizon_days": 20}'::jsonb WHERE orq = 1`,
        [VENUE.name, VENUE.address, VENUE.brand_color],
      );
      s.deps.orgs.forget(1);
      // A tiny slot: two places, one taken.
      await s.db.query(
        `UPDATE reservation_slots SET total_capacity = 2, booked_count = 1
          WHERE date = '2026-11-27' AND start_time = '10:00'`,
      );
      const [code] = await seedTickets(s.db, 1);
      const { context, page, errors } = await devicePage(
        browser,
        device,
        viewport,
      );

      await openPortal(page, `${s.url}/reserve?code=${code}`);
      const venue = page.locator(".portal .venue");
      assert((await venue.textContent())!.includes(VENUE.name));
      assert((await venue.textContent())!.includes("1011 AB Amsterdam"));
      const colours = await venue.evaluate((el) => {
        const st = getComputedStyle(el);
        return { bg: st.backgroundColor, fg: st.color };
      });
      strictEqual(hexOf(colours.bg), VENUE.brand_color);
      strictEqual(hexOf(colours.fg), "#000000");
      assert(contrastRatio(hexOf(colours.bg), hexOf(colours.fg)) >= 4.5);
      await checkStep(page, `venue-${device}-1-contact`);

      // A typo in a common domain: suggested, one click fixes it.
      await page.fill("#email", "jane@gmial.com");
      const suggestion = page.locator("#email-suggestion");
      await suggestion.waitFor();
      assert((await suggestion.textContent())!.includes("jane@gmail.com"));
      await checkStep(page, `venue-${device}-2-suggestion`);
      await suggestion.locator("button").click();
      strictEqual(await page.inputValue("#email"), "jane@gmail.com");
      strictEqual(await suggestion.count(), 0);

      // A Dutch number typed the Dutch way.
      await page.fill("#phone", "06 1234 5678");
      await page.locator("#phone").blur();
      assert(
        (await page.locator("#phone-normalized").textContent())!.includes(
          "+31 6 12345678",
        ),
      );
      await page.click("button[type=submit]");

      // The calendar explains the horizon (26 Nov + 20 − 1 = 15 Dec).
      await page.locator(".calendar").waitFor();
      assert(
        (await page.locator(".horizon-note").textContent())!.includes(
          "Bookable up to Tue 15 Dec",
        ),
      );
      const beyond = day(page, "2026-12-16");
      if (!(await beyond.isVisible())) {
        await page.click("button[aria-label='Next month']");
      }
      assert((await beyond.getAttribute("class"))!.includes("day-beyond"));
      strictEqual(await beyond.getAttribute("aria-disabled"), "true");
      assert(
        (await beyond.textContent())!.includes("bookable up to Tue 15 Dec"),
      );
      if (!(await day(page, "2026-11-27").isVisible())) {
        await page.click("button[aria-label='Previous month']");
      }

      // The tiny slot reads in places; on a phone the times scroll into view.
      await day(page, "2026-11-27").click();
      const tiny = page.locator(".slot", { hasText: "10:00–11:00" });
      assert((await tiny.textContent())!.includes("1 place left"));
      if (device === "phone") {
        await page.waitForFunction(() => {
          const list = document.querySelector(".slot-panel h3");
          if (!list) return false;
          const r = list.getBoundingClientRect();
          return r.top >= 0 && r.top < innerHeight;
        });
      }
      await checkStep(page, `venue-${device}-3-date`);
      await page.locator(".slot", { hasText: "12:00–13:00" }).click();
      await page.locator("text=Confirm reservation").click();
      await page.locator("section.done").waitFor();
      assert((await page.locator(".done-venue").textContent())!.includes(
        VENUE.name,
      ));
      await checkStep(page, `venue-${device}-4-done`);
      const [row] = await s.db.query<{ customer_phone: string }>(
        "SELECT customer_phone FROM ticket_reservations",
      );
      strictEqual(row.customer_phone, "+31612345678");

      // The printable ticket: no personal data in its URL.
      const print = page.locator("a", { hasText: "Print ticket" });
      const href = (await print.getAttribute("href"))!;
      assert(/^\/reserve\/ticket\?id=\d+&t=[\w-]{22}&v=1$/.test(href), href);
      assert(!href.includes(code) && !href.includes("gmail"));
      await print.click();
      await page.locator(".ticket-page").waitFor();
      await page.waitForFunction(() =>
        (document.querySelector(".ticket-qr") as HTMLImageElement)?.complete
      );
      const text = (await page.locator(".ticket-page").textContent())!;
      for (
        const part of [
          VENUE.name,
          "Lichtstraat 1",
          "Friday 27 November 2026",
          "12:00–13:00",
          formatTicketCode(code),
        ]
      ) {
        assert(text.includes(part), `ticket page shows ${part}`);
      }
      assert(await page.locator("button[data-print]").isVisible());
      await checkStep(page, `venue-${device}-5-ticket`);
      await page.emulateMedia({ media: "print" });
      assert(!(await page.locator("button[data-print]").isVisible()));
      await shot(page, `venue-${device}-6-ticket-print`);
      await page.emulateMedia({ media: "screen" });

      // The PNG download is named after the venue and the time.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.locator("a", { hasText: "Download ticket (PNG)" }).click(),
      ]);
      strictEqual(
        download.suggestedFilename(),
        "ticket-museum-of-light-2026-11-27-1200.png",
      );
      assert(isPng(await Deno.readFile((await download.path())!)));
      strictEqual(errors.length, 0, errors.join("\n"));
      await context.close();
    },
  );
}

portalTest(
  "the 404 page on a small phone: readable, axe clean",
  async (s, browser) => {
    const context = await newContext(browser, {
      viewport: SMALL_PHONE,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const res = await page.goto(s.url + "/reserve/nothing-here");
    strictEqual(res!.status(), 404);
    assert(
      (await page.locator("h1").textContent())!.includes("Page not found"),
    );
    await checkStep(page, "venue-phone-404");
    // The trailing slash of a typed address is dropped on the way.
    await page.goto(s.url + "/reserve/");
    strictEqual(new URL(page.url()).pathname, "/reserve");
    await context.close();
  },
);
