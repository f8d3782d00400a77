/// <reference lib="dom" />
/** The manager dashboard's e2e fixtures: a seeded day, signing in, reading the page. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "playwright-core";
import type { TestServer } from "../helpers/server.ts";
import {
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { assertAccessible, overflowsSideways, shot } from "./browser.ts";
import { signIn, TODAY } from "./operator_fixtures.ts";

/** The iPad-sized screen the dashboard must also work on. */
export const TABLET = { width: 768, height: 1024 };
/** The narrowest phone the pages must fit. */
export const SMALL_PHONE = { width: 360, height: 740 };
/** The manager's password. */
export const PASSWORD = "manager-password-1";

/** Today's slots (11:00 in Amsterdam): one over, one now, one nearly full, two later. */
export async function seedDay(s: TestServer) {
  const slot = async (
    start: string,
    end: string,
    booked: number,
    verified: number,
    date = TODAY,
  ) => {
    const id = await seedSlot(s.db, { date, start, end, capacity: 20 });
    await s.db.query(
      "UPDATE reservation_slots SET booked_count = $2, verified_count = $3, entries_count = $3 WHERE id = $1",
      [id, booked, verified],
    );
    return id;
  };
  await slot("09:00", "10:00", 18, 15);
  const now = await slot("11:00", "12:00", 12, 4);
  await slot("12:00", "13:00", 19, 0);
  await slot("14:00", "15:00", 6, 0);
  await slot("16:00", "17:00", 0, 0);
  await slot("10:00", "11:00", 9, 0, "2026-11-27");
  // Sold out on the 28th: good news, in words.
  await slot("10:00", "11:00", 20, 0, "2026-11-28");
  const spare = await slot("16:00", "17:00", 0, 0, "2026-11-29");
  // A real reservation in the current slot, to verify at the door.
  const [code] = await seedTickets(s.db, 1);
  const r = await post(
    s.url,
    "/api/reservations/create",
    reservationBody(code, now),
  );
  assertEquals(r.status, 201, JSON.stringify(r.body));
  return { now, code, spare };
}

/** Whether the page shows `date` and its address says so (none for today). */
export async function showsDay(page: Page, date: string) {
  await page.waitForSelector(`[data-date='${date}']`);
  const search = new URL(page.url()).search;
  assertEquals(search, date === TODAY ? "" : `?date=${date}`);
}

/** People inside now, as the page shows it. */
export async function inside(page: Page) {
  return (await page.locator("[data-inside]").textContent())?.trim();
}

/** Signs in through the login page and waits for the live dashboard. */
export async function openDashboard(page: Page, s: TestServer) {
  await page.goto(s.url + "/manager");
  const url = new URL(page.url());
  assertEquals(url.pathname + url.search, "/operator/login?next=%2Fmanager");
  assertEquals(await page.locator("h1").textContent(), "Manager sign in");
  await signIn(page, "boss", { password: PASSWORD });
  await page.waitForURL((u) => u.pathname === "/manager");
  await page.waitForSelector("[data-island=LiveDashboard][data-hydrated]");
  await page.locator("[data-connection=live]").waitFor({ timeout: 5000 });
}

/** The text of a slot row's booked or verified numbers. */
export async function counts(
  page: Page,
  slot: number,
  which: "booked" | "verified",
) {
  return (await page.locator(`[data-slot="${slot}"] [data-${which}]`)
    .textContent())?.replace(/\s+/g, " ").trim();
}

/** A total tile's number. */
export async function total(page: Page, key: string) {
  return (await page.locator(`[data-total=${key}] .total-value`).textContent())
    ?.trim();
}

/** Screenshot, axe-core, no sideways scrolling. */
export async function checkScreen(page: Page, name: string) {
  await shot(page, name);
  await assertAccessible(page, name);
  assert(!(await overflowsSideways(page)), `${name} scrolls sideways`);
}
