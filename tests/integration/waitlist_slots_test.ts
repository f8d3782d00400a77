/**
 * The waitlist around its slot and its mail (API.md "Customer
 * self-service"): too close to the start nothing is held, closing and
 * deleting a slot end its waitlist, the offer mail through SMTP, and the
 * rate limits.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call, seedSlot, seedTickets, staffToken } from "../helpers/api.ts";
import { book, slotState } from "../helpers/staff_changes.ts";
import { cancel } from "../helpers/customer_changes.ts";
import {
  assertWaitlistConsistent,
  claim,
  entryStates,
  fullSlot,
  join,
  leave,
  offerToken,
  waitlistMails,
} from "../helpers/waitlist.ts";
import { passWaitlists } from "../../db/waitlist_expiry.ts";
import { withReceiver, workerFor } from "../helpers/mail.ts";
import { parseMail } from "../helpers/mime.ts";

testEachEngine(
  "too close to the start nothing is held: the place goes on sale and the waitlist is dropped",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "11:00",
      end: "12:00",
      capacity: 1,
    });
    const admin = await staffToken(s, "boss", "ADMIN");
    const guest = await book(s, slot);
    const [a, b] = await seedTickets(s.db, 2);
    const ea = (await join(s, [a], slot)).body.waitlist.id;
    const eb = (await join(s, [b], slot)).body.waitlist.id;
    s.clock.advance(31 * 60_000); // 10:31: starts in 29 minutes
    const r = await call(
      s.url,
      "POST",
      `/api/reservations/${guest.reservation.id}/cancel`,
      { json: {}, token: admin },
    );
    assertEquals(r.status, 200, JSON.stringify(r.body));
    assertEquals(await slotState(s.db, slot), {
      booked_count: 0,
      held_count: 0,
      status: "ACTIVE",
    });
    assertEquals(await entryStates(s.db, slot), [
      `${ea} DROPPED`,
      `${eb} DROPPED`,
    ]);
    assertEquals(await waitlistMails(s.db), [
      `waitlist.dropped ${ea}`,
      `waitlist.dropped ${eb}`,
    ]);
    await assertWaitlistConsistent(s.db);
  },
);

testEachEngine(
  "closing a slot releases its holds and drops its waitlist (a pending claim: 409 SLOT_CLOSED); deleting removes it",
  async (s) => {
    const { slot, codes } = await fullSlot(s, 1);
    const admin = await staffToken(s, "boss", "ADMIN");
    const [a, b] = await seedTickets(s.db, 2);
    const ea = (await join(s, [a], slot)).body.waitlist.id;
    const eb = (await join(s, [b], slot)).body.waitlist.id;
    await cancel(s, codes[0], "guest0@example.com");
    const closed = await call(
      s.url,
      "PATCH",
      `/api/reservation-slots/${slot}`,
      {
        json: { status: "CLOSED" },
        token: admin,
      },
    );
    assertEquals(closed.status, 200, JSON.stringify(closed.body));
    assertEquals(
      [closed.body.held_count, closed.body.waitlist_count],
      [0, 0],
    );
    assertEquals(await entryStates(s.db, slot), [
      `${ea} DROPPED`,
      `${eb} DROPPED`,
    ]);
    const r = await claim(s, (await offerToken(s.db, ea))!);
    assertEquals([r.status, r.body.error.code], [409, "SLOT_CLOSED"]);

    const other = await fullSlot(s, 1, "18:00");
    const [c] = await seedTickets(s.db, 1);
    const ec = (await join(s, [c], other.slot)).body.waitlist.id;
    await cancel(s, other.codes[0], "guest0@example.com");
    // Held places block deletion; once it is free it goes with its waitlist.
    const refused = await call(
      s.url,
      "DELETE",
      `/api/reservation-slots/${other.slot}`,
      {
        json: {},
        token: admin,
      },
    );
    assertEquals(refused.body.error?.code, "SLOT_HAS_RESERVATIONS");
    assertEquals((await leave(s, ec, c)).status, 204);
    const [d] = await seedTickets(s.db, 1);
    await book(s, other.slot);
    const ed = (await join(s, [d], other.slot)).body.waitlist.id;
    await s.db.query(
      "UPDATE ticket_reservations SET status = 'CANCELLED' WHERE slot_id = $1",
      [other.slot],
    );
    await s.db.query(
      "UPDATE reservation_slots SET booked_count = 0 WHERE id = $1",
      [other.slot],
    );
    const deleted = await call(
      s.url,
      "DELETE",
      `/api/reservation-slots/${other.slot}`,
      {
        json: {},
        token: admin,
      },
    );
    assertEquals(deleted.status, 204, JSON.stringify(deleted.body));
    assertEquals(await entryStates(s.db, other.slot), []);
    assert((await waitlistMails(s.db)).includes(`waitlist.dropped ${ed}`));
  },
);

testEachEngine(
  "the offer mail goes out through SMTP with its link; the outbox then forgets the token",
  async (s) => {
    const { slot, codes } = await fullSlot(s, 1);
    const [a] = await seedTickets(s.db, 1);
    const ea = (await join(s, [a], slot, "a@example.com", { locale: "fr" }))
      .body.waitlist.id;
    await cancel(s, codes[0], "guest0@example.com");
    const token = (await offerToken(s.db, ea))!;
    await withReceiver(async (rx) => {
      const sent = await workerFor(s, rx).drain();
      assert(sent.sent >= 1);
      const offer = rx.messages.find((m) => m.to.includes("a@example.com"))!;
      const text = new TextDecoder().decode(
        parseMail(offer.raw).parts.find((p) => p.type === "text/plain")!
          .content,
      );
      assert(text.includes(`/reserve/claim?token=${token}`), text);
      assert(text.includes("Réserver mes places"), text);
    });
    // Still there until the job's pass, which removes it from sent mails.
    assertEquals(await offerToken(s.db, ea), token);
    await passWaitlists(s.db, s.clock());
    assertEquals(await offerToken(s.db, ea), null);
    // The link still works: only the stored hash is needed.
    assertEquals((await claim(s, token)).status, 201);
  },
);

testEachEngine(
  "rate limits: a change token a request, and a validation per code",
  async (s) => {
    const { slot } = await fullSlot(s, 1);
    const codes = await seedTickets(s.db, 6);
    // 5 validations a minute: 3 codes pass, the next 3 do not.
    assertEquals((await join(s, codes.slice(0, 3), slot)).status, 201);
    const over = await join(s, codes.slice(3), slot);
    assertEquals([over.status, over.body.error.code], [429, "RATE_LIMITED"]);
    assert(Number(over.headers.get("retry-after")) > 0);
    // 4 changes a minute (a booking and two joins so far): one claim more.
    assertEquals((await claim(s, "no-such-token")).status, 404);
    const spent = await claim(s, "no-such-token");
    assertEquals([spent.status, spent.body.error.code], [429, "RATE_LIMITED"]);
  },
  {
    env: { RATE_LIMIT_VALIDATE_PER_MIN: "5", RATE_LIMIT_RESERVE_PER_MIN: "4" },
  },
);

testEachEngine(
  "the job: an entry that does not fit the free places keeps waiting, and the slot is reported unchanged",
  async (s) => {
    const { slot, codes } = await fullSlot(s, 1);
    const [a1, a2] = await seedTickets(s.db, 2);
    const ea = (await join(s, [a1, a2], slot)).body.waitlist.id;
    await cancel(s, codes[0], "guest0@example.com");
    const pass = await passWaitlists(s.db, s.clock());
    assertEquals(pass, { slots: [], expired: 0, offered: 0, dropped: 0 });
    assertEquals(await entryStates(s.db, slot), [`${ea} WAITING`]);
    // Closer to the start than waitlist_offer_minutes: the job drops it.
    s.clock.set("2026-11-27T11:45:00Z");
    const late = await passWaitlists(s.db, s.clock());
    assertEquals(late, {
      slots: [{ id: slot, orq: 1 }],
      expired: 0,
      offered: 0,
      dropped: 1,
    });
    assertEquals(await waitlistMails(s.db), [`waitlist.dropped ${ea}`]);
    await assertWaitlistConsistent(s.db);
  },
);
