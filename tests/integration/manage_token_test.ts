/**
 * "Manage my booking" with the manage token (API.md "Customer
 * self-service"): the token in the create answer opens the booking in full,
 * reschedules it (kept through the move: the id is kept) and cancels it;
 * after that, and for forged, expired, other-purpose or other-ticket tokens,
 * 404 RESERVATION_NOT_FOUND with nothing changed; a staff sign-in is no
 * manage token and a manage token signs no one in.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import { get, post, seedTickets, staffToken } from "../helpers/api.ts";
import {
  assertConsistent,
  book,
  refusedUnchanged,
  slotState,
  tomorrow,
} from "../helpers/staff_changes.ts";
import { markReservation, setSettings } from "../helpers/customer_changes.ts";
import { ManageTokens } from "../../lib/manage_token.ts";
import { manageAnswer } from "../../routes/openapi/manage_booking_operations.ts";

const lookup = (s: { url: string }, body: unknown) =>
  post(s.url, "/api/reservations/lookup", body);

/** A booking tomorrow 12:00 (and a free slot at 15:00) with its token. */
async function booked(s: TestServer) {
  const a = await tomorrow(s, "12:00", 3);
  const b = await tomorrow(s, "15:00", 3);
  const body = await book(s, a, "Ada@Example.com");
  assert(typeof body.manage_token === "string", JSON.stringify(body));
  return { a, b, body, token: body.manage_token as string };
}

testEachEngine(
  "the create answer's token reads the booking in full, reschedules (and still works after) and cancels; then 404",
  async (s) => {
    const { a, b, body, token } = await booked(s);
    const id = body.reservation.id;

    const read = await lookup(s, { manage_token: token });
    assertEquals(read.status, 200, JSON.stringify(read.body));
    assertEquals(read.body.reservation.id, id);
    assertEquals(read.body.reservation.customer_email, "Ada@Example.com");
    assertEquals(read.body.reservation.customer_phone, "+31612345678");
    assertEquals(read.body.organization.orq, 1);
    assertEquals(read.body.manage, {
      timezone: "UTC",
      starts_at: "2026-11-27T12:00:00.000Z",
      ends_at: "2026-11-27T13:00:00.000Z",
      // The default cut-off: 24 hours before the start.
      change_cutoff: "2026-11-26T12:00:00.000Z",
      changeable: true,
      refusal: null,
      // Today (2026-11-26) + 90 − 1.
      horizon_date: "2027-02-23",
    });
    assert(typeof read.body.manage_token === "string");
    assertEquals(read.body.qr.svg_url, body.qr.svg_url);
    // The shape the OpenAPI document gives.
    const shape = manageAnswer.safeParse(read.body);
    assert(shape.success, JSON.stringify(shape.error?.issues));

    const moved = await post(s.url, "/api/reservations/reschedule", {
      manage_token: token,
      slot_id: b,
    });
    assertEquals(moved.status, 200, JSON.stringify(moved.body));
    assertEquals(moved.body.reservation.id, id);
    assertEquals(moved.body.reservation.slot.id, b);
    assertEquals((await slotState(s.db, a)).booked_count, 0);
    assertEquals((await slotState(s.db, b)).booked_count, 1);

    // The same token after the move: the reservation kept its id.
    const again = await lookup(s, { manage_token: token });
    assertEquals(again.status, 200, JSON.stringify(again.body));
    assertEquals(again.body.reservation.slot.id, b);

    const cancelled = await post(s.url, "/api/reservations/cancel", {
      manage_token: token,
    });
    assertEquals(cancelled.status, 200, JSON.stringify(cancelled.body));
    assertEquals(cancelled.body.ticket, {
      code: body.reservation.ticket_code,
      status: "ACTIVATED",
      orq: 1,
    });
    assertEquals((await slotState(s.db, b)).booked_count, 0);
    await assertConsistent(s.db);

    // Cancelled: the token opens nothing, changes nothing.
    for (
      const [path, req] of [
        ["/api/reservations/lookup", { manage_token: token }],
        ["/api/reservations/reschedule", { manage_token: token, slot_id: a }],
        ["/api/reservations/cancel", { manage_token: token }],
      ] as const
    ) {
      await refusedUnchanged(
        s,
        () => post(s.url, path, req),
        404,
        "RESERVATION_NOT_FOUND",
      );
    }
  },
);

