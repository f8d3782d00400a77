/// <reference lib="dom" />
/**
 * The app on 127.0.0.1 behind Debian's Caddy with its own local CA
 * (ops/caddy/test.Caddyfile), TRUST_PROXY=1 and an https PUBLIC_URL, in real
 * Chromium that trusts that CA: Secure login cookie, HSTS, a secure context
 * (camera, service workers) that plain http to the same name is not, a
 * dashboard event through the proxy at once, and rate limits keyed on the
 * client address Caddy saw.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Browser } from "playwright-core";
import { startServer, type TestServer } from "../helpers/server.ts";
import { freePort } from "../helpers/app_process.ts";
import { type Caddy, SITE_HOST, startCaddy } from "../helpers/caddy.ts";
import {
  reservationBody,
  seedSlot,
  seedStaff,
  seedTickets,
} from "../helpers/api.ts";
import { launchChromium, newContext } from "./browser.ts";
import { NOW, TIMEZONE } from "./fixtures.ts";
import {
  fakeCamera,
  PASSWORD,
  scannerReady,
  signIn,
  TODAY,
} from "./operator_fixtures.ts";

/** Sets up server, Caddy and Chromium; tears all down whatever happens. */
async function withProxy(
  fn: (s: TestServer, caddy: Caddy, browser: Browser) => Promise<void>,
  env: Record<string, string> = { TRUST_PROXY: "1" },
): Promise<void> {
  const port = freePort();
  const s = await startServer("postgres", {
    now: NOW,
    timezone: TIMEZONE,
    env: {
      ...env,
      PUBLIC_URL: `https://${SITE_HOST}:${port}`,
      RATE_LIMIT_VALIDATE_PER_MIN: "3",
    },
  });
  let caddy: Caddy | null = null;
  let browser: Browser | null = null;
  try {
    await seedStaff(s.db, {
      username: "jane",
      name: "Jane Smith",
      role: "OPERATOR",
      password: PASSWORD,
    });
    await seedStaff(s.db, {
      username: "boss",
      role: "MANAGER",
      password: PASSWORD,
    });
    caddy = await startCaddy([new URL(s.url).host], { port });
    browser = await launchChromium({
      args: [
        ...fakeCamera(),
        `--host-resolver-rules=MAP ${SITE_HOST} 127.0.0.1`,
        // Trust Caddy's CA as a venue's devices would trust a real one.
        `--ignore-certificate-errors-spki-list=${caddy.spkiHashes.join(",")}`,
      ],
    });
    await fn(s, caddy, browser);
  } finally {
    await browser?.close();
    await caddy?.stop();
    await s.close();
  }
}

/** What the page can use: secure context, camera API, service workers. */
function capabilities() {
  return {
    secure: globalThis.isSecureContext,
    mediaDevices: typeof navigator.mediaDevices?.getUserMedia === "function",
    serviceWorker: "serviceWorker" in navigator,
  };
}

Deno.test({
  name:
    "behind Caddy over https: Secure HttpOnly SameSite=Strict cookie, HSTS, a secure context whose scanner opens the camera and registers its service worker",
  fn: () =>
    withProxy(async (s, caddy, browser) => {
      const context = await newContext(browser);
      const page = await context.newPage();

      // The same host name over plain http (straight to the app) is not a
      // secure context: no camera, no service workers.
      const plain = `http://${SITE_HOST}:${new URL(s.url).port}`;
      await page.goto(`${plain}/operator/login`);
      assertEquals(await page.evaluate(capabilities), {
        secure: false,
        mediaDevices: false,
        serviceWorker: false,
      });

      const res = await page.goto(`${caddy.siteUrl}/operator/login`);
      assert(res, "no response");
      assertEquals(res.status(), 200);
      // A certificate Chromium accepted: the page loaded over TLS.
      assert(await res.securityDetails(), "no TLS details");
      assertEquals(
        (await res.allHeaders())["strict-transport-security"],
        "max-age=31536000; includeSubDomains",
      );
      assertEquals(await page.evaluate(capabilities), {
        secure: true,
        mediaDevices: true,
        serviceWorker: true,
      });

      await signIn(page, "jane", { password: PASSWORD });
      await scannerReady(page);
      const cookie = (await context.cookies(caddy.siteUrl)).find((c) =>
        c.name === "te_token"
      );
      assert(cookie, "no login cookie");
      assertEquals(
        {
          secure: cookie.secure,
          httpOnly: cookie.httpOnly,
          sameSite: cookie.sameSite,
        },
        { secure: true, httpOnly: true, sameSite: "Strict" },
      );
      // The fake camera's picture is live in the scanner.
      await page.locator("[data-camera=live]").waitFor({ timeout: 10_000 });
      // The scanner's service worker registers over https and keeps the page.
      await page.waitForSelector("html[data-offline-ready]", {
        timeout: 10_000,
      });
      assertEquals(
        await page.evaluate(async () =>
          (await navigator.serviceWorker.getRegistration("/operator/"))?.scope
        ),
        `${caddy.siteUrl}/operator/`,
      );
      await context.close();
    }),
});

