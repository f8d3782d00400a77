/** Staff moving a reservation: answers, versions and links, counts, audit, refusals. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  call,
  get,
  managerRoutePrincipals,
  post,
  seedSlot,
} from "../helpers/api.ts";
import { stateFingerprint } from "../helpers/state.ts";
import { expireDue } from "../../db/expiry.ts";
import {
  assertConsistent,
  auditCount,
  book,
  change,
  mailKinds,
  refusedUnchanged,
  slotState,
  tomorrow,
} from "../helpers/staff_changes.ts";

testEachEngine(
  "a manager moves a reservation: same id, new slot, new version and links, counts, mail and audit",
  async (s) => {
    const { boss } = await managerRoutePrincipals(s);
    const a = await tomorrow(s, "12:00", 1);
    const b = await tomorrow(s, "15:00", 2);
    const booked = await book(s, a);
    const id = booked.reservation.id;
    assertEquals((await slotState(s.db, a)).status, "FULL");

    const r = await change(s.url, id, "move", boss, { slot_id: b });
    assertEquals(r.status, 200, JSON.stringify(r.body));
    assertEquals(r.body.reservation.id, id);
    assertEquals(r.body.reservation.status, "RESERVED");
    assertEquals(
      r.body.reservation.ticket_code,
      booked.reservation.ticket_code,
    );
    assertEquals(r.body.reservation.slot, {
      id: b,
      date: "2026-11-27",
      start_time: "15:00",
      end_time: "16:00",
    });
    // The old place is free again (FULL was derived), the new one taken.
    assertEquals(await slotState(s.db, a), {
      booked_count: 0,
      held_count: 0,
      status: "ACTIVE",
    });
    assertEquals(await slotState(s.db, b), {
      booked_count: 1,
      held_count: 0,
      status: "ACTIVE",
    });
    await assertConsistent(s.db);

    // Version 2: new signed links; the old ones open nothing any more.
    assert(r.body.qr.png_url.endsWith("&v=2"), r.body.qr.png_url);
    assert(r.body.qr.png_url !== booked.qr.png_url);
    for (const old of [booked.qr.svg_url, booked.calendar_url]) {
      assertEquals((await get(s.url, old)).status, 404);
    }
    assertEquals((await get(s.url, r.body.qr.svg_url)).status, 200);
    const ics = await fetch(s.url + r.body.calendar_url);
    const text = await ics.text();
    assertEquals(ics.status, 200);
    assert(text.includes("DTSTART:20261127T150000Z"), text);
    assert(text.includes(`UID:reservation-${id}@timed-entry`), text);
    assert(text.includes("SEQUENCE:1"), text);

    assertEquals(await mailKinds(s.db, id), [
      "reservation.confirmation",
      "reservation.moved",
    ]);
    const [entry] = await s.db.query<
      // deno-lint-ignore no-explicit-any
      { action: string; actor_name: string; before: any; after: any }
    >(
      "SELECT action, actor_name, before::text AS before, after::text AS after FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    entry.before = JSON.parse(entry.before);
    entry.after = JSON.parse(entry.after);
    assertEquals(entry.action, "reservation.moved");
    assertEquals(entry.actor_name, "boss");
    assertEquals(entry.before.slot_id, a);
    assertEquals(entry.after.slot_id, b);
    assertEquals([entry.before.start_time, entry.after.start_time], [
      "12:00",
      "15:00",
    ]);
    assertEquals([entry.before.version, entry.after.version], [1, 2]);

    // The customer's lookup shows the new slot.
    const lookup = await get(
      s.url,
      `/api/reservations/lookup?code=${booked.reservation.ticket_code}`,
    );
    assertEquals(lookup.body.reservation.slot.id, b);

    // Back again: version 3, the slots as at first.
    const back = await change(s.url, id, "move", boss, { slot_id: a });
    assertEquals(back.status, 200);
    assert(back.body.calendar_url.endsWith("&v=3"));
    assertEquals((await slotState(s.db, a)).status, "FULL");
    assertEquals((await slotState(s.db, b)).booked_count, 0);
    await assertConsistent(s.db);
  },
);

testEachEngine(
  "moving to the slot it is in answers 200 and changes nothing",
  async (s) => {
    const { boss } = await managerRoutePrincipals(s);
    const a = await tomorrow(s, "12:00");
    const booked = await book(s, a);
    const before = await stateFingerprint(s.db);
    const audit = await auditCount(s.db);
    const r = await change(s.url, booked.reservation.id, "move", boss, {
      slot_id: a,
    });
    assertEquals(r.status, 200);
    assertEquals(r.body.qr.png_url, booked.qr.png_url);
    assertEquals(await stateFingerprint(s.db), before);
    assertEquals(await auditCount(s.db), audit);
  },
);

testEachEngine(
  "a move's target is judged as for a booking, with no cut-off or horizon; refusals change nothing",
  async (s) => {
    const { boss, org2 } = await managerRoutePrincipals(s);
    const a = await tomorrow(s, "12:00");
    const id = (await book(s, a)).reservation.id;
    const full = await tomorrow(s, "13:00", 1);
    await book(s, full);
    const roomy = await tomorrow(s, "14:00", 5);
    const closed = await tomorrow(s, "15:00", 5, { status: "CLOSED" });
    const ended = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "08:00",
      end: "09:00",
    });
    const foreign = await tomorrow(s, "16:00", 5, { orq: org2 });
    const move = (slot_id: number) => () =>
      change(s.url, id, "move", boss, { slot_id });

    const r = await refusedUnchanged(s, move(full), 409, "SLOT_FULL");
    const alternatives = r.body.error.details.alternatives;
    assert(alternatives.some((x: { id: number }) => x.id === roomy));
    assert(alternatives.every((x: { id: number }) => x.id !== closed));
    assertEquals(Object.keys(alternatives[0]).sort(), [
      "available_count",
      "date",
      "end_time",
      "id",
      "start_time",
    ]);
    await refusedUnchanged(s, move(closed), 409, "SLOT_CLOSED");
    await refusedUnchanged(s, move(ended), 409, "SLOT_IN_PAST");
    await refusedUnchanged(s, move(foreign), 404, "SLOT_NOT_FOUND");
    await refusedUnchanged(s, move(999_999), 404, "SLOT_NOT_FOUND");
    await refusedUnchanged(
      s,
      () => change(s.url, id, "move", boss, { slot_id: "x" }),
      400,
      "VALIDATION_FAILED",
    );
    await refusedUnchanged(
      s,
      () => change(s.url, id, "move", boss, { slot_id: a, extra: 1 }),
      400,
      "VALIDATION_FAILED",
    );

    // Staff are not bound by the horizon (default 90 days) or the cut-off:
    // a slot a year ahead, and one starting in 30 minutes, both take it.
    const far = await seedSlot(s.db, {
      date: "2027-11-26",
      start: "10:00",
      end: "11:00",
    });
    assertEquals((await move(far)()).status, 200);
    const soon = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "10:30",
      end: "11:30",
    });
    assertEquals((await move(soon)()).status, 200);
    // A slot that has started but not ended is bookable.
    const started = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "09:30",
      end: "10:30",
    });
    assertEquals((await move(started)()).status, 200);
    await assertConsistent(s.db);
  },
);

testEachEngine(
  "only RESERVED reservations move: VERIFIED 409, EXPIRED 410, CANCELLED 404, unknown 404",
  async (s) => {
    const { boss, door } = await managerRoutePrincipals(s);
    const target = await tomorrow(s, "12:00");
    // Verified at the door today.
    const today = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "10:00",
      end: "11:00",
    });
    const verified = await book(s, today);
    const v = await post(s.url, "/api/operator/verify-ticket", {
      code: verified.reservation.ticket_code,
    }, door);
    assertEquals(v.status, 200, JSON.stringify(v.body));
    await refusedUnchanged(
      s,
      () =>
        change(s.url, verified.reservation.id, "move", boss, {
          slot_id: target,
        }),
      409,
      "TICKET_ALREADY_VERIFIED",
    );
    await refusedUnchanged(
      s,
      () => change(s.url, verified.reservation.id, "cancel", boss),
      409,
      "TICKET_ALREADY_VERIFIED",
    );

    // Expired by the expiry job once its slot ended.
    const short = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "10:05",
      end: "10:30",
    });
    const expired = await book(s, short);
    s.clock.set("2026-11-26T10:45:00Z");
    await expireDue(s.db, { instant: s.clock() });
    for (const action of ["move", "cancel"] as const) {
      await refusedUnchanged(
        s,
        () =>
          change(s.url, expired.reservation.id, action, boss, {
            ...(action === "move" ? { slot_id: target } : {}),
          }),
        410,
        "TICKET_EXPIRED",
      );
    }

    // Cancelled by staff: gone for move, cancel and resend.
    const gone = await book(s, target);
    assertEquals(
      (await change(s.url, gone.reservation.id, "cancel", boss)).status,
      200,
    );
    const other = await tomorrow(s, "14:00");
    for (const action of ["move", "cancel", "resend"] as const) {
      await refusedUnchanged(
        s,
        () =>
          change(s.url, gone.reservation.id, action, boss, {
            ...(action === "move" ? { slot_id: other } : {}),
          }),
        404,
        "RESERVATION_NOT_FOUND",
      );
    }
    for (const path of ["999999", "0", "abc", "99999999999"]) {
      await refusedUnchanged(
        s,
        () =>
          post(
            s.url,
            `/api/reservations/${path}/move`,
            { slot_id: other },
            boss,
          ),
        404,
        "RESERVATION_NOT_FOUND",
      );
    }
    await assertConsistent(s.db);
  },
);

testEachEngine(
  "roles: operators 403, anonymous 401, another organization's manager 404; admins and the platform admin may",
  async (s) => {
    const p = await managerRoutePrincipals(s);
    const a = await tomorrow(s, "12:00");
    const b = await tomorrow(s, "13:00");
    const id = (await book(s, a)).reservation.id;
    for (const action of ["move", "cancel", "resend"] as const) {
      const body = action === "move" ? { slot_id: b } : {};
      await refusedUnchanged(
        s,
        () => change(s.url, id, action, p.door, body),
        403,
        "FORBIDDEN",
      );
      await refusedUnchanged(
        s,
        () => change(s.url, id, action, undefined, body),
        401,
        "UNAUTHORIZED",
      );
      await refusedUnchanged(
        s,
        () => change(s.url, id, action, p.otherBoss, body),
        404,
        "RESERVATION_NOT_FOUND",
      );
      // Signed in by cookie without a JSON body: refused.
      await refusedUnchanged(
        s,
        () =>
          call(s.url, "POST", `/api/reservations/${id}/${action}`, {
            raw: "slot_id=1",
            headers: {
              cookie: `te_token=${p.boss}`,
              "content-type": "application/x-www-form-urlencoded",
            },
          }),
        403,
        "FORBIDDEN",
      );
    }
    assertEquals(
      (await change(s.url, id, "move", p.admin, { slot_id: b })).status,
      200,
    );
    assertEquals(
      (await change(s.url, id, "move", p.root, { slot_id: a })).status,
      200,
    );
    assertEquals((await change(s.url, id, "resend", p.root)).status, 202);
    await assertConsistent(s.db);
  },
);
