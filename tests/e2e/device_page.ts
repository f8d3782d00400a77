/**
 * A page on a desktop or a phone for the customer pages' e2e tests, with
 * the page's uncaught errors collected (each test asserts there are none).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { newContext } from "./browser.ts";

/** A context, its page, and the page's uncaught errors so far. */
export interface DevicePage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A page at `viewport`; a "phone" also gets touch and the mobile flag. */
export async function devicePage(
  browser: Browser,
  device: "desktop" | "phone",
  viewport: { width: number; height: number },
): Promise<DevicePage> {
  const context = await newContext(browser, {
    viewport,
    isMobile: device === "phone",
    hasTouch: device === "phone",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, errors };
}
