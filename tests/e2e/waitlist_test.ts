/// <reference lib="dom" />
/**
 * The waitlist in real Chromium: a full time → "Join the waitlist" →
 * another customer cancels → the claim link read from the offer mail that
 * a real SMTP server received → the claim page → booked.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { post, reservationBody, seedTickets } from "../helpers/api.ts";
import { startSmtpReceiver } from "../helpers/smtp_receiver.ts";
import { parseMail } from "../helpers/mime.ts";
import { createMailWorker } from "../../lib/mail/worker.ts";
import { DESKTOP, openPortal } from "./browser.ts";
import { devicePage } from "./device_page.ts";
import { bookedCount, portalTest, ticketStatus } from "./fixtures.ts";
import { checkStep, day } from "./portal_steps.ts";

for (
  const [device, viewport] of [["desktop", DESKTOP], [
    "phone",
    { width: 360, height: 740 },
  ]] as const
) {
  portalTest(
    `waitlist: join a full time, a place frees up, claim it from the mail's link [${device}]`,
    async (s, browser) => {
      const [slot] = (await s.db.query<{ id: number }>(
        `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
         VALUES (1, '2026-11-27', '12:00', '13:00', 1) RETURNING id`,
      )).map((r) => r.id);
      const [other, code] = await seedTickets(s.db, 2);
      const taken = await post(
        s.url,
        "/api/reservations/create",
        reservationBody(other, slot),
      );
      assertEquals(taken.status, 201);

      const { context, page, errors } = await devicePage(
        browser,
        device,
        viewport,
      );

      await openPortal(page, `${s.url}/reserve?code=${code}`);
      await page.fill("#email", "wendy@example.com");
      await page.fill("#phone", "+31 6 1234 5678");
      await page.click("text=Continue");
      await day(page, "2026-11-27").click();
      const slotButton = page.locator(`[data-slot-id="${slot}"]`);
      assert(await slotButton.isDisabled(), "the full time cannot be booked");
      const join = page.locator(`[data-waitlist-slot="${slot}"]`);
      await join.click();
      await page.locator(`[data-waitlist-joined="${slot}"]`).waitFor();
      assert(
        (await page.locator(`[data-waitlist-joined="${slot}"]`).textContent())!
          .includes("number 1"),
      );
      await checkStep(page, `${device}-waitlist-joined`);
      // Leaving and joining again: the entry goes, a new one takes its place.
      await page.locator(`[data-waitlist-leave="${slot}"]`).click();
      await page.locator(`[data-waitlist-left="${slot}"]`).waitFor();
      const [{ left }] = await s.db.query<{ left: number }>(
        "SELECT count(*)::int AS left FROM waitlist_entries WHERE status = 'LEFT'",
      );
      assertEquals(left, 1);
      await join.click();
      await page.locator(`[data-waitlist-joined="${slot}"]`).waitFor();

      // The other customer cancels: the place is held for the waitlist.
      const cancelled = await post(s.url, "/api/reservations/cancel", {
        ticket_code: other,
        customer_email: "visitor@example.com",
      });
      assertEquals(cancelled.status, 200);

      const rx = await startSmtpReceiver();
      let link: string;
      try {
        await createMailWorker({
          db: s.db,
          config: { ...s.deps.config, smtpUrl: rx.url },
        }).drain();
        const offers = rx.messages.filter((m) =>
          m.to.includes("wendy@example.com")
        );
        assertEquals(offers.length, 1);
        const text = new TextDecoder().decode(
          parseMail(offers[0].raw).parts.find((p) => p.type === "text/plain")!
            .content,
        );
        const found = text.match(/https?:\/\/\S+\/reserve\/claim\?token=\S+/);
        assert(found, text);
        link = found[0];
      } finally {
        await rx.close();
      }

      // The link's path on this server (PUBLIC_URL is not the test's port).
      const url = new URL(link);
      await page.goto(s.url + url.pathname + url.search);
      await page.waitForSelector("[data-island=WaitlistClaim][data-hydrated]");
      await checkStep(page, `${device}-waitlist-claim`);
      await page.click("text=Book my places");
      assert(await page.locator("#phone-error").isVisible());
      await page.fill("#phone", "+31 6 8765 4321");
      await page.click("text=Book my places");
      await page.locator("[data-claimed]").waitFor();
      assertEquals(
        await page.locator("[data-claimed]").textContent(),
        "You're booked!",
      );
      await checkStep(page, `${device}-waitlist-booked`);
      assertEquals(await ticketStatus(s.db, code), "RESERVED");
      assertEquals(await bookedCount(s.db, slot), 1);
      const [row] = await s.db.query<{ held_count: number }>(
        "SELECT held_count FROM reservation_slots WHERE id = $1",
        [slot],
      );
      assertEquals(row.held_count, 0);
      assertEquals(errors, []);
      await context.close();
    },
  );
}
