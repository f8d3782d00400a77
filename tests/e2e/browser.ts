/** Debian's Chromium under playwright-core, axe-core checks, screenshots. */
/// <reference lib="dom" />
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";

/** Scratch space of the browser tests (gitignored). */
export const TMP = new URL("../.tmp/", import.meta.url).pathname;
/** Where `shot` writes its pictures. */
export const SHOTS = `${TMP}screenshots/`;

/** Desktop and phone viewports of the portal's checks. */
export const DESKTOP = { width: 1280, height: 800 };
/** A common phone (390 × 844 CSS pixels). */
export const PHONE = { width: 390, height: 844 };

/** Starts headless Chromium with its profile litter kept under tests/.tmp/; `args` are added. */
export async function launchChromium(
  opts: { args?: string[] } = {},
): Promise<Browser> {
  const home = `${TMP}chromium-home`;
  await Deno.mkdir(home, { recursive: true });
  await Deno.mkdir(SHOTS, { recursive: true });
  return await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...opts.args ?? [],
    ],
    env: { ...Deno.env.toObject(), HOME: home, TMPDIR: home },
  });
}

/**
 * A browser context for a viewport. `bypassCSP` lets the tests inject
 * axe-core as an inline script into pages whose CSP forbids inline scripts.
 */
export async function newContext(
  browser: Browser,
  opts: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: DESKTOP,
    bypassCSP: true,
    acceptDownloads: true,
    ...opts,
  });
  // Sum of the layout shifts no input caused (as CLS counts them), for the
  // "nothing moves while hydrating" check.
  await context.addInitScript(() => {
    const w = globalThis as unknown as { __cls: number };
    w.__cls = 0;
    new PerformanceObserver((list) => {
      for (
        const e of list.getEntries() as unknown as {
          value: number;
          hadRecentInput: boolean;
        }[]
      ) {
        if (!e.hadRecentInput) w.__cls += e.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  return context;
}

/**
 * A context whose pages keep the server's HTML as it is (the island bundles
 * are refused) while the page's JavaScript still runs, for axe-core: what
 * a visitor without JavaScript gets, checkable (axe needs scripts).
 */
export async function serverHtmlContext(
  browser: Browser,
): Promise<BrowserContext> {
  const context = await newContext(browser);
  await context.route(/\/build\/[^/]+\.js(\?|$)/, (route) => route.abort());
  return context;
}

/** Opens `url` and waits until the portal island has hydrated. */
export async function openPortal(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector("[data-island=ReservePortal][data-hydrated]");
}

let axeSource: string | null = null;

/** One axe-core finding, reduced. */
export interface A11yIssue {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical axe-core violations (WCAG 2.1 A/AA and best practice) on the page. */
export async function seriousA11yIssues(page: Page): Promise<A11yIssue[]> {
  axeSource ??= await Deno.readTextFile(
    new URL("../../node_modules/axe-core/axe.min.js", import.meta.url),
  ).catch(() => {
    throw new Error(
      "Cannot read node_modules/axe-core/axe.min.js: run `deno install` first",
    );
  });
  if (!(await page.evaluate(() => "axe" in globalThis))) {
    await page.addScriptTag({ content: axeSource });
  }
  return await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
      },
    });
    // deno-lint-ignore no-explicit-any
    return result.violations.filter((v: any) =>
      v.impact === "serious" || v.impact === "critical"
    ).map((
      // deno-lint-ignore no-explicit-any
      v: any,
    ) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // deno-lint-ignore no-explicit-any
      targets: v.nodes.map((n: any) => n.target.join(" ")),
    }));
  });
}

/** Fails with the findings when axe-core reports anything serious or critical. */
export async function assertAccessible(page: Page, where: string) {
  const issues = await seriousA11yIssues(page);
  if (issues.length > 0) {
    throw new Error(
      `Accessibility issues on ${where}:\n${JSON.stringify(issues, null, 2)}`,
    );
  }
}

/** A full-page screenshot at tests/.tmp/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

/** Whether the page scrolls sideways (it must not, down to 320 CSS pixels). */
export async function overflowsSideways(page: Page): Promise<boolean> {
  return await page.evaluate(() =>
    document.documentElement.scrollWidth >
      document.documentElement.clientWidth + 1
  );
}

/** The cumulative layout shift measured since the page loaded. */
export async function layoutShift(page: Page): Promise<number> {
  return await page.evaluate(() =>
    (globalThis as unknown as { __cls: number }).__cls
  );
}
