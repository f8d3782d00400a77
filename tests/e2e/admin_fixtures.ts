/// <reference lib="dom" />
/** The back office's browser tests: its administrator, signing in, fresh codes, screen checks. */
import { ok as assert } from "node:assert/strict";
import type { Page } from "playwright-core";
import type { TestServer } from "../helpers/server.ts";
import { seedStaff } from "../helpers/api.ts";
import { assertAccessible, overflowsSideways, shot } from "./browser.ts";
import { signIn } from "./operator_fixtures.ts";

/** The seeded administrator's password. */
export const ADMIN_PASSWORD = "admin-password-1";
/** The seeded manager's password. */
export const MANAGER_PASSWORD = "manager-password-1";
/** A phone's width the back office must work at. */
export const NARROW = { width: 360, height: 780 };

/** Ada (ADMIN) and Max (MANAGER) of organization 1. */
export async function seedOffice(s: TestServer): Promise<void> {
  await seedStaff(s.db, {
    username: "ada",
    name: "Ada Admin",
    role: "ADMIN",
    password: ADMIN_PASSWORD,
  });
  await seedStaff(s.db, {
    username: "max",
    name: "Max Manager",
    role: "MANAGER",
    password: MANAGER_PASSWORD,
  });
}

/** Opens `path`, signs in on the login page it leads to and waits for the section's island. */
export async function openOffice(
  page: Page,
  s: TestServer,
  path: string,
  who: "ada" | "max" = "ada",
): Promise<void> {
  await page.goto(s.url + path);
  if (new URL(page.url()).pathname === "/operator/login") {
    await signIn(page, who, {
      password: who === "ada" ? ADMIN_PASSWORD : MANAGER_PASSWORD,
    });
    await page.waitForURL((u) => u.pathname.startsWith("/admin/"));
  }
  await page.waitForSelector("[data-island^=Admin][data-hydrated]");
}

/** Goes to a section by its nav link and waits for its island. */
export async function goSection(page: Page, label: string, island: string) {
  await page.locator(".adm-nav").getByRole("link", { name: label }).click();
  await page.waitForSelector(`[data-island=${island}][data-hydrated]`);
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A fresh 16-character code of Crockford's alphabet. */
export function freshCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => CROCKFORD[b % 32]).join("");
}

/** How many slots the database holds. */
export async function slotCount(s: TestServer): Promise<number> {
  const [row] = await s.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM reservation_slots",
  );
  return row.n;
}

/** Screenshot, axe-core (nothing serious or critical), no sideways scrolling. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await shot(page, name);
  await assertAccessible(page, name);
  assert(!(await overflowsSideways(page)), `${name} scrolls sideways`);
}

/** The text of the polite result lines on the page. */
export async function liveText(page: Page): Promise<string> {
  return (await page.locator(".adm-live").allTextContents()).join(" | ");
}
