/** Properties of the door's decision over random tickets, clocks, zones and settings (fast-check). */
import { ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import {
  decideScan,
  type ScanContext,
  type ScanFacts,
} from "../../domain/scan_decision.ts";
import { TICKET_STATUSES } from "../../domain/ticket_status.ts";
import { addDays, zonedInstant, zonedNow } from "../../domain/clock.ts";
import { slotHasEnded } from "../../domain/slot_end.ts";
import { TITLES, TODAY } from "../helpers/scan_facts.ts";

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${
    String(m % 60).padStart(2, "0")
  }`;

const slot = fc.record({
  offset: fc.integer({ min: -2, max: 2 }),
  start: fc.integer({ min: 0, max: 23 * 60 + 45 }),
  length: fc.integer({ min: 15, max: 300 }),
}).map(({ offset, start, length }) => ({
  date: addDays(TODAY, offset),
  start_time: hhmm(start),
  end_time: hhmm(Math.min(start + length, 24 * 60)),
}));

const facts: fc.Arbitrary<ScanFacts> = fc.record({
  orq: fc.constantFrom(1, 1, 1, 2),
  status: fc.constantFrom(...TICKET_STATUSES),
  slot: fc.option(slot, { freq: 6 }),
  verified_at: fc.constant(new Date("2026-11-14T08:30:00Z")),
  verified_by_name: fc.constantFrom("Jane Smith", null),
  inside: fc.boolean(),
});

const window = fc.option(fc.integer({ min: 0, max: 1440 }), { freq: 2 });
const context: fc.Arbitrary<ScanContext> = fc.record({
  zone: fc.constantFrom(
    "Europe/Amsterdam",
    "America/New_York",
    "Pacific/Auckland",
    "UTC",
  ),
  minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  entryOpensMinutesBefore: window,
  entryClosesMinutesAfterStart: window,
  allowReentry: fc.boolean(),
  direction: fc.constantFrom("IN" as const, "OUT" as const),
}).map(({ zone, minute, ...rest }) => ({
  orq: 1,
  at: zonedInstant(TODAY, hhmm(minute), zone),
  timeZone: zone,
  ...rest,
}));

const noWindows = {
  entryOpensMinutesBefore: null,
  entryClosesMinutesAfterStart: null,
};

Deno.test("decision property: GREEN iff can_verify; the title follows the reason", () => {
  fc.assert(
    fc.property(facts, context, (t, c) => {
      const d = decideScan(t, c);
      strictEqual(d.can_verify, d.result === "GREEN");
      strictEqual(d.title, TITLES[d.reason]);
      ok(d.message.length > 0);
    }),
    { numRuns: 2000 },
  );
});

Deno.test("decision property: GREEN only for a reservation on entry, or a guest's own pass", () => {
  fc.assert(
    fc.property(facts, context, (t, c) => {
      const d = decideScan(t, c);
      if (d.result !== "GREEN") return;
      ok(t.orq === c.orq);
      if (d.reason === "VALID") {
        ok(t.status === "RESERVED" && c.direction !== "OUT");
      }
      if (d.reason === "REENTRY") {
        ok(t.status === "VERIFIED" && !t.inside && c.allowReentry);
      }
      if (d.reason === "EXIT") ok(t.status === "VERIFIED" && t.inside);
    }),
    { numRuns: 2000 },
  );
});

Deno.test("decision property: an exit depends only on who is inside", () => {
  fc.assert(
    fc.property(facts, context, context, (t, c1, c2) => {
      const out1 = decideScan(t, { ...c1, direction: "OUT" });
      const out2 = decideScan(t, { ...c2, direction: "OUT" });
      strictEqual(out1.reason, out2.reason);
      const inside = t.orq === 1 && t.status === "VERIFIED" && t.inside;
      strictEqual(out1.reason === "EXIT", inside);
    }),
    { numRuns: 1000 },
  );
});

Deno.test("decision property: the order EXPIRED, WRONG_DATE, TOO_EARLY, TOO_LATE, GREEN", () => {
  fc.assert(
    fc.property(facts, context, (t, c) => {
      const ticket = { ...t, orq: 1, status: "RESERVED" as const };
      const ctx = { ...c, direction: "IN" as const };
      const d = decideScan(ticket, ctx);
      if (!ticket.slot) return strictEqual(d.reason, "NO_RESERVATION");
      const now = zonedNow(ctx.at, ctx.timeZone);
      const plain = decideScan(ticket, { ...ctx, ...noWindows });
      if (slotHasEnded(ticket.slot, now)) {
        return strictEqual(d.reason, "EXPIRED");
      }
      if (ticket.slot.date !== now.date) {
        return strictEqual(d.reason, "WRONG_DATE");
      }
      // Windows alone decide between TOO_EARLY, TOO_LATE and VALID.
      strictEqual(plain.reason, "VALID");
      const start = zonedInstant(
        ticket.slot.date,
        ticket.slot.start_time,
        ctx.timeZone,
      )
        .getTime();
      const at = ctx.at.getTime();
      const opens = ctx.entryOpensMinutesBefore;
      const closes = ctx.entryClosesMinutesAfterStart;
      const early = opens !== null && at < start - opens * 60_000;
      const late = closes !== null && at >= start + closes * 60_000;
      strictEqual(d.reason, early ? "TOO_EARLY" : late ? "TOO_LATE" : "VALID");
    }),
    { numRuns: 3000 },
  );
});

Deno.test("decision property: windows never change a ticket that is not RESERVED", () => {
  fc.assert(
    fc.property(facts, context, (t, c) => {
      if (t.status === "RESERVED") return;
      strictEqual(
        decideScan(t, c).reason,
        decideScan(t, { ...c, ...noWindows }).reason,
      );
    }),
    { numRuns: 2000 },
  );
});
