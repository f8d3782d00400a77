/// <reference lib="dom" />
/**
 * The scanner as an installable app (issue: offline scanning): after one
 * online visit the scan page opens with the network cut, Chromium finds
 * nothing that stops installing it, and signing out deletes the stored page.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
  rejects,
} from "node:assert/strict";
import { chooseGate, scannerReady, scannerTest } from "./operator_fixtures.ts";
import { openScanner } from "./door_fixtures.ts";
import { shot } from "./browser.ts";

scannerTest(
  "After one visit the scanner opens offline; it is installable; sign-out forgets it",
  async (s, browser) => {
    const { context, page, errors } = await openScanner(s, browser);
    await chooseGate(page, "North");
    // The worker stored the page and its files.
    await page.waitForSelector("html[data-offline-ready]");
    const kept = Number(
      await page.getAttribute("html", "data-offline-ready"),
    );
    assert(kept >= 3, `stored ${kept} files`);

    // Chromium's own installability check finds nothing missing.
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send(
      "Page.getInstallabilityErrors",
    ) as { installabilityErrors: { errorId: string }[] };
    // A test's browser context is a fresh profile Chromium counts as
    // incognito, where it never offers to install; nothing else may stop it.
    assertEquals(
      installabilityErrors.map((e) => e.errorId).filter((id) =>
        id !== "in-incognito"
      ),
      [],
    );
    const manifest = await (await fetch(
      s.url + "/operator/manifest.webmanifest",
    )).json();
    assertEquals([manifest.start_url, manifest.scope, manifest.display], [
      "/operator/scan",
      "/operator/",
      "standalone",
    ]);

    // The network fails: the scanner still opens, says so, and keeps the gate.
    await context.setOffline(true);
    await page.reload();
    await scannerReady(page);
    await page.locator(
      "text=No network: this is the scanner saved on this phone",
    )
      .waitFor();
    assertEquals(await page.getAttribute("html", "data-shell"), "cached");
    assertEquals(await page.locator("#gate-name").count(), 0);
    await page.locator("#manual-code").waitFor();
    await shot(page, "scanner-offline-shell-360");

    // Back online, signing out deletes the stored page (it names the operator).
    await context.setOffline(false);
    await page.reload();
    await scannerReady(page);
    assertEquals(await page.getAttribute("html", "data-shell"), null);
    await page.click("text=Sign out");
    await page.waitForURL((u) => u.pathname === "/operator/login");
    const storedPage = await page.evaluate(async () =>
      (await globalThis.caches.match("/operator/scan")) !== undefined
    );
    assertEquals(storedPage, false);
    await context.setOffline(true);
    await rejects(page.goto(s.url + "/operator/scan"));
    assertEquals(errors, []);
    await context.close();
  },
);
