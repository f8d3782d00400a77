/// <reference lib="dom" />
/** The API reference page in real Chromium: readable at 360 px and on a desktop, axe clean. */
import { ok as assert } from "node:assert/strict";
import {
  assertAccessible,
  DESKTOP,
  newContext,
  overflowsSideways,
  shot,
} from "./browser.ts";
import { portalTest } from "./fixtures.ts";

portalTest(
  "/api/docs on a phone and a desktop: every route listed, axe clean",
  async (s, browser) => {
    for (
      const [name, viewport] of [["phone-360", { width: 360, height: 780 }], [
        "desktop",
        DESKTOP,
      ]] as const
    ) {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      const res = await page.goto(`${s.url}/api/docs`);
      assert(res?.ok(), `status ${res?.status()}`);
      const text = await page.textContent("body");
      for (
        const path of [
          "/api/reservations/create",
          "/api/operator/validate-ticket",
          "/api/openapi.json",
        ]
      ) {
        assert(text?.includes(path), `${path} missing at ${name}`);
      }
      await assertAccessible(page, `/api/docs (${name})`);
      await shot(page, `api-docs-${name}`);
      assert(
        !(await overflowsSideways(page)),
        `the page scrolls sideways at ${name}`,
      );
      await context.close();
    }
  },
);