Deno.test({
  name:
    "behind Caddy: a dashboard event arrives through the proxy at once; rate limits count each client address Caddy saw",
  fn: () =>
    withProxy(async (s, caddy, browser) => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(`${caddy.siteUrl}/operator/login`);
      // Signed in by the login API from the page: the cookie is set.
      const login = await page.evaluate(async (password) => {
        const res = await fetch("/api/operator/login", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "boss", password }),
        });
        return res.status;
      }, PASSWORD);
      assertEquals(login, 200);

      // The dashboard stream, opened by the page with its login cookie.
      await page.evaluate(() => {
        const w = globalThis as unknown as { events: string[] };
        w.events = [];
        const es = new EventSource("/api/dashboard/stream?orq=1");
        for (const kind of ["snapshot", "reservation"]) {
          es.addEventListener(kind, () => w.events.push(kind));
        }
      });
      const events = () =>
        page.evaluate(() =>
          (globalThis as unknown as { events: string[] }).events
        );
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { events: string[] }).events.includes(
            "snapshot",
          ),
        undefined,
        { timeout: 10_000 },
      );

      const slot = await seedSlot(s.db, {
        date: TODAY,
        start: "12:00",
        end: "13:00",
      });
      const [code] = await seedTickets(s.db, 1);
      const client = Deno.createHttpClient({ caCerts: [caddy.rootPem] });
      try {
        const started = performance.now();
        const r = await fetch(`${caddy.ipUrl}/api/reservations/create`, {
          method: "POST",
          client,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(reservationBody(code, slot)),
        });
        await r.body?.cancel();
        assertEquals(r.status, 201);
        // Buffered by the proxy, the event would wait for the next
        // heartbeat or for the buffer to fill.
        await page.waitForFunction(
          () =>
            (globalThis as unknown as { events: string[] }).events.includes(
              "reservation",
            ),
          undefined,
          { timeout: 2_000 },
        );
        const ms = performance.now() - started;
        assert(ms < 2_000, `the event took ${ms} ms`);
        assertEquals(await events(), ["snapshot", "reservation"]);
      } finally {
        client.close();
      }
      await context.close();

      // Two clients, each on its own address; the app sees only Caddy's
      // socket (127.0.0.1) and the X-Forwarded-For Caddy wrote.
      assertEquals(await validations(caddy, "127.0.0.2", 4), [
        404,
        404,
        404,
        429,
      ]);
      assertEquals(await validations(caddy, "127.0.0.3", 1), [404]);
    }),
});

Deno.test({
  name:
    "behind Caddy without TRUST_PROXY: every client shares the proxy's budget",
  fn: () =>
    withProxy(async (_s, caddy) => {
      assertEquals(await validations(caddy, "127.0.0.2", 3), [404, 404, 404]);
      assertEquals(await validations(caddy, "127.0.0.3", 1), [429]);
    }, {}),
});

/**
 * The statuses of `n` ticket validations through Caddy from the local
 * `address`, each with a forged `X-Forwarded-For` (Caddy replaces it with
 * the address it saw).
 */
async function validations(
  caddy: Caddy,
  address: string,
  n: number,
): Promise<number[]> {
  const c = Deno.createHttpClient({
    caCerts: [caddy.rootPem],
    localAddress: address,
  });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${caddy.ipUrl}/api/tickets/validate`, {
        method: "POST",
        client: c,
        headers: {
          "content-type": "application/json",
          "x-forwarded-for": `10.0.0.${i}`,
        },
        body: JSON.stringify({ ticket_code: "ZZZZZZZZZZZZZZZZZZZZ" }),
      });
      await res.body?.cancel();
      statuses.push(res.status);
    }
    return statuses;
  } finally {
    c.close();
  }
}
