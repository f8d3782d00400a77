/** Door staff, tickets and a fake camera for the scanner's browser tests. */
import QRCode from "qrcode";
import type { Browser, Page } from "playwright-core";
import { startServer, type TestServer } from "../helpers/server.ts";
import { reserveOnNewSlot, seedStaff } from "../helpers/api.ts";
import { launchChromium, TMP } from "./browser.ts";
import { NOW, TIMEZONE } from "./fixtures.ts";

/** Today in the venue's zone at {@link NOW} (11:00 in Amsterdam). */
export const TODAY = "2026-11-26";
/** The PIN and password of the seeded door staff. */
export const PIN = "482916";
/** The password of the seeded door staff. */
export const PASSWORD = "door-password-1";

/** Chromium flags for a camera that shows `file` (a .y4m), or a test pattern. */
export function fakeCamera(file?: string): string[] {
  return [
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    ...(file ? [`--use-file-for-fake-video-capture=${file}`] : []),
  ];
}

/**
 * Registers a test with a fresh server (PostgreSQL, clock pinned at
 * {@link NOW}), a Chromium with a fake camera (`camera`: file to show, set
 * up by `prepare` before the browser starts) and Jane Smith (OPERATOR).
 */
export function scannerTest(
  name: string,
  fn: (s: TestServer, browser: Browser) => Promise<void>,
  opts: { cameraFile?: (s: TestServer) => Promise<string> } = {},
): void {
  Deno.test({
    name,
    fn: async () => {
      const s = await startServer("postgres", { now: NOW, timezone: TIMEZONE });
      let browser: Browser | null = null;
      try {
        await seedStaff(s.db, {
          username: "jane",
          name: "Jane Smith",
          role: "OPERATOR",
          pin: PIN,
          password: PASSWORD,
        });
        const file = opts.cameraFile ? await opts.cameraFile(s) : undefined;
        browser = await launchChromium({ args: fakeCamera(file) });
        await fn(s, browser);
      } finally {
        await browser?.close();
        await s.close();
      }
    },
  });
}

/** A ticket reserved through the API for a new slot on `date` (`start`–`end`). */
export async function reservedTicket(
  s: TestServer,
  date: string,
  start = "12:00",
  end = "13:00",
): Promise<string> {
  return (await reserveOnNewSlot(s, { date, start, end })).code;
}

/** A .y4m video (1 s, 640×480) of `text` as a QR code, made with ffmpeg. */
export async function qrVideo(text: string): Promise<string> {
  const dir = `${TMP}operator-camera/${crypto.randomUUID()}`;
  await Deno.mkdir(dir, { recursive: true });
  await QRCode.toFile(`${dir}/q.png`, text, { width: 360, margin: 4 });
  const out = await new Deno.Command("ffmpeg", {
    args: [
      "-y",
      "-loglevel",
      "error",
      "-loop",
      "1",
      "-i",
      `${dir}/q.png`,
      "-t",
      "1",
      "-r",
      "10",
      "-vf",
      "scale=360:360,pad=640:480:140:60:white,format=yuv420p",
      "-f",
      "yuv4mpegpipe",
      `${dir}/q.y4m`,
    ],
  }).output().catch((err) => {
    throw new Error(
      `Cannot run ffmpeg (apt-get install -y ffmpeg): ${err.message}`,
    );
  });
  if (!out.success) {
    throw new Error(`ffmpeg failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return `${dir}/q.y4m`;
}

/** Signs in on the login page with a PIN or a password and waits for the scanner. */
export async function signIn(
  page: Page,
  username: string,
  secret: { pin: string } | { password: string },
): Promise<void> {
  await page.waitForSelector("[data-island=OperatorLogin][data-hydrated]");
  if ("pin" in secret) await page.check("#mode-pin");
  await page.fill("#username", username);
  await page.fill("#secret", "pin" in secret ? secret.pin : secret.password);
  await page.click("button[type=submit]");
}

/** Waits for the scanner island to hydrate. */
export async function scannerReady(page: Page): Promise<void> {
  await page.waitForURL((u) => u.pathname === "/operator/scan");
  await page.waitForSelector("[data-island=OperatorScanner][data-hydrated]");
}

/** Types `code` into the manual field and asks for a check. */
export async function typeCode(page: Page, code: string): Promise<void> {
  await page.fill("#manual-code", code);
  await page.click(".manual button[type=submit]");
}

/** The card shown now: colour, title, message (waits for one). */
export async function card(page: Page) {
  const el = page.locator("section.result[data-result]");
  await el.waitFor();
  return {
    result: await el.getAttribute("data-result"),
    title: (await el.locator("h1").textContent())?.trim(),
    message: (await el.locator(".result-message").textContent())?.trim(),
    text: (await el.textContent()) ?? "",
  };
}

/** Buttons, inputs and radio labels smaller than 48×48 CSS pixels (tap targets). */
export async function smallTargets(page: Page): Promise<string[]> {
  return await page.evaluate(() => {
    const small: string[] = [];
    const els = document.querySelectorAll<HTMLElement>(
      "button, input:not([type=radio]), .segmented label",
    );
    for (const el of els) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // hidden
      if (el.closest("[inert]")) continue; // behind the card
      if (r.height < 47.5 || r.width < 47.5) {
        small.push(
          `${el.tagName} ${
            el.id || el.textContent?.trim()
          } ${r.width}×${r.height}`,
        );
      }
    }
    return small;
  });
}

/** Answers the gate chooser a device shows on its first scan page (`null`: "No gate"). */
export async function chooseGate(
  page: Page,
  gate: string | null,
): Promise<void> {
  await page.locator("#gate-name").waitFor();
  if (gate === null) await page.click(".gate-chooser >> text=No gate");
  else {
    await page.fill("#gate-name", gate);
    await page.click(".gate-chooser >> text=Use this gate");
  }
  await page.locator(".gate-chooser").waitFor({ state: "detached" });
}
