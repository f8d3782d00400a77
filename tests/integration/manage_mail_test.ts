/**
 * The manage link in the customer's mails (API.md "Customer self-service":
 * "the manage link in every mail carries a signed token"): the confirmation
 * and the "moved" mail link to `/reserve/manage?token=…`, whose token opens
 * the booking; a customer's own cancel is not blamed on the venue, and its
 * mail points to the booking page.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { post } from "../helpers/api.ts";
import { withReceiver, workerFor } from "../helpers/mail.ts";
import { parseMail } from "../helpers/mime.ts";
import { book, tomorrow } from "../helpers/staff_changes.ts";

function partsOf(raw: string) {
  const parts = parseMail(raw).parts;
  return {
    text: parts.find((p) => p.type === "text/plain")!.text,
    html: parts.find((p) => p.type === "text/html")!.text,
  };
}

/** The manage URL in a mail's text, checked against PUBLIC_URL. */
function manageUrl(text: string, base: string): URL {
  const m = /Change or cancel your booking: (\S+)/.exec(text);
  assert(m, text);
  const url = new URL(m[1]);
  assertEquals(url.origin + url.pathname, `${base}/reserve/manage`);
  return url;
}

testEachEngine(
  "the confirmation and the 'moved' mail carry a manage link that opens the booking; the customer's cancel mail",
  (s) =>
    withReceiver(async (rx) => {
      const base = s.deps.config.publicUrl;
      const a = await tomorrow(s, "12:00");
      const b = await tomorrow(s, "15:00");
      const booked = await book(s, a, "grace@example.com");
      const worker = workerFor(s, rx);
      assertEquals((await worker.drain()).sent, 1);

      const confirmation = partsOf(rx.messages[0].raw);
      const link = manageUrl(confirmation.text, base);
      assert(confirmation.html.includes("/reserve/manage?token="));
      // No code and no contact in the link: only the token.
      assertEquals([...link.searchParams.keys()], ["token"]);
      const token = link.searchParams.get("token")!;
      assert(!link.href.includes(booked.reservation.ticket_code));
      assert(!link.href.includes("grace"));
      const read = await post(s.url, "/api/reservations/lookup", {
        manage_token: token,
      });
      assertEquals(read.status, 200, JSON.stringify(read.body));
      assertEquals(read.body.reservation.id, booked.reservation.id);

      const moved = await post(s.url, "/api/reservations/reschedule", {
        manage_token: token,
        slot_id: b,
      });
      assertEquals(moved.status, 200, JSON.stringify(moved.body));
      assertEquals((await worker.drain()).sent, 1);
      const movedMail = partsOf(rx.messages[1].raw);
      assert(movedMail.text.includes("has moved"), movedMail.text);
      manageUrl(movedMail.text, base);

      const cancelled = await post(s.url, "/api/reservations/cancel", {
        manage_token: token,
      });
      assertEquals(cancelled.status, 200, JSON.stringify(cancelled.body));
      assertEquals((await worker.drain()).sent, 1);
      await worker.stop();
      const cancelMail = partsOf(rx.messages[2].raw);
      assert(cancelMail.text.includes("has been cancelled."), cancelMail.text);
      assert(!cancelMail.text.includes("by the venue"), cancelMail.text);
      assert(cancelMail.text.includes(`${base}/reserve`), cancelMail.text);
    }),
);
