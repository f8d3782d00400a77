/**
 * Bookings of several reservations answer as create does: the venue's
 * `organization` block, a `manage_token` per reservation that opens its
 * manage page, and national phones read in the venue's country
 * (create-group and waitlist claims). A repeated claim of several places
 * answers the first claim's `group_id`.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import { post, seedSlot, seedTickets } from "../helpers/api.ts";
import { cancel } from "../helpers/customer_changes.ts";
import { claim, fullSlot, join, offerToken } from "../helpers/waitlist.ts";
import { groupAnswer } from "../../routes/openapi/reservation_group_operations.ts";
import { waitlistClaimed } from "../../routes/openapi/waitlist_operations.ts";

const VENUE = "Museum of Light";

async function brand(s: TestServer) {
  await s.db.query(
    `UPDATE organizations SET name = $1, address = 'Lichtstraat 1',
            country = 'NL' WHERE orq = 1`,
    [VENUE],
  );
  s.deps.orgs.forget(1);
}

/** Each reservation's manage token opens its own booking. */
async function assertManageTokens(
  s: TestServer,
  items: { reservation: { id: number }; manage_token: string }[],
) {
  for (const item of items) {
    assert(item.manage_token, JSON.stringify(item));
    const r = await post(s.url, "/api/reservations/lookup", {
      manage_token: item.manage_token,
    });
    assertEquals(r.status, 200, JSON.stringify(r.body));
    assertEquals(r.body.reservation.id, item.reservation.id);
  }
}

testEachEngine(
  "create-group answers the venue, a manage token per reservation, and reads a national phone",
  async (s) => {
    await brand(s);
    const slot = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
    });
    const codes = await seedTickets(s.db, 2);
    const r = await post(s.url, "/api/reservations/create-group", {
      ticket_codes: codes,
      slot_id: slot,
      customer_email: "group@example.com",
      customer_phone: "06 1234 5678",
    });
    assertEquals(r.status, 201, JSON.stringify(r.body));
    const parsed = groupAnswer.safeParse(r.body);
    assert(parsed.success, JSON.stringify(parsed.error?.issues));
    assertEquals(r.body.organization.name, VENUE);
    assertEquals(r.body.organization.country, "NL");
    assertEquals(
      r.body.reservations.map((
        x: { reservation: { customer_phone: string } },
      ) => x.reservation.customer_phone),
      ["+31612345678", "+31612345678"],
    );
    await assertManageTokens(s, r.body.reservations);
  },
);

testEachEngine(
  "a claim answers the venue and manage tokens, reads a national phone, and a repeat answers the same group_id",
  async (s) => {
    await brand(s);
    const { slot, codes } = await fullSlot(s, 2);
    const [a, b] = await seedTickets(s.db, 2);
    const joined = await join(s, [a, b], slot, "pair@example.com");
    assertEquals(joined.status, 201, JSON.stringify(joined.body));
    const entry = joined.body.waitlist.id;
    assertEquals((await cancel(s, codes[0], "guest0@example.com")).status, 200);
    assertEquals((await cancel(s, codes[1], "guest1@example.com")).status, 200);
    const token = await offerToken(s.db, entry);
    assert(token, "an offer for both places");

    const first = await claim(s, token, "06 1111 2222");
    assertEquals(first.status, 201, JSON.stringify(first.body));
    const parsed = waitlistClaimed.safeParse(first.body);
    assert(parsed.success, JSON.stringify(parsed.error?.issues));
    assertEquals(first.body.organization.name, VENUE);
    assert(first.body.group_id, "several places: one group");
    assertEquals(
      first.body.reservations.map((
        x: { reservation: { customer_phone: string } },
      ) => x.reservation.customer_phone),
      ["+31611112222", "+31611112222"],
    );
    await assertManageTokens(s, first.body.reservations);

    const again = await claim(s, token, "06 1111 2222");
    assertEquals(again.status, 200, JSON.stringify(again.body));
    assertEquals(again.body.group_id, first.body.group_id);
    assertEquals(
      again.body.reservations.map((x: { reservation: unknown }) =>
        x.reservation
      ),
      first.body.reservations.map((x: { reservation: unknown }) =>
        x.reservation
      ),
    );
    assertEquals(again.body.organization.name, VENUE);
  },
);
