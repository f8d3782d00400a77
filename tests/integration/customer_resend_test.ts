/** The customer's "send my confirmation again" (API.md "Customer self-service"). */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { startServer, testEachEngine } from "../helpers/server.ts";
import { seedTickets } from "../helpers/api.ts";
import { withReceiver, workerFor } from "../helpers/mail.ts";
import { parseMail } from "../helpers/mime.ts";
import { book, mailKinds, tomorrow } from "../helpers/staff_changes.ts";
import {
  lastAudit,
  markReservation,
  reschedule,
  resend,
} from "../helpers/customer_changes.ts";

testEachEngine(
  "resend queues the confirmation with the current links, 3 an hour per ticket",
  (s) =>
    withReceiver(async (rx) => {
      const a = await tomorrow(s, "12:00");
      const b = await tomorrow(s, "15:00");
      const booked = await book(s, a, "grace@example.com");
      const other = await book(s, a, "alan@example.com");
      const code = booked.reservation.ticket_code;
      const moved = await reschedule(s, code, "grace@example.com", b);
      assertEquals(moved.status, 200);

      // Typed in lower case with dashes: the same ticket.
      const typed = code.toLowerCase().replace(/(.{4})(?=.)/g, "$1-");
      const r = await resend(s, typed);
      assertEquals([r.status, r.body], [202, { queued: "confirmation" }]);
      const audit = await lastAudit(s.db);
      assertEquals([audit.action, audit.actor_kind], [
        "reservation.resent",
        "customer",
      ]);
      const worker = workerFor(s, rx);
      await worker.drain();
      await worker.stop();
      // Mails arrive in any order (the worker sends them at once) and are
      // written when sent: the first confirmation and the one sent again
      // both show the booking as it is now.
      const confirmations = rx.messages
        .filter((m) => m.to.includes("grace@example.com"))
        .map((m) =>
          parseMail(m.raw).parts.find((p) => p.type === "text/plain")!.text
        )
        .filter((text) => text.includes("is reserved"));
      assertEquals(confirmations.length, 2, confirmations.join("\n----\n"));
      for (const text of confirmations) {
        assert(text.includes("15:00–16:00"), text);
        assert(text.includes(moved.body.qr.png_url), text);
      }

      assertEquals((await resend(s, code)).status, 202);
      assertEquals((await resend(s, code)).status, 202);
      const limited = await resend(s, code);
      assertEquals([limited.status, limited.body.error?.code], [
        429,
        "RATE_LIMITED",
      ]);
      const wait = Number(limited.headers.get("retry-after"));
      assert(wait > 3000 && wait <= 3600, String(wait));
      assertEquals(
        (await mailKinds(s.db, booked.reservation.id)).filter((k) =>
          k === "reservation.confirmation"
        ).length,
        4,
      );
      // Another ticket has its own budget.
      assertEquals(
        (await resend(s, other.reservation.ticket_code)).status,
        202,
      );
    }),
);

testEachEngine(
  "resend refuses: bad input 400, unknown 404, no booking 409, expired 410",
  async (s) => {
    const a = await tomorrow(s, "12:00");
    const bad = await resend(s, "");
    assertEquals([bad.status, bad.body.error.code], [400, "VALIDATION_FAILED"]);
    assert(bad.body.error.details.fields.ticket_code);
    const unknown = await resend(s, "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    assertEquals([unknown.status, unknown.body.error.code], [
      404,
      "TICKET_NOT_FOUND",
    ]);
    const [unbooked] = await seedTickets(s.db, 1);
    const none = await resend(s, unbooked);
    assertEquals([none.status, none.body.error.code], [
      409,
      "TICKET_NOT_RESERVED",
    ]);
    const booked = await book(s, a);
    await markReservation(s.db, booked.reservation.id, "EXPIRED");
    const expired = await resend(s, booked.reservation.ticket_code);
    assertEquals([expired.status, expired.body.error.code], [
      410,
      "TICKET_EXPIRED",
    ]);
  },
);

Deno.test("resend's limit per ticket holds across two instances sharing Redis", async () => {
  const env = {
    REDIS_URL: "redis://127.0.0.1:6379",
    REDIS_PREFIX: `te-test-${crypto.randomUUID()}`,
  };
  const one = await startServer("postgres", { env });
  const two = await startServer("postgres", {
    env,
    databaseUrl: one.databaseUrl,
  });
  try {
    const a = await tomorrow(one, "12:00");
    const booked = await book(one, a);
    const code = booked.reservation.ticket_code;
    assertEquals((await resend(one, code)).status, 202);
    assertEquals((await resend(two, code)).status, 202);
    assertEquals((await resend(one, code)).status, 202);
    const r = await resend(two, code);
    assertEquals([r.status, r.body.error?.code], [429, "RATE_LIMITED"]);
  } finally {
    await two.close();
    await one.close();
  }
});