testEachEngine(
  "forged, malformed, other-secret, expired, other-ticket and staff tokens are refused with 404 and change nothing",
  async (s) => {
    const { b, body, token } = await booked(s);
    const staff = await staffToken(s, "boss", "MANAGER");
    const claims = {
      reservationId: body.reservation.id as number,
      ticketId: (await s.db.query<{ id: number }>(
        "SELECT id FROM tickets WHERE code = $1",
        [body.reservation.ticket_code],
      ))[0].id,
    };
    const [head, payload, sig] = token.split(".");
    const flipped = sig.slice(0, -2) + (sig.at(-2) === "A" ? "B" : "A") +
      sig.at(-1);
    // Another reservation's id in a payload that keeps the signature.
    const otherPayload = btoa(JSON.stringify({
      ...JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/"))),
      rid: claims.reservationId + 1,
    })).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
    const longAgo = new Date(s.clock().getTime() - 732 * 86_400_000);
    const [otherCode] = await seedTickets(s.db, 1);
    const otherTicket = (await s.db.query<{ id: number }>(
      "SELECT id FROM tickets WHERE code = $1",
      [otherCode],
    ))[0].id;
    const bad: Record<string, [string, string]> = {
      "a flipped signature": [`${head}.${payload}.${flipped}`, "LINK_INVALID"],
      "another payload": [`${head}.${otherPayload}.${sig}`, "LINK_INVALID"],
      "not a JWT": ["not-a-token", "LINK_INVALID"],
      "another secret's": [
        await new ManageTokens("another secret, another app").sign(
          claims,
          s.clock(),
        ),
        "LINK_INVALID",
      ],
      "a staff sign-in": [staff, "LINK_INVALID"],
      "past its lifetime": [
        await s.deps.links.manage.sign(claims, longAgo),
        "LINK_EXPIRED",
      ],
    };
    for (const [what, [forged, reason]] of Object.entries(bad)) {
      for (
        const [path, req] of [
          ["/api/reservations/lookup", { manage_token: forged }],
          ["/api/reservations/reschedule", {
            manage_token: forged,
            slot_id: b,
          }],
          ["/api/reservations/cancel", { manage_token: forged }],
        ] as const
      ) {
        const r = await refusedUnchanged(
          s,
          () => post(s.url, path, req),
          404,
          "RESERVATION_NOT_FOUND",
        );
        assertEquals(r.body.error.details?.reason, reason, `${what} ${path}`);
      }
    }
    // Signed by the app, but for a ticket that is not the reservation's.
    const crossed = await s.deps.links.manage.sign(
      { reservationId: claims.reservationId, ticketId: otherTicket },
      s.clock(),
    );
    for (
      const [path, req] of [
        ["/api/reservations/lookup", { manage_token: crossed }],
        ["/api/reservations/reschedule", { manage_token: crossed, slot_id: b }],
        ["/api/reservations/cancel", { manage_token: crossed }],
      ] as const
    ) {
      await refusedUnchanged(
        s,
        () => post(s.url, path, req),
        404,
        "RESERVATION_NOT_FOUND",
      );
    }

    // A manage token signs no one in; the staff token still does.
    const list = "/api/reservations?orq=1";
    assertEquals((await get(s.url, list, token)).status, 401);
    assertEquals((await get(s.url, list, staff)).status, 200);
  },
);

testEachEngine(
  "after the cut-off the booking reads as not changeable and changes are refused; after the visit the link has expired",
  async (s) => {
    const { b, body, token } = await booked(s);
    const id = body.reservation.id as number;
    s.clock.set("2026-11-26T12:00:00Z"); // the cut-off: start − 24 h
    const read = await lookup(s, { manage_token: token });
    assertEquals(read.status, 200, JSON.stringify(read.body));
    assertEquals(
      [read.body.manage.changeable, read.body.manage.refusal],
      [false, "CHANGE_CUTOFF_PASSED"],
    );
    const r = await refusedUnchanged(
      s,
      () =>
        post(s.url, "/api/reservations/reschedule", {
          manage_token: token,
          slot_id: b,
        }),
      409,
      "CHANGE_CUTOFF_PASSED",
    );
    assertEquals(r.body.error.details, { cutoff: "2026-11-26T12:00:00.000Z" });

    // Customers may never change: no cut-off instant.
    await setSettings(s, { change_cutoff_hours: null });
    s.clock.set("2026-11-26T10:00:00Z");
    const never = await lookup(s, { manage_token: token });
    assertEquals(never.body.manage.change_cutoff, null);
    assertEquals(never.body.manage.refusal, "CHANGE_CUTOFF_PASSED");

    // Used at the door: readable, not changeable, and said why.
    await markReservation(s.db, id, "VERIFIED");
    const used = await lookup(s, { manage_token: token });
    assertEquals(
      [used.body.manage.changeable, used.body.manage.refusal],
      [false, "TICKET_ALREADY_VERIFIED"],
    );
    await refusedUnchanged(
      s,
      () => post(s.url, "/api/reservations/cancel", { manage_token: token }),
      409,
      "TICKET_ALREADY_VERIFIED",
    );

    s.clock.set("2026-11-27T13:00:00Z"); // the slot's end
    for (
      const [path, req] of [
        ["/api/reservations/lookup", { manage_token: token }],
        ["/api/reservations/cancel", { manage_token: token }],
      ] as const
    ) {
      const gone = await refusedUnchanged(
        s,
        () => post(s.url, path, req),
        404,
        "RESERVATION_NOT_FOUND",
      );
      assertEquals(gone.body.error.details, { reason: "LINK_EXPIRED" });
    }
  },
);

