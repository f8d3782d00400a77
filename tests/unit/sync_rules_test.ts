import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  conflictOf,
  countsInside,
  offlineFacts,
  scanTimeRefusal,
  syncOutcome,
} from "../../domain/sync_rules.ts";
import { decideScan, type ScanFacts } from "../../domain/scan_decision.ts";

const now = new Date("2026-11-14T10:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

Deno.test("a scan is decided up to 24 h back and 5 minutes ahead", () => {
  assertEquals(scanTimeRefusal(now, now), null);
  assertEquals(scanTimeRefusal(ago(24 * 3600_000), now), null);
  assertEquals(scanTimeRefusal(ago(24 * 3600_000 + 1), now), "SCAN_TOO_OLD");
  assertEquals(scanTimeRefusal(ago(-5 * 60_000), now), null);
  assertEquals(scanTimeRefusal(ago(-5 * 60_000 - 1), now), "SCAN_IN_FUTURE");
});

const ticket: ScanFacts = {
  orq: 1,
  status: "EXPIRED",
  slot: { date: "2026-11-14", start_time: "09:00", end_time: "10:00" },
  verified_at: null,
  verified_by_name: null,
  inside: false,
};
const rules = {
  orq: 1,
  timeZone: "UTC",
  entryOpensMinutesBefore: null,
  entryClosesMinutesAfterStart: null,
  allowReentry: false,
};

Deno.test("an expired ticket scanned inside its window is admitted; after its end it is EXPIRED", () => {
  const inside = decideScan(offlineFacts(ticket), {
    ...rules,
    at: new Date("2026-11-14T09:59:00Z"),
  });
  assertEquals(syncOutcome(inside), { outcome: "ACCEPTED", reason: "VALID" });
  const late = decideScan(offlineFacts(ticket), {
    ...rules,
    at: new Date("2026-11-14T10:00:00Z"),
  });
  assertEquals(syncOutcome(late), { outcome: "REJECTED", reason: "EXPIRED" });
  // Without a reservation it stays EXPIRED.
  assertEquals(offlineFacts({ ...ticket, slot: null }).status, "EXPIRED");
});

Deno.test("an admitted ticket is a DUPLICATE; a guest not inside cannot leave", () => {
  const verified = { ...ticket, status: "VERIFIED" as const, inside: true };
  const at = new Date("2026-11-14T09:30:00Z");
  assertEquals(
    syncOutcome(decideScan(verified, { ...rules, at })).outcome,
    "DUPLICATE",
  );
  assertEquals(
    syncOutcome(
      decideScan({ ...verified, inside: false }, {
        ...rules,
        at,
        direction: "OUT",
      }),
    ),
    { outcome: "REJECTED", reason: "NOT_INSIDE" },
  );
});

Deno.test("conflicts: only admissions the device let in that the server did not accept", () => {
  assertEquals(conflictOf("DUPLICATE", "GREEN", "IN"), "DOUBLE_ADMISSION");
  assertEquals(conflictOf("REJECTED", "GREEN", "IN"), "REFUSED_ADMISSION");
  assertEquals(conflictOf("ACCEPTED", "GREEN", "IN"), null);
  assertEquals(conflictOf("DUPLICATE", "YELLOW", "IN"), null);
  assertEquals(conflictOf("REJECTED", "RED", "IN"), null);
  assertEquals(conflictOf("REJECTED", "GREEN", "OUT"), null);
});

Deno.test("a refused admission counts inside only on the ticket's own day and a decidable instant", () => {
  const t = { status: "RESERVED" as const, slot_date: "2026-11-14" };
  assertEquals(countsInside(t, "2026-11-14", null), true);
  assertEquals(
    countsInside({ ...t, status: "EXPIRED" }, "2026-11-14", null),
    true,
  );
  assertEquals(countsInside(t, "2026-11-15", null), false);
  assertEquals(countsInside(t, "2026-11-14", "SCAN_TOO_OLD"), false);
  assertEquals(
    countsInside({ ...t, status: "VERIFIED" }, "2026-11-14", null),
    false,
  );
  assertEquals(
    countsInside({ ...t, slot_date: null }, "2026-11-14", null),
    false,
  );
});
