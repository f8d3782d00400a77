/// <reference lib="dom" />
/** Steps shared by the portal's browser tests. */
import { ok as assert } from "node:assert/strict";
import type { Page } from "playwright-core";
import { assertAccessible, overflowsSideways, shot } from "./browser.ts";

/** Screenshot and accessibility check of one step. */
export async function checkStep(page: Page, name: string) {
  await shot(page, name);
  await assertAccessible(page, name);
  assert(!(await overflowsSideways(page)), `${name} scrolls sideways`);
}

/** The calendar's day button of `date`. */
export function day(page: Page, date: string) {
  return page.locator(`.calendar [data-date="${date}"]`);
}
