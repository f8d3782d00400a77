/// <reference lib="dom" />
/**
 * "Manage my booking" with JavaScript off, in real Chromium: from the
 * manage link, a new date and time chosen with links (a time that fills up
 * meanwhile: refused in words, with times nearby as buttons), the email
 * sent again, and the booking cancelled after its confirmation step, all as
 * plain HTML forms. No request's address carries the email or the phone.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { post, seedTickets } from "../helpers/api.ts";
import {
  assertAccessible as checkAccessible,
  newContext,
  shot,
} from "./browser.ts";
import { portalTest, seedSeason, slotAt, ticketStatus } from "./fixtures.ts";

const EMAIL = "noscript.visitor@example.com";
const PHONE = "+31 6 1234 5678";

async function slotOf(
  s: { db: { query: <T>(q: string, p: unknown[]) => Promise<T[]> } },
  code: string,
) {
  const rows = await s.db.query<{ slot_id: number; status: string }>(
    `SELECT r.slot_id, r.status FROM ticket_reservations r
       JOIN tickets t ON t.id = r.ticket_id
      WHERE t.code = $1 ORDER BY r.id DESC LIMIT 1`,
    [code],
  );
  return rows[0];
}

portalTest(
  "without JavaScript: change the time, send the email again and cancel from the manage link",
  async (s, browser) => {
    await seedSeason(s.db);
    const [code] = await seedTickets(s.db, 1);
    const booked = await post(s.url, "/api/reservations/create", {
      ticket_code: code,
      slot_id: await slotAt(s.db, "2026-11-30", "12:00"),
      customer_email: EMAIL,
      customer_phone: PHONE,
    });
    assertEquals(booked.status, 201, JSON.stringify(booked.body));
    const found = await post(s.url, "/api/reservations/lookup", {
      ticket_code: code,
      customer_email: EMAIL,
    });
    const link = `${s.url}/reserve/manage?token=${
      encodeURIComponent(found.body.manage_token)
    }`;

    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    // axe-core needs script: each view's HTML is checked in a second page
    // that runs axe but none of the page's own scripts.
    const checker = await newContext(browser);
    await checker.route("**/static/build/**", (r) => r.abort());
    const axePage = await checker.newPage();
    await axePage.goto(`${s.url}/reserve/manage`);
    const assertAccessible = async (where: string) => {
      await axePage.setContent(await page.content(), { waitUntil: "load" });
      await checkAccessible(axePage, where);
    };
    const urls: string[] = [];
    page.on("request", (r) => urls.push(r.url()));

    await page.goto(link);
    await page.getByRole("heading", { name: "Your booking", exact: true })
      .waitFor();
    // The island never hydrates: every step below is plain HTML.
    assertEquals(await page.locator("[data-hydrated]").count(), 0);

    // Change time: the month's days as links, then the day's times.
    await page.getByRole("button", { name: "Change time" }).click();
    await page.getByRole("heading", { name: "Choose a new date and time" })
      .waitFor();
    await page.getByRole("heading", {
      name: "Days with free places in November 2026",
    }).waitFor();
    // Sunday 29 November is full: not offered.
    assertEquals(await page.locator('[data-date="2026-11-29"]').count(), 0);
    await assertAccessible("no-JS change: days");
    await page.getByRole("link", { name: "Next month" }).click();
    await page.locator('[data-date="2026-12-02"]').click();
    await page.getByRole("heading", {
      name: "Times on Wednesday 2 December 2026",
    }).waitFor();
    await assertAccessible("no-JS change: times");
    await shot(page, "manage-nojs-change-times");
    const target = await slotAt(s.db, "2026-12-02", "14:00");
    await page.locator(`[data-slot="${target}"]`).click();
    await page.getByRole("heading", { name: "Move your visit?" }).waitFor();
    await assertAccessible("no-JS confirm move");

    // The time fills up before the click: refused, with times nearby.
    await s.db.query(
      "UPDATE reservation_slots SET booked_count = 200, status = 'FULL' WHERE id = $1",
      [target],
    );
    await page.getByRole("button", { name: "Move my visit" }).click();
    const alert = page.locator("[data-problem]");
    await alert.waitFor();
    assertEquals(await alert.getAttribute("data-code"), "SLOT_FULL");
    assert((await alert.textContent())!.includes("this time just filled up"));
    assertEquals(
      (await slotOf(s, code)).slot_id,
      await slotAt(s.db, "2026-11-30", "12:00"),
    );
    await assertAccessible("no-JS refused move");
    await shot(page, "manage-nojs-refused");
    const alt = page.locator(".alternatives button").first();
    assert((await alt.textContent())!.startsWith("Move to Wed 2 Dec"));
    await alt.click();
    await page.getByRole("heading", { name: "Your booking", exact: true })
      .waitFor();
    const notice = (await page.locator("[data-notice]").textContent())!;
    assert(
      notice.startsWith("Your visit has moved to Wednesday 2 December 2026"),
      notice,
    );
    const moved = await slotOf(s, code);
    assert(moved.slot_id !== target);
    const day = await s.db.query<{ date: string }>(
      "SELECT to_char(date, 'YYYY-MM-DD') AS date FROM reservation_slots WHERE id = $1",
      [moved.slot_id],
    );
    assertEquals(day[0].date, "2026-12-02");

    // The email again.
    await page.getByRole("button", { name: "Send the email again" }).click();
    await page.locator("[data-notice]", {
      hasText: `We've sent the confirmation again to ${EMAIL}.`,
    }).waitFor();

    // Cancel, with its confirmation step.
    await page.getByRole("button", { name: "Cancel booking" }).click();
    await page.getByRole("heading", { name: "Cancel your booking?" })
      .waitFor();
    await assertAccessible("no-JS cancel");
    await page.getByRole("button", { name: "Keep my booking" }).click();
    await page.getByRole("heading", { name: "Your booking", exact: true })
      .waitFor();
    assertEquals((await slotOf(s, code)).status, "RESERVED");
    await page.getByRole("button", { name: "Cancel booking" }).click();
    await page.getByRole("button", { name: "Yes, cancel my booking" }).click();
    await page.getByRole("heading", { name: "Your booking is cancelled" })
      .waitFor();
    assertEquals((await slotOf(s, code)).status, "CANCELLED");
    assertEquals(await ticketStatus(s.db, code), "ACTIVATED");
    await assertAccessible("no-JS cancelled");

    // The whole way: forms posted to the server, nothing personal in an address.
    assert(urls.some((u) => u.includes("/reserve/manage?token=")));
    const personal = [
      EMAIL,
      encodeURIComponent(EMAIL),
      "noscript.visitor",
      "612345678",
      "1234 5678",
      encodeURIComponent(PHONE),
      "customer_email",
      "customer_phone",
    ];
    for (const u of urls) {
      for (const p of personal) assert(!u.includes(p), `${p} in ${u}`);
    }
    await context.close();
    await checker.close();
  },
);

portalTest(
  "with JavaScript, the addresses of the plain views open the island's own: the calendar replaces the links, the forms call the API",
  async (s, browser) => {
    await seedSeason(s.db);
    const [code] = await seedTickets(s.db, 1);
    const booked = await post(s.url, "/api/reservations/create", {
      ticket_code: code,
      slot_id: await slotAt(s.db, "2026-11-30", "12:00"),
      customer_email: EMAIL,
      customer_phone: PHONE,
    });
    assertEquals(booked.status, 201, JSON.stringify(booked.body));
    const found = await post(s.url, "/api/reservations/lookup", {
      ticket_code: code,
      customer_email: EMAIL,
    });
    const link = `${s.url}/reserve/manage?token=${
      encodeURIComponent(found.body.manage_token)
    }`;
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const posts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST") posts.push(new URL(r.url()).pathname);
    });

    await page.goto(`${link}&view=change&date=2026-12-02`);
    await page.waitForSelector("[data-island=ManageBooking][data-hydrated]");
    await page.locator(".calendar").waitFor();
    assertEquals(await page.locator("[data-plain-change]").count(), 0);

    await page.goto(`${link}&view=cancel`);
    await page.waitForSelector("[data-island=ManageBooking][data-hydrated]");
    await page.getByRole("button", { name: "Yes, cancel my booking" }).click();
    await page.getByRole("heading", { name: "Your booking is cancelled" })
      .waitFor();
    assertEquals(posts, ["/api/reservations/cancel"]);
    assertEquals(await ticketStatus(s.db, code), "ACTIVATED");
    assertEquals(errors, []);
    await context.close();
  },
);
