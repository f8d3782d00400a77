/// <reference lib="dom" />
/** Scenario 1 of US-015 in real Chromium: a customer books with the link from the email. */
import { parseSignedPayload } from "../../domain/signed_payload.ts";
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { seedTickets } from "../helpers/api.ts";
import { isPng, qrTextOfPng } from "../helpers/png.ts";
import { startSmtpReceiver } from "../helpers/smtp_receiver.ts";
import { parseMail } from "../helpers/mime.ts";
import { createMailWorker } from "../../lib/mail/worker.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { DESKTOP, layoutShift, openPortal, PHONE } from "./browser.ts";
import { devicePage } from "./device_page.ts";
import {
  bookedCount,
  portalTest,
  seedSeason,
  slotAt,
  ticketStatus,
} from "./fixtures.ts";
import { checkStep, day } from "./portal_steps.ts";

for (
  const [device, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const
) {
  portalTest(
    `scenario 1: booking from the email link, then the group's next ticket [${device}]`,
    async (s, browser) => {
      await seedSeason(s.db);
      const [code, second] = await seedTickets(s.db, 2);
      const slot = await slotAt(s.db, "2026-11-27", "12:00");
      const { context, page, errors } = await devicePage(
        browser,
        device,
        viewport,
      );
      // The page's requests that spend the lookup limit (lookup, QR, calendar).
      const limited: { url: string; status: number }[] = [];
      page.on("response", (res) => {
        const path = new URL(res.url()).pathname;
        if (/^\/api\/reservations\/(lookup|\d+\/)/.test(path)) {
          limited.push({ url: res.url(), status: res.status() });
        }
      });

      // The landing page leads to the portal.
      await page.goto(s.url + "/");
      await checkStep(page, `${device}-0-home`);
      assert(await page.locator('a[href="/reserve"]').isVisible());

      // Step 1 as typed (no code yet).
      await openPortal(page, s.url + "/reserve");
      assertEquals(await layoutShift(page), 0);
      await checkStep(page, `${device}-1-ticket`);

      // The email link: the code is checked on arrival, the page opens at step 2
      // and nothing moves while it hydrates.
      await openPortal(page, `${s.url}/reserve?code=${code}`);
      assertEquals(await layoutShift(page), 0);
      const hydratedAt = await page.evaluate(() =>
        performance.getEntriesByName("portal-hydrated")[0].startTime
      );
      console.log(`  hydrated ${hydratedAt.toFixed(0)} ms after navigation`);
      await page.getByRole("heading", { name: "Your contact details" })
        .waitFor();
      assert(
        (await page.locator(".note.ok").textContent())!.includes(
          formatTicketCode(code),
        ),
      );
      await checkStep(page, `${device}-2-contact`);

      // Inline validation with the server's rules.
      await page.fill("#email", "anna@");
      await page.fill("#phone", "0612");
      await page.click("text=Continue");
      assertEquals(
        await page.locator("#email-error").textContent(),
        "Enter an email address like name@example.com.",
      );
      assert(await page.locator("#phone-error").isVisible());
      assertEquals(
        await page.evaluate(() => document.activeElement?.id),
        "email",
      );
      await checkStep(page, `${device}-2-contact-errors`);
      await page.fill("#email", "anna.visitor@example.com");
      assertEquals(await page.locator("#email-error").count(), 0);
      await page.fill("#phone", "+31 (0)6 1234 5678".replace("(0)", ""));
      assertEquals(await page.locator("#phone-error").count(), 0);
      assert(
        (await page.locator("#phone-normalized").textContent())!.includes(
          "+31 6 12345678",
        ),
      );

      // Step 3: the calendar, ready moments after "Continue" (prefetched).
      const started = performance.now();
      await page.click("text=Continue");
      await day(page, "2026-11-27").waitFor();
      const calendarMs = performance.now() - started;
      console.log(
        `  calendar interactive ${calendarMs.toFixed(0)} ms after Continue`,
      );
      assertEquals(
        await page.locator("#calendar-month").textContent(),
        "November 2026",
      );
      assertEquals(
        await day(page, "2026-11-25").getAttribute("aria-disabled"),
        "true",
      );
      assertEquals(
        await day(page, "2026-11-26").getAttribute("aria-current"),
        "date",
      );
      assert(
        (await day(page, "2026-11-27").getAttribute("class"))!.includes(
          "day-available",
        ),
      );
      assert(
        (await day(page, "2026-11-28").getAttribute("class"))!.includes(
          "day-limited",
        ),
      );
      assert(
        (await day(page, "2026-11-29").getAttribute("class"))!.includes(
          "day-full",
        ),
      );
      assert(
        (await day(page, "2026-11-28").textContent())!.includes("Filling up"),
      );
      assert(
        (await day(page, "2026-11-29").textContent())!.includes("Fully booked"),
      );
      await checkStep(page, `${device}-3-calendar`);

      // Month navigation over the 90-day window (to February 2027 and back).
      await page.getByRole("button", { name: "Next month" }).click();
      assertEquals(
        await page.locator("#calendar-month").textContent(),
        "December 2026",
      );
      assertEquals(
        await day(page, "2026-12-01").getAttribute("aria-disabled"),
        "true",
      );
      assert(
        (await day(page, "2026-12-01").textContent())!.includes("No times"),
      );
      await page.getByRole("button", { name: "Next month" }).click();
      await page.getByRole("button", { name: "Next month" }).click();
      assertEquals(
        await page.locator("#calendar-month").textContent(),
        "February 2027",
      );
      assertEquals(
        await page.getByRole("button", { name: "Next month" }).getAttribute(
          "aria-disabled",
        ),
        "true",
      );
      assert(
        (await day(page, "2027-02-23").getAttribute("class"))!.includes(
          "day-available",
        ),
      );
      assertEquals(
        await day(page, "2027-02-24").getAttribute("aria-disabled"),
        "true",
      );
      for (let i = 0; i < 3; i++) {
        await page.getByRole("button", { name: "Previous month" }).click();
      }
      assertEquals(
        await page.locator("#calendar-month").textContent(),
        "November 2026",
      );

      // A full date lists its slots, all disabled; a filling one says so.
      await day(page, "2026-11-29").click();
      assertEquals(await page.locator(".slot:not([disabled])").count(), 0);
      assert(
        (await page.locator(".slot").first().textContent())!.includes(
          "0/200 available",
        ),
      );
      await day(page, "2026-11-28").click();
      assert(
        (await page.locator(".slot").first().textContent())!.includes(
          "50/200 available",
        ),
      );
      await day(page, "2026-11-27").click();
      await page.locator(`[data-slot-id="${slot}"]`).waitFor();
      assert(
        (await page.locator(`[data-slot-id="${slot}"]`).textContent())!
          .includes(
            "200/200 available",
          ),
      );
      await checkStep(page, `${device}-3-slots`);

      // Step 4: the summary.
      await page.locator(`[data-slot-id="${slot}"]`).click();
      await page.getByRole("heading", { name: "Check and confirm" }).waitFor();
      const summary = (await page.locator(".summary").textContent())!;
      for (
        const part of [
          formatTicketCode(code),
          "Friday 27 November 2026",
          "12:00–13:00",
          "anna.visitor@example.com",
          "+31 6 12345678",
        ]
      ) assert(summary.includes(part), `summary lacks ${part}`);
      await checkStep(page, `${device}-4-confirm`);

      // Step 5: booked, QR shown, downloads work.
      await page.getByRole("button", { name: "Confirm reservation" }).click();
      await page.getByRole("heading", { name: "You're booked!" }).waitFor();
      await page.waitForFunction(() =>
        (document.querySelector(".qr img") as HTMLImageElement)?.naturalWidth >
          0
      );
      assert(
        (await page.locator(".panel.done").textContent())!.includes(
          "anna.visitor@example.com",
        ),
      );
      await checkStep(page, `${device}-5-done`);
      assertEquals(await ticketStatus(s.db, code), "RESERVED");
      assertEquals(await bookedCount(s.db, slot), 1);
      const mails = await s.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM mail_outbox m
         JOIN ticket_reservations r ON r.id = m.reservation_id
         JOIN tickets t ON t.id = r.ticket_id WHERE t.code = $1`,
        [code],
      );
      assertEquals(mails[0].n, 1, "the confirmation email is queued");

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download ticket (PNG)" }).click(),
      ]);
      const png = await Deno.readFile((await download.path())!);
      assert(isPng(png), "the PNG download is a PNG");
      // The download carries the signed payload, as the page's QR does.
      assertEquals(
        parseSignedPayload(qrTextOfPng(png) ?? "")?.claims.c,
        code,
      );
      // Named after the venue and the time, never the code.
      assert(
        /^ticket-[a-z0-9-]+-2026-\d\d-\d\d-\d{4}\.png$/.test(
          download.suggestedFilename(),
        ),
        download.suggestedFilename(),
      );
      const svgHref = await page.getByRole("link", {
        name: "Download QR code (SVG)",
      })
        .getAttribute("href");
      const svg = await page.request.get(s.url + svgHref);
      assertEquals(svg.headers()["content-type"], "image/svg+xml");
      const icsHref = await page.getByRole("link", { name: "Add to calendar" })
        .getAttribute("href");
      const ics = await page.request.get(s.url + icsHref);
      assert((await ics.text()).includes("BEGIN:VCALENDAR"));

      // The group's next ticket: contact and slot are kept, so it is code → confirm.
      await page.getByRole("link", { name: "Reserve another ticket" })
        .click();
      await page.getByRole("heading", { name: "Your next ticket" }).waitFor();
      assert(
        (await page.locator(".note").textContent())!.includes(
          "Friday 27 November 2026, 12:00–13:00",
        ),
      );
      await checkStep(page, `${device}-6-next-ticket`);
      await page.fill("#ticket-code", formatTicketCode(second).toLowerCase());
      await page.getByRole("button", { name: "Check ticket" }).click();
      await page.getByRole("heading", { name: "Check and confirm" }).waitFor();
      assert(
        (await page.locator(".summary").textContent())!.includes("12:00–13:00"),
      );
      const secondQr = page.waitForResponse((r) =>
        /\/api\/reservations\/\d+\/qr\.svg/.test(r.url())
      );
      await page.getByRole("button", { name: "Confirm reservation" }).click();
      await page.getByRole("heading", { name: "You're booked!" }).waitFor();
      await secondQr;
      assertEquals(await bookedCount(s.db, slot), 2);
      assertEquals(await ticketStatus(s.db, second), "RESERVED");

      // The page's lookup/QR/calendar requests: none refused at the default
      // limit of 60 a minute (a family booking ten tickets stays well under
      // it), and no URL carries the ticket code.
      console.log(
        `  ${limited.length} lookup/QR/calendar requests for 2 tickets`,
      );
      // One QR image a success page (no refetch); a download on top at most.
      assertEquals(
        limited.filter((r) => r.url.includes("/qr.svg")).length,
        2,
        JSON.stringify(limited),
      );
      assert(limited.length <= 4, JSON.stringify(limited));
      for (const r of limited) {
        assertEquals(r.status, 200, r.url);
        assert(/[?&]t=[\w-]{22}&v=1$/.test(r.url), r.url);
        assert(!r.url.includes(code) && !r.url.includes(second), r.url);
      }

      // Both confirmations go out through a real SMTP server, each with its QR.
      const rx = await startSmtpReceiver();
      try {
        const mailer = createMailWorker({
          db: s.db,
          config: { ...s.deps.config, smtpUrl: rx.url },
        });
        await mailer.drain();
        const mails = rx.messages.filter((m) =>
          m.to.includes("anna.visitor@example.com")
        );
        assertEquals(mails.length, 2);
        const qrs = mails.map((m) => {
          const png = parseMail(m.raw).parts.find((p) =>
            p.type === "image/png"
          )!;
          // The mail's QR carries the booking's signed payload (TE1.…).
          return parseSignedPayload(qrTextOfPng(png.content) ?? "")?.claims.c;
        }).sort();
        assertEquals(qrs, [code, second].sort());
      } finally {
        await rx.close();
      }
      assertEquals(errors, []);
      await context.close();
    },
    // The default limit, so the test shows the portal stays under it.
    { env: { RATE_LIMIT_LOOKUP_PER_MIN: "60" } },
  );
}