testEachEngine(
  "the lookup with code and email: in full for the right email, the contract's refusals otherwise",
  async (s) => {
    const { body } = await booked(s);
    const code = body.reservation.ticket_code;
    const ok = await lookup(s, {
      ticket_code: code.toLowerCase(),
      customer_email: "ada@example.COM",
    });
    assertEquals(ok.status, 200, JSON.stringify(ok.body));
    assertEquals(ok.body.reservation.customer_email, "Ada@Example.com");
    assert(typeof ok.body.manage_token === "string");
    // The token it gives opens the same booking.
    const viaToken = await lookup(s, { manage_token: ok.body.manage_token });
    assertEquals(viaToken.body.reservation.id, body.reservation.id);

    const [fresh] = await seedTickets(s.db, 1);
    const refusals: [unknown, number, string][] = [
      [
        { ticket_code: code, customer_email: "eve@example.com" },
        404,
        "RESERVATION_NOT_FOUND",
      ],
      [
        { ticket_code: fresh, customer_email: "ada@example.com" },
        409,
        "TICKET_NOT_RESERVED",
      ],
      [
        { ticket_code: "ZZZZ-ZZZZ-ZZZZ-ZZZZ", customer_email: "a@b.co" },
        404,
        "TICKET_NOT_FOUND",
      ],
      [{ manage_token: 5 }, 400, "VALIDATION_FAILED"],
      [{ manage_token: "" }, 400, "VALIDATION_FAILED"],
      [{ manage_token: "x", ticket_code: code }, 400, "VALIDATION_FAILED"],
      [{ ticket_code: code }, 400, "VALIDATION_FAILED"],
      [[], 400, "VALIDATION_FAILED"],
    ];
    for (const [req, status, errorCode] of refusals) {
      const r = await lookup(s, req);
      assertEquals(
        [r.status, r.body?.error?.code],
        [status, errorCode],
        JSON.stringify(req),
      );
    }
    // The masked lookup by code alone is unchanged.
    const masked = await get(s.url, `/api/reservations/lookup?code=${code}`);
    assert(masked.body.reservation.customer_email.includes("***"));
  },
);

testEachEngine(
  "create refuses a slot beyond the booking horizon (before a full slot's SLOT_FULL); availability answers horizon_date",
  async (s) => {
    await setSettings(s, { booking_horizon_days: 2 });
    const last = await tomorrow(s, "12:00", 1); // 2026-11-27: today + 1
    const beyond = await s.db.query<{ id: number }>(
      `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
       VALUES (1, '2026-11-28', '12:00', '13:00', 1),
              (1, '2026-11-28', '14:00', '15:00', 1) RETURNING id`,
    );
    const [open, full] = beyond.map((r) => r.id);
    await s.db.query(
      "UPDATE reservation_slots SET booked_count = 1, status = 'FULL' WHERE id = $1",
      [full],
    );
    const [c1, c2, c3] = await seedTickets(s.db, 3);
    const create = (code: string, slot: number) =>
      post(s.url, "/api/reservations/create", {
        ticket_code: code,
        slot_id: slot,
        customer_email: "ada@example.com",
        customer_phone: "+31612345678",
      });
    for (const [code, slot] of [[c1, open], [c2, full]] as const) {
      await refusedUnchanged(
        s,
        () => create(code, slot),
        409,
        "SLOT_BEYOND_HORIZON",
      );
    }
    assertEquals((await create(c3, last)).status, 201);

    const avail = await get(s.url, "/api/reservation-slots/available?orq=1");
    assertEquals(avail.status, 200);
    assertEquals(avail.body.horizon_date, "2026-11-27");

    // A day later the same slot is within the horizon.
    s.clock.set("2026-11-27T10:00:00Z");
    const later = await create(c1, open);
    assertEquals(later.status, 201, JSON.stringify(later.body));
  },
);
