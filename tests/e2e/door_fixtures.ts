/// <reference lib="dom" />
/** What the door scanner's browser tests share: door log reads, screen checks, a wedge scanner. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Sql } from "../../db/client.ts";
import { call, staffToken } from "../helpers/api.ts";
import type { TestServer } from "../helpers/server.ts";
import {
  assertAccessible,
  newContext,
  overflowsSideways,
  shot,
} from "./browser.ts";
import {
  PASSWORD,
  scannerReady,
  signIn,
  smallTargets,
} from "./operator_fixtures.ts";

/** The narrowest phone the door screens are checked at. */
export const NARROW = { width: 360, height: 740 };
/** A phone context at that width. */
export const NARROW_PHONE = {
  viewport: NARROW,
  isMobile: true,
  hasTouch: true,
};

/** The ticket's door log, oldest first: kind, direction, gate, undone or not. */
export async function doorLog(
  sql: Sql,
  code: string,
): Promise<[string, string | null, string | null, boolean][]> {
  const rows = await sql.query<
    {
      kind: string;
      direction: string | null;
      gate: string | null;
      undone: boolean;
    }
  >(
    `SELECT e.kind, e.direction, e.gate, e.undone_at IS NOT NULL AS undone
       FROM verification_events e JOIN tickets t ON t.id = e.ticket_id
      WHERE t.code = $1 ORDER BY e.id`,
    [code],
  );
  return rows.map((r) => [r.kind, r.direction, r.gate, r.undone]);
}

/** Whether the ticket is inside now (admitted and not scanned out). */
export async function isInside(sql: Sql, code: string): Promise<boolean> {
  const rows = await sql.query<{ inside: boolean }>(
    `SELECT inside FROM tickets WHERE code = $1`,
    [code],
  );
  return rows[0]?.inside ?? false;
}

/** Sets organization 1's settings through the API, as its admin would. */
export async function setOrgSettings(
  s: TestServer,
  settings: Record<string, unknown>,
): Promise<void> {
  const token = await staffToken(
    s,
    `admin-${crypto.randomUUID().slice(0, 8)}`,
    "ADMIN",
  );
  const r = await call(s.url, "PATCH", "/api/organizations/1", {
    json: { settings },
    token,
  });
  assertEquals(r.status, 200, JSON.stringify(r.body));
}

/** Screenshot, axe-core, no sideways scrolling, big enough tap targets. */
export async function checkDoorScreen(page: Page, name: string): Promise<void> {
  await shot(page, name);
  await assertAccessible(page, name);
  assert(!(await overflowsSideways(page)), `${name} scrolls sideways`);
  assertEquals(await smallTargets(page), [], `${name}: small tap targets`);
}

/**
 * A keyboard-wedge scanner: the code typed fast with no field focused, then
 * Enter, as a USB or Bluetooth scanner sends it.
 */
export async function wedgeScan(page: Page, text: string): Promise<void> {
  // The key presses are made in the page, back to back as a scanner sends
  // them: key presses sent one by one from here arrive with the gaps of a
  // busy test machine, which a person's typing has and a scanner's has not.
  await page.evaluate((keys) => {
    (document.activeElement as HTMLElement | null)?.blur();
    const target = document.activeElement ?? document.body;
    for (const key of keys) {
      target.dispatchEvent(
        new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }),
      );
    }
  }, [...text, "Enter"]);
}

/** The last-scan line's title ("ADMITTED", "Not admitted", …), once it reads `title`. */
export async function lastScanReads(page: Page, title: string): Promise<void> {
  await page.locator(`.last[data-last="${title}"]`).waitFor();
}

/** The short GREEN card of a recorded event (`VALID`, `REENTRY`, `EXIT`): its title. */
export async function doneCard(page: Page, event: string): Promise<string> {
  const el = page.locator(`section.result[data-done=${event}]`);
  await el.waitFor();
  return (await el.locator("h1").textContent())?.trim() ?? "";
}

/**
 * Jane Smith signed in on a narrow phone with the scanner ready; `errors`
 * collects the page's uncaught errors.
 */
export async function openScanner(
  s: TestServer,
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await newContext(browser, NARROW_PHONE);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(s.url + "/operator/login");
  await signIn(page, "jane", { password: PASSWORD });
  await scannerReady(page);
  return { context, page, errors };
}
